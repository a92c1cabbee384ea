// The shell of every action page (web/<page>/main.ts calls startPage): the top bar (product, navigation for the
// user's role, who is signed in, language, sign out), the sign-in form, a status line and an error area, and
// <body data-state="signed-out|loading|ready|error"> for tests and styles. The page supplies its texts in both
// languages and a render(context) that returns its content; the context calls the API with the user's token and
// shows the server's refusals (problem+json) where they belong. Runs under the strict CSP: DOM built with h() only.
import { api, ApiError, AuthError, token } from './api.js';
import type { Me } from './api-types.js';
import { h, replace } from './dom.js';
import { clearFieldErrors, formSummary, showFieldErrors } from './forms.js';
import { NAV } from './nav.js';
import { labelOf, SHELL_TEXT, type Language, type Role, type ShellText } from './shell-text.js';

/** What every page's texts hold; the rest is the page's own. */
export interface PageTexts {
  /** The page's heading and the window title. */
  title: string;
  /** Above a refused form whose every bad field is marked: "correct the fields marked below". */
  fixFields?: string;
}

export interface PageModule<T extends PageTexts> {
  /** The page's name: served at /app/<name>, marked current in the navigation (web/shared/nav.ts). */
  name: string;
  texts: Readonly<Record<Language, T>>;
  /** Reads what it needs through context.api and returns the page's content; called again by context.reload(). */
  render(context: PageContext<T>): Promise<Node | readonly Node[]>;
}

/** What an action returns: a notice for the status line once the page has been drawn again (or nothing). */
export type ActionResult = string | undefined | void;

export interface PageContext<T extends PageTexts> {
  readonly me: Me;
  readonly role: Role;
  readonly lang: Language;
  /** The page's texts in the language shown. */
  readonly x: T;
  /** The shell's shared words (roles, levels, statuses, pickers). */
  readonly shell: ShellText;
  /** The address's parameters as they are now (a copy: change them with setParams). */
  readonly params: URLSearchParams;
  /** Sets (or, with null/undefined/'', removes) parameters of the address, without loading again. */
  setParams(values: Readonly<Record<string, string | null | undefined>>): void;
  /** The address of a page with these parameters, in the language shown. */
  href(path: string, values?: Readonly<Record<string, string | null | undefined>>): string;
  /** The JSON API with the user's token (web/shared/api.ts). */
  api: typeof api;
  /** The bureau may act for every office; office staff for their own; viewers for none. */
  canWrite(officeId: string): boolean;
  readonly isBureau: boolean;
  /**
   * Makes a form an action: on submit, `run` sends it (FormData, and the button that submitted it); then the page is
   * drawn again with the notice `run` returns. A refusal is shown in the form: each errors[] item next to the
   * control whose data-path is its path (the first focused), the rest above the form.
   */
  action(
    form: HTMLFormElement,
    run: (data: FormData, submitter: HTMLButtonElement | null) => Promise<ActionResult>,
  ): HTMLFormElement;
  /** Shows a refusal: in `form` as action() does, else in the page's error area; a 401 returns to sign-in. */
  showProblem(error: unknown, form?: HTMLFormElement): void;
  /** Draws the page again (reading the API again), with a notice in the status line. */
  reload(notice?: string): Promise<void>;
}

export type PageState = 'signed-out' | 'loading' | 'ready' | 'error';

interface Parts {
  title: HTMLElement;
  product: HTMLElement;
  nav: HTMLElement;
  who: HTMLElement;
  langToggle: HTMLButtonElement;
  signOut: HTMLButtonElement;
  signIn: HTMLElement;
  signInTitle: HTMLElement;
  signInHint: HTMLElement;
  tokenLabel: HTMLElement;
  tokenInput: HTMLInputElement;
  signInButton: HTMLButtonElement;
  signInError: HTMLElement;
  statusLine: HTMLElement;
  error: HTMLElement;
  root: HTMLElement;
}

/** The page's fixed parts, built once (the page's HTML holds only the links to its files). */
function buildShell(): Parts {
  const parts: Parts = {
    title: h('h1', { id: 'page-title' }),
    product: h('span', { class: 'product', id: 'product' }),
    nav: h('nav', { class: 'nav', id: 'nav', hidden: true }),
    who: h('span', { class: 'who', id: 'who' }),
    langToggle: h('button', { type: 'button', id: 'lang-toggle' }),
    signOut: h('button', { type: 'button', id: 'sign-out', hidden: true }),
    signIn: h('section', { class: 'panel sign-in', id: 'sign-in', hidden: true }),
    signInTitle: h('h2', { id: 'sign-in-title' }),
    signInHint: h('p', { id: 'sign-in-hint' }),
    tokenLabel: h('label', { for: 'token-input', id: 'token-label' }),
    tokenInput: h('input', {
      id: 'token-input',
      name: 'token',
      type: 'password',
      required: true,
      spellcheck: 'false',
      autocomplete: 'off',
    }),
    signInButton: h('button', { type: 'submit', id: 'sign-in-button' }),
    signInError: h('p', { id: 'sign-in-error', class: 'error', role: 'alert', hidden: true }),
    statusLine: h('p', { id: 'status-line', class: 'status-line', role: 'status' }),
    error: h('p', { id: 'error', class: 'error', role: 'alert', hidden: true }),
    root: h('div', { id: 'page', class: 'page', hidden: true }),
  };
  parts.signIn.append(
    parts.signInTitle,
    parts.signInHint,
    h('form', { id: 'sign-in-form', autocomplete: 'off' }, parts.tokenLabel, parts.tokenInput, parts.signInButton),
    parts.signInError,
  );
  document.body.replaceChildren(
    h(
      'header',
      { class: 'topbar' },
      parts.product,
      parts.nav,
      h('div', { class: 'topbar-controls' }, parts.who, parts.langToggle, parts.signOut),
    ),
    h('main', {}, parts.title, parts.signIn, parts.statusLine, parts.error, parts.root),
  );
  return parts;
}

/** Starts a page: call once from web/<page>/main.ts. */
export function startPage<T extends PageTexts>(page: PageModule<T>): void {
  const initial = new URLSearchParams(window.location.search);
  const state: { lang: Language; me: Me | null; seq: number } = {
    lang: initial.get('lang') === 'en' ? 'en' : 'zh-CN',
    me: null,
    /** Bumped by every load and by signing out: an answer to an older load is dropped. */
    seq: 0,
  };
  const parts = buildShell();
  const shell = (): ShellText => SHELL_TEXT[state.lang];
  const x = (): T => page.texts[state.lang];
  document.body.dataset.page = page.name;

  const setState = (value: PageState): void => {
    document.body.dataset.state = value;
  };

  const setParams = (values: Readonly<Record<string, string | null | undefined>>): void => {
    const q = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(values)) {
      if (value) q.set(key, value);
      else q.delete(key);
    }
    const text = q.toString();
    history.replaceState(null, '', `${window.location.pathname}${text ? `?${text}` : ''}`);
  };

  const href = (path: string, values: Readonly<Record<string, string | null | undefined>> = {}): string => {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value) q.set(key, value);
    if (state.lang === 'en') q.set('lang', 'en');
    const text = q.toString();
    return `${path}${text ? `?${text}` : ''}`;
  };

  function applyShellText(): void {
    const s = shell();
    document.documentElement.lang = state.lang;
    document.title = `${x().title} · ${s.product}`;
    parts.title.textContent = x().title;
    parts.product.textContent = s.product;
    parts.nav.setAttribute('aria-label', s.navLabel);
    parts.langToggle.textContent = s.langToggle;
    parts.langToggle.setAttribute('lang', state.lang === 'en' ? 'zh-CN' : 'en');
    parts.signOut.textContent = s.signOut;
    parts.signInTitle.textContent = s.signInTitle;
    parts.signInHint.textContent = s.signInHint;
    parts.tokenLabel.textContent = s.tokenLabel;
    parts.signInButton.textContent = s.signInButton;
  }

  /** The navigation for the role: every entry of web/shared/nav.ts the role may see, the current one marked. */
  function renderNav(role: Role): void {
    const current = new URLSearchParams(window.location.search);
    const county = role !== 'office-staff';
    const items = NAV.filter((entry) => entry.roles.includes(role)).map((entry) => {
      const label = (county && entry.countyLabel ? entry.countyLabel : entry.label)[state.lang];
      const kept = Object.fromEntries(entry.keep.map((key) => [key, current.get(key)]));
      const here = entry.page === page.name;
      return h(
        'li',
        {},
        h('a', { href: href(entry.href, kept), 'data-page': entry.page, 'aria-current': here ? 'page' : null }, label),
      );
    });
    replace(parts.nav, h('ul', {}, items));
    parts.nav.hidden = false;
  }

  function showSignIn(message?: string, kind: 'error' | 'notice' = 'error'): void {
    state.me = null;
    setState('signed-out');
    parts.root.hidden = true;
    replace(parts.root);
    parts.nav.hidden = true;
    parts.signOut.hidden = true;
    parts.who.textContent = '';
    parts.statusLine.textContent = '';
    parts.error.hidden = true;
    parts.signIn.hidden = false;
    parts.signInError.textContent = message ?? '';
    parts.signInError.className = kind;
    parts.signInError.hidden = !message;
    parts.tokenInput.focus();
  }

  function pageError(message: string): void {
    parts.error.textContent = message;
    parts.error.hidden = false;
  }

  /** What the user is told when a request failed for another reason than the token. */
  function failureMessage(error: unknown): string {
    const s = shell();
    if (error instanceof ApiError) return error.status ? s.httpError(error.status, error.message) : s.networkError;
    return error instanceof Error ? error.message : String(error);
  }

  function showProblem(error: unknown, form?: HTMLFormElement): void {
    if (error instanceof AuthError) {
      token.clear();
      state.seq++;
      showSignIn(error.message || undefined);
      return;
    }
    if (!form || !(error instanceof ApiError) || error.status === 0) {
      pageError(failureMessage(error));
      if (!form) setState('error');
      return;
    }
    const summary = formSummary(form);
    const unplaced = showFieldErrors(form, error.errors);
    const placedAll = error.errors.length > 0 && unplaced.length === 0;
    summary.textContent = `${shell().refused}${placedAll ? (x().fixFields ?? error.message) : error.message}`;
    summary.hidden = false;
    if (!placedAll) {
      summary.tabIndex = -1;
      summary.focus();
    }
  }

  function action(
    form: HTMLFormElement,
    run: (data: FormData, submitter: HTMLButtonElement | null) => Promise<ActionResult>,
  ): HTMLFormElement {
    // The server is the one judge of what is valid: its own messages are shown at the fields (required stays for
    // assistive technology).
    form.noValidate = true;
    formSummary(form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (form.getAttribute('aria-busy') === 'true') return;
      const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
      const buttons = [...form.querySelectorAll('button')];
      clearFieldErrors(form);
      form.setAttribute('aria-busy', 'true');
      for (const button of buttons) button.disabled = true;
      parts.statusLine.textContent = shell().working;
      void (async () => {
        try {
          const notice = await run(new FormData(form), submitter);
          await load(notice ?? undefined);
        } catch (error) {
          parts.statusLine.textContent = '';
          showProblem(error, form);
        } finally {
          form.removeAttribute('aria-busy');
          for (const button of buttons) button.disabled = false;
        }
      })();
    });
    return form;
  }

  function context(me: Me): PageContext<T> {
    const role = me.role as Role;
    return {
      me,
      role,
      lang: state.lang,
      x: x(),
      shell: shell(),
      params: new URLSearchParams(window.location.search),
      setParams,
      href,
      api,
      canWrite: (officeId) => role === 'bureau-admin' || (role === 'office-staff' && me.officeId === officeId),
      isBureau: role === 'bureau-admin',
      action,
      showProblem,
      reload: (notice) => load(notice),
    };
  }

  async function load(notice?: string): Promise<void> {
    const seq = ++state.seq;
    const s = shell();
    setState('loading');
    parts.signIn.hidden = true;
    parts.error.hidden = true;
    parts.statusLine.textContent = s.loading;
    try {
      const me = await api<Me>('/me');
      if (seq !== state.seq) return;
      state.me = me;
      parts.signOut.hidden = false;
      parts.who.textContent = s.signedInAs(me.name, labelOf(s.roles, me.role));
      renderNav(me.role as Role);
      const content = await page.render(context(me));
      if (seq !== state.seq) return;
      renderNav(me.role as Role); // again: the page may have set the campaign and office it shows
      replace(parts.root, content);
      parts.root.hidden = false;
      const time = new Date().toLocaleTimeString(state.lang, { hour12: false });
      parts.statusLine.textContent = [notice, s.updatedAt(time)].filter(Boolean).join(' · ');
      setState('ready');
    } catch (error) {
      if (seq !== state.seq) return;
      parts.statusLine.textContent = '';
      if (!(error instanceof AuthError)) {
        parts.root.hidden = true;
        replace(parts.root);
      }
      showProblem(error);
    }
  }

  parts.signIn.querySelector('form')?.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = parts.tokenInput.value.trim();
    if (!value) return;
    token.set(value);
    parts.tokenInput.value = '';
    void load();
  });
  parts.signOut.addEventListener('click', () => {
    token.clear();
    state.seq++;
    showSignIn(shell().signedOut, 'notice');
  });
  parts.langToggle.addEventListener('click', () => {
    state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
    setParams({ lang: state.lang === 'en' ? 'en' : null });
    applyShellText();
    if (token.get()) void load();
    else showSignIn();
  });

  applyShellText();
  if (token.get()) void load();
  else showSignIn();
}
