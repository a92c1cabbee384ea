// Bundles the browser code (web/, strict TypeScript type-checked by web/tsconfig.json) into generated/web/ (git-ignored):
// each page web/<page>/main.ts becomes generated/web/<page>.js, one self-contained file with its shared modules
// (web/shared/) inlined, and the page's own HTML and CSS are copied beside it, as are the stylesheets the pages
// share (web/shared/*.css, e.g. shell.css). The API serves these files from there (api/routes/board.ts, and
// api/routes/pages.ts for the pages under /app/). Nothing is loaded from a CDN: what the browser runs is what is built here.
// Run by scripts/build.ts (`npm run build`, `npm start`'s prestart, the Dockerfile) and before the tests
// (test/global-web-assets.ts). It takes about a tenth of a second.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const WEB_SOURCE_DIR = path.join(ROOT, 'web');
export const WEB_DIR = path.join(ROOT, 'generated', 'web');

/** Folders of web/ that are not pages: modules the pages share. */
const NOT_PAGES = new Set(['shared']);
/** What a page folder holds besides its TypeScript: copied to generated/web/ as it is. */
const STATIC = /\.(html|css)$/;

/** The stylesheets every page may link (web/shared/*.css, e.g. the shell's): copied to generated/web/ as they are. */
async function sharedStatics(): Promise<string[]> {
  const dir = path.join(WEB_SOURCE_DIR, 'shared');
  return (await readdir(dir)).filter((file) => file.endsWith('.css')).map((file) => path.join(dir, file));
}

/** Every page: a folder of web/ with a main.ts, and the HTML and CSS files beside it. */
async function pages(): Promise<{ name: string; entry: string; statics: string[] }[]> {
  const found = [];
  for (const folder of await readdir(WEB_SOURCE_DIR, { withFileTypes: true })) {
    if (!folder.isDirectory() || NOT_PAGES.has(folder.name)) continue;
    const dir = path.join(WEB_SOURCE_DIR, folder.name);
    const files = await readdir(dir);
    if (!files.includes('main.ts')) continue;
    const statics = files.filter((file) => STATIC.test(file)).map((file) => path.join(dir, file));
    found.push({ name: folder.name, entry: path.join(dir, 'main.ts'), statics });
  }
  return found;
}

/** Writes aside and renames, so a server reading the file meanwhile gets the old one or the new one, never half. */
async function replaceFile(target: string, write: (partial: string) => Promise<void>): Promise<void> {
  const partial = `${target}.${process.pid}.tmp`;
  await write(partial);
  await rename(partial, target);
}

/**
 * Bundles every page of web/ into generated/web/ and copies its HTML and CSS there; returns the files written.
 * Pages share no chunk: each page's script is one file its HTML names, and the shared modules are small.
 */
export async function buildWebAssets(options: { outdir?: string } = {}): Promise<string[]> {
  const outdir = options.outdir ?? WEB_DIR;
  const found = await pages();
  const statics = [...found.flatMap((page) => page.statics), ...(await sharedStatics())];
  const names = new Map<string, string>();
  for (const file of statics) {
    const other = names.get(path.basename(file));
    if (other) throw new Error(`web/: ${path.relative(ROOT, file)} and ${other} would both be ${path.basename(file)}`);
    names.set(path.basename(file), path.relative(ROOT, file));
  }
  const result = await build({
    entryPoints: Object.fromEntries(found.map((page) => [page.name, page.entry])),
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    tsconfig: path.join(WEB_SOURCE_DIR, 'tsconfig.json'),
    // A map file for debugging, not linked from the script: the API serves the script, not the map.
    sourcemap: 'external',
    sourcesContent: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
  });
  await mkdir(outdir, { recursive: true });
  const written: string[] = [];
  for (const file of result.outputFiles) {
    await replaceFile(file.path, (partial) => writeFile(partial, file.contents));
    written.push(file.path);
  }
  for (const file of statics) {
    const target = path.join(outdir, path.basename(file));
    await replaceFile(target, (partial) => copyFile(file, partial));
    written.push(target);
  }
  return written;
}
