import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type Page } from 'playwright-core';
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
