// The status board. A static page: every figure comes from the JSON API with the signed-in user's bearer token.
// The page runs under a strict Content-Security-Policy (no inline script or style, no eval, same origin only):
// the DOM is built with createElement and text nodes only (web/shared/dom.ts), colours come from CSS classes.
import { api, ApiError, AuthError, query, token } from '../shared/api.js';
import type { Campaign, Me } from '../shared/api-types.js';
import { byId, h, replace } from '../shared/dom.js';
import type {
  CampaignStatus,
  CommitmentProgress,
  LateList,
  MailLogPage,
  NextMails,
  ReportingRates,
} from './api-types.js';
import { renderCommitments, renderGrid, renderLate, renderLegend, renderMails, renderUncertain } from './sections.js';
import { labelFor, TEXT, type BoardText, type Language } from './text.js';
import { renderTimeline } from './timeline.js';
import type { View } from './view.js';

const params = new URLSearchParams(window.location.search);
const state: { lang: Language; campaignId: string | null; asOf: string | null; loadSeq: number } = {
  lang: params.get('lang') === 'en' ? 'en' : 'zh-CN',
  campaignId: params.get('campaign'),
  asOf: params.get('asOf'),
  /** Bumped by every load and by signing out: an answer to an older load is dropped. */
  loadSeq: 0,
};
const t = (): BoardText => TEXT[state.lang];
const view = (): View => ({ x: t(), lang: state.lang, asOf: state.asOf });

function syncUrl(): void {
  const q = new URLSearchParams(window.location.search);
  if (state.lang === 'en') q.set('lang', 'en');
  else q.delete('lang');
  if (state.campaignId) q.set('campaign', state.campaignId);
  const text = q.toString();
  history.replaceState(null, '', `${window.location.pathname}${text ? `?${text}` : ''}`);
}

/** signed-out | loading | ready | error, on <body data-state>: what the page is doing, for tests and styles. */
function setPageState(value: 'signed-out' | 'loading' | 'ready' | 'error'): void {
  document.body.dataset.state = value;
}

/** The labels of the static shell, in the current language. */
function applyShellText(): void {
  const x = t();
  document.documentElement.lang = state.lang;
  document.title = x.title;
  byId('title').textContent = x.title;
  byId('campaign-label').textContent = x.campaign;
  byId('refresh').textContent = x.refresh;
  const toggle = byId('lang-toggle');
  toggle.textContent = x.langToggle;
  toggle.setAttribute('lang', state.lang === 'en' ? 'zh-CN' : 'en');
  byId('sign-out').textContent = x.signOut;
  byId('sign-in-title').textContent = x.signInTitle;
  byId('sign-in-hint').textContent = x.signInHint;
  byId('token-label').textContent = x.tokenLabel;
  byId('sign-in-button').textContent = x.signInButton;
  byId('timeline-title').textContent = x.timelineTitle;
  byId('grid-title').textContent = x.gridTitle;
  byId('late-title').textContent = x.lateTitle;
  byId('commitments-title').textContent = x.commitmentsTitle;
  byId('mails-title').textContent = x.mailsTitle;
}

/** The sign-in form; `message` is the API's reason (an error) or a notice such as "signed out". */
function showSignIn(message?: string, kind: 'error' | 'notice' = 'error'): void {
  setPageState('signed-out');
  byId('board').hidden = true;
  byId('sign-out').hidden = true;
  byId('refresh').hidden = true;
  byId('campaign-picker').hidden = true;
  byId('who').textContent = '';
  byId('status-line').textContent = '';
  byId('error').hidden = true;
  byId('sign-in').hidden = false;
  const error = byId('sign-in-error');
  error.textContent = message ?? '';
  error.className = kind;
  error.hidden = !message;
  byId('token-input').focus();
}

function showError(message: string): void {
  const error = byId('error');
  error.textContent = message;
  error.hidden = false;
}

/** The local date (YYYY-MM-DD) of an instant in the campaign's time zone. */
function localDateIn(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(ms))
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}`;
}

function renderCampaignPicker(campaigns: Campaign[]): void {
  const x = t();
  replace(
    byId('campaign-select', HTMLSelectElement),
    campaigns.map((c) =>
      h(
        'option',
        { value: c.id, selected: c.id === state.campaignId },
        `${x.campaignLine(c.name, labelFor(x.campaignStatus, c.status) ?? c.status)} · ${c.year}`,
      ),
    ),
  );
  byId('campaign-picker').hidden = campaigns.length < 2;
}

/** The campaign in the address, else the newest running one, else the newest; none when there is none. */
function pickCampaign(campaigns: Campaign[]): Campaign | undefined {
  const named = campaigns.find((c) => c.id === state.campaignId);
  if (named) return named;
  const running = campaigns.filter((c) => c.status === 'running');
  return running[running.length - 1] ?? campaigns[campaigns.length - 1];
}

/** What the user is told when loading failed for another reason than the token. */
function failureMessage(error: unknown, x: BoardText): string {
  if (error instanceof ApiError) return error.status ? x.httpError(error.status, error.message) : x.networkError;
  return error instanceof Error ? error.message : String(error);
}

/** Reads every view of the chosen campaign and draws the board; an answer to an older load is dropped. */
async function load(): Promise<void> {
  const seq = ++state.loadSeq;
  const x = t();
  setPageState('loading');
  byId('sign-in').hidden = true;
  byId('error').hidden = true;
  byId('status-line').textContent = x.loading;
  try {
    const [me, campaigns] = await Promise.all([api<Me>('/me'), api<Campaign[]>('/campaigns')]);
    if (seq !== state.loadSeq) return;
    byId('sign-out').hidden = false;
    byId('refresh').hidden = false;
    const role = labelFor(x.roles, me.role) ?? me.role;
    byId('who').textContent = x.signedInAs(me.name, role) + (me.role === 'office-staff' ? ` · ${x.ownOffice}` : '');
    const campaign = pickCampaign(campaigns);
    if (!campaign) {
      byId('board').hidden = true;
      byId('status-line').textContent = x.noCampaign;
      setPageState('ready');
      return;
    }
    state.campaignId = campaign.id;
    syncUrl();
    renderCampaignPicker(campaigns);
    const base = `/campaigns/${encodeURIComponent(campaign.id)}`;
    const asOf = state.asOf ?? undefined;
    const [status, rates, late, progress, mails, uncertain] = await Promise.all([
      api<CampaignStatus>(`${base}/status${query({ asOf })}`),
      api<ReportingRates>(`${base}/reporting-rates${query({ asOf })}`),
      api<LateList>(`${base}/late${query({ asOf, lang: state.lang })}`),
      api<CommitmentProgress>(`${base}/commitment-progress`),
      api<NextMails>(`${base}/next-mails${query({ asOf, lang: state.lang, limit: '20' })}`),
      api<MailLogPage>(`/mail-log${query({ campaignId: campaign.id, state: 'uncertain', limit: '1' })}`),
    ]);
    if (seq !== state.loadSeq) return;
    const shown = view();
    renderTimeline(status, shown);
    renderLegend(shown);
    renderGrid(rates, shown);
    renderLate(late, shown);
    renderCommitments(progress, shown);
    renderMails(mails, shown);
    renderUncertain(uncertain, shown);
    const time = new Date().toLocaleTimeString(state.lang, { hour12: false });
    const timeZone = campaign.template.timeZone || 'Asia/Shanghai';
    const parts = [
      x.campaignLine(campaign.name, labelFor(x.campaignStatus, campaign.status) ?? campaign.status),
      x.updatedAt(time),
      state.asOf ? x.asOf(localDateIn(Date.parse(state.asOf), timeZone)) : null,
    ];
    byId('status-line').textContent = parts.filter(Boolean).join(' · ');
    byId('board').hidden = false;
    setPageState('ready');
  } catch (error) {
    if (seq !== state.loadSeq) return;
    if (error instanceof AuthError) {
      token.clear();
      showSignIn(error.message || undefined);
      return;
    }
    byId('status-line').textContent = '';
    showError(failureMessage(error, x));
    setPageState('error');
  }
}

function start(): void {
  applyShellText();
  byId('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId('token-input', HTMLInputElement);
    const value = input.value.trim();
    if (!value) return;
    token.set(value);
    input.value = '';
    void load();
  });
  byId('sign-out').addEventListener('click', () => {
    token.clear();
    state.loadSeq++;
    showSignIn(t().signedOut, 'notice');
  });
  byId('refresh').addEventListener('click', () => void load());
  byId('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
    syncUrl();
    applyShellText();
    if (token.get()) void load();
    else showSignIn();
  });
  const select = byId('campaign-select', HTMLSelectElement);
  select.addEventListener('change', () => {
    state.campaignId = select.value;
    void load();
  });
  syncUrl();
  if (token.get()) void load();
  else showSignIn();
}

start();
