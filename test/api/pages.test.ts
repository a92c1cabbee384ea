import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../api/plugins/security.js';
import { WEB_ASSET_DIR } from '../../api/web-assets.js';
import { buildTestApp, type BuiltTestApp } from '../support/app.js';

/** The action pages every mail links to (web/<page>/ on the shell web/shared/shell.ts). */
const PAGES = [
  'office',
  'escalation',
  'report',
  'enterprises',
  'supervision',
  'mail-log',
  'holidays',
  'settings',
  'county',
];

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

describe('the action pages under /app/: static shells served to anyone, under the strict CSP', () => {
  let api: BuiltTestApp;
  /** URL → the built file's extension, for every page and asset the build wrote (the board has its own route). */
  let served: Record<string, string>;

  beforeAll(async () => {
    api = await buildTestApp({ temporal: 'stub' });
    const built = (await readdir(WEB_ASSET_DIR)).filter((f) => /^[a-z][a-z0-9-]*\.(html|js|css)$/.test(f));
    served = Object.fromEntries(
      built
        .filter((f) => !f.startsWith('board.'))
        .map((f) => {
          const [name, ext] = f.split('.') as [string, string];
          return [ext === 'html' ? `/app/${name}` : `/app/${f}`, ext];
        }),
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  const get = (url: string) => api.app.inject({ method: 'GET', url });

  it('serves every page and its script and stylesheet, and the shell stylesheet, with their content type and the strict CSP', async () => {
    for (const page of PAGES) {
      for (const url of [`/app/${page}`, `/app/${page}.js`, `/app/${page}.css`]) expect(served).toHaveProperty([url]);
    }
    expect(served).toHaveProperty(['/app/shell.css']);
    for (const [url, ext] of Object.entries(served)) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toBe(TYPES[ext]);
      expect(response.headers['content-security-policy'], url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers['cache-control'], url).toBe('no-store');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.body.length, url).toBeGreaterThan(0);
    }
  });

  it('links each page to its own script, its stylesheet, the shell stylesheet and the font, all of this origin', async () => {
    for (const page of PAGES) {
      const html = (await get(`/app/${page}`)).body;
      expect(html).toContain(`<script type="module" src="/app/${page}.js"></script>`);
      expect(html).toContain('<link rel="stylesheet" href="/app/shell.css" />');
      expect(html).toContain(`<link rel="stylesheet" href="/app/${page}.css" />`);
      expect(html).toContain('<link rel="stylesheet" href="/fonts/noto-sans-sc.css" />');
    }
  });

  it('answers an unknown name, a source map, the HTML file by its file name and the board under /app/ with a problem+json 404', async () => {
    for (const url of [
      '/app/nothing',
      '/app/office.js.map',
      '/app/office.html',
      '/app/board',
      '/app/board.js',
      '/app/..%2Fpackage.json',
      '/app/reports',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toBe('application/problem+json; charset=utf-8');
      expect(response.json<{ status: number }>().status, url).toBe(404);
    }
    const long = await get(`/app/${'a'.repeat(81)}`);
    expect(long.statusCode).toBe(400);
    expect(long.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it('keeps every page HTML free of inline script, style and event-handler attributes, and the scripts free of markup parsing', async () => {
    for (const [url, ext] of Object.entries(served)) {
      const body = (await get(url)).body;
      if (ext === 'html') {
        for (const tag of body.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
          expect(tag, url).toMatch(/^<script type="module" src="\/app\/[a-z-]+\.js"><\/script>$/);
        }
        expect(body, url).not.toMatch(/<style|\sstyle=|\son[a-z]+=|https?:\/\/|javascript:/i);
      }
      if (ext === 'js') {
        expect(body, url).not.toMatch(
          /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|https?:\/\/(?!www\.w3\.org\/2000\/svg)/,
        );
        expect(body, url).not.toMatch(/\.style\.|setAttribute\(\s*'style'/);
      }
      if (ext === 'css') expect(body, url).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    }
  });

  it('needs no token for the shells, while the data they show does', async () => {
    expect((await get('/app/office')).statusCode).toBe(200);
    expect((await get('/me')).statusCode).toBe(401);
  });
});
