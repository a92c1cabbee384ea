import sparticuz from '@sparticuz/chromium';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Download, type Locator, type Page } from 'playwright-core';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../infra/config.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { testApp, type TestApp } from './app.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

/** Where the browser tests leave their screenshots (git-ignored). */
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

export interface Viewport {
  width: number;
  height: number;
}
/** The office PC the pages are laid out for, and a phone. */
export const DESKTOP: Viewport = { width: 1366, height: 768 };
export const PHONE: Viewport = { width: 390, height: 844 };

/**
 * Headless Chromium from the npm registry (@sparticuz/chromium, unpacked to the temp dir at first use),
 * driven by playwright-core: no system browser, nothing downloaded.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await sparticuz.executablePath(),
    // Not the package's own list: it turns web security off, and these tests check the pages' CSP.
    args: ['--no-sandbox', '--no-zygote', '--use-gl=angle', '--use-angle=swiftshader'],
    headless: true,
  });
}

/**
 * For pages opened from a file (the simulation report): the Chinese font the API serves to its own
 * pages, from the same npm package, so a screenshot shows the labels instead of boxes.
 */
export async function addChineseFont(page: Page): Promise<void> {
  const dir = path.dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json'));
  const files = pathToFileURL(path.join(dir, 'files')).href;
  const face = (weight: number) =>
    `@font-face { font-family: 'Noto Sans SC'; font-weight: ${weight}; src: url(${files}/noto-sans-sc-chinese-simplified-${weight}-normal.woff2) format('woff2'); }`;
  await page.addStyleTag({
    content: `${face(400)} ${face(700)} body, body * { font-family: 'Noto Sans SC', sans-serif !important; }`,
  });
}

/**
 * The policy the pages are built for. Tests add it to whatever policy the API sends (a browser enforces every policy
 * it is given), so a page is checked against it even if the API's own policy changes.
 */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/** Every response of the API at `base` carries STRICT_CSP too, in this page or in every page of this context. */
export async function enforceStrictCsp(target: Page | BrowserContext, base: string): Promise<void> {
  await target.route(`${base}/**`, async (route) => {
    try {
      const response = await route.fetch();
      const sent = response.headers()['content-security-policy'];
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': sent ? `${sent}, ${STRICT_CSP}` : STRICT_CSP },
      });
    } catch (error) {
      // The page or its context was closed while a request was on its way or being answered (a font at the end of
      // a test): nothing is left to serve.
      if (/disposed|closed/i.test(String(error))) return;
      throw error;
    }
  });
}

export interface PageErrors {
  errors: string[];
  expectStatus(status: number): void;
  pending(): number[];
}

/**
 * Console errors and uncaught exceptions of a page (a CSP violation is one), except the refusals a test provokes on
 * purpose: `expectStatus(422)` lets the next "status of 422" console error pass.
 */
export function watchPageErrors(page: Page): PageErrors {
  const errors: string[] = [];
  const expected: number[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const status = /status of (\d{3})/.exec(message.text())?.[1];
    const index = status ? expected.indexOf(Number(status)) : -1;
    if (index >= 0) expected.splice(index, 1);
    else errors.push(message.text());
  });
  return { errors, expectStatus: (status) => void expected.push(status), pending: () => [...expected] };
}

/** The API of `app` listening on loopback at a port of its own; its address, `http://127.0.0.1:<port>`. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export interface RecordingTemporal {
  client: Client;
  /** the ids of the workflows started */
  started: string[];
  /** `<workflowId> <signal name>`, in the order sent */
  signalled: string[];
}

/**
 * Temporal as far as the pages reach it: the workflows started and the signals sent are recorded, and no workflow
 * runs. Given `noStart`, starting a workflow fails with that message instead (a page that must not start one).
 */
export function recordingTemporal(noStart?: string): RecordingTemporal {
  const started: string[] = [];
  const signalled: string[] = [];
  const client = {
    workflow: {
      start: (_type: unknown, options: { workflowId: string }) => {
        if (noStart !== undefined) return Promise.reject(new Error(noStart));
        started.push(options.workflowId);
        return Promise.resolve({ workflowId: options.workflowId });
      },
      getHandle: (workflowId: string) => ({
        signal: (signal: { name?: string } | string) => {
          signalled.push(`${workflowId} ${typeof signal === 'string' ? signal : (signal.name ?? '')}`);
          return Promise.resolve();
        },
      }),
    },
  } as unknown as Client;
  return { client, started, signalled };
}

export interface PagesApp extends TestApp {
  db: TestDatabase;
  mailer: Mailer;
  /** where the API listens: `http://127.0.0.1:<port>` */
  base: string;
  close(): Promise<void>;
}

/**
 * The API the pages are opened on: a fresh database, the given Temporal client, mail to a port nobody listens on,
 * the clock at `now`, listening on loopback. `close()` tears it down.
 */
export async function pagesApp(options: { temporal: Client; now: string }): Promise<PagesApp> {
  const db = await createTestDatabase();
  const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'bureau@test.local' });
  const api = await testApp({
    config: loadConfig({}),
    db,
    temporal: options.temporal,
    mailer,
    clock: () => Date.parse(options.now),
  });
  const base = await listen(api.app);
  return {
    ...api,
    db,
    mailer,
    base,
    close: async () => {
      await api.app.close();
      mailer.close();
      await db.dispose();
    },
  };
}

export interface BrowserPages {
  /** A page in a browser context of its own (its own sessionStorage: another user), under STRICT_CSP, watched. */
  newPage(viewport?: Viewport): Promise<Page>;
  /** What watchPageErrors() sees on that page. */
  errorsOf(page: Page): PageErrors;
  /** The errors of every page opened. */
  errors(): string[];
  /** The refusals expected on every page and not seen (yet). */
  pending(): number[];
  close(): Promise<void>;
}

/** Headless Chromium for the pages of the API at `base`; the screenshot folder made. */
export async function launchPages(base: string): Promise<BrowserPages> {
  const browser = await launchBrowser();
  await mkdir(ARTIFACTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  const watched = new Map<Page, PageErrors>();
  return {
    newPage: async (viewport = DESKTOP) => {
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      contexts.push(context);
      await enforceStrictCsp(context, base);
      const page = await context.newPage();
      watched.set(page, watchPageErrors(page));
      return page;
    },
    errorsOf: (page) => {
      const found = watched.get(page);
      if (!found) throw new Error('not a page of these tests');
      return found;
    },
    errors: () => [...watched.values()].flatMap((w) => w.errors),
    pending: () => [...watched.values()].flatMap((w) => w.pending()),
    close: async () => {
      for (const context of contexts) await context.close();
      await browser.close();
    },
  };
}

const WAIT = { timeout: 20_000 };

/** Waits until the page has drawn what it loaded (`<body data-state="ready">`). */
export async function ready(page: Page): Promise<void> {
  await page.locator('body[data-state="ready"]').waitFor(WAIT);
}

/** Opens the address; signs in with the token if the page asks for one; waits until the page is ready. */
export async function open(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url);
  await page.locator('body[data-state="signed-out"], body[data-state="ready"]').waitFor(WAIT);
  if (await page.locator('#token-input').isVisible()) {
    await page.locator('#token-input').fill(token);
    await page.locator('#sign-in-button').click();
  }
  await ready(page);
}

/**
 * Clicks the button of a form and waits for the page drawn again with the action's notice in the status line, or,
 * when `'refused'`, for the refusal shown at a field.
 */
export async function submit(page: Page, button: Locator, outcome: { notice: string } | 'refused'): Promise<void> {
  await button.click();
  if (outcome === 'refused') {
    await page.locator('.field-error').first().waitFor(WAIT);
    return;
  }
  await page.locator('body[data-state="ready"] #status-line', { hasText: outcome.notice }).waitFor(WAIT);
}

/** Clicks a download button and waits for the browser's download. */
export async function download(page: Page, button: Locator): Promise<{ download: Download; content: Buffer }> {
  const [started] = await Promise.all([page.waitForEvent('download', WAIT), button.click()]);
  return { download: started, content: await readFile(await started.path()) };
}

/** The field path (data-path) of the control that has the focus, '' if none. */
export async function activePath(page: Page): Promise<string> {
  return String(await page.evaluate(`document.activeElement?.getAttribute('data-path') ?? ''`));
}

/** How much wider than the screen the page is (0 or less: it fits). */
export async function overflow(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
}

/** A screenshot of the whole page (or of the first screen) into test-artifacts/. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage });
}
