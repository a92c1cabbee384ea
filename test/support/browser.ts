import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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
    let response;
    try {
      response = await route.fetch();
    } catch (error) {
      // The page or its context was closed while a request was on its way (a font at the end of a test): nothing
      // is left to serve.
      if (/disposed|closed/i.test(String(error))) return;
      throw error;
    }
    const sent = response.headers()['content-security-policy'];
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'content-security-policy': sent ? `${sent}, ${STRICT_CSP}` : STRICT_CSP },
    });
  });
}

/**
 * Console errors and uncaught exceptions of a page (a CSP violation is one), except the refusals a test provokes on
 * purpose: `expectStatus(422)` lets the next "status of 422" console error pass.
 */
export function watchPageErrors(page: Page): {
  errors: string[];
  expectStatus(status: number): void;
  pending(): number[];
} {
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
