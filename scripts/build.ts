// Compiles the product's entry (scripts/start.ts) to plain JavaScript in generated/app/ (git-ignored, like the workflow bundle), so that
// `npm start` and the container run `node generated/app/start.js` instead of `node --import tsx`: tsx's loader
// runs in a second V8 isolate that costs every process ~36 MB of RSS (measured in bench/README.md).
// `npm start` runs this first (prestart); the Dockerfile runs it at build time. It takes about a second.
// It also bundles the browser code (web/) into generated/web/, which the API serves (scripts/build-web.ts).
import { build, type Plugin } from 'esbuild';
import { readdir, readFile, rename, stat, unlink, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildWebAssets } from './build-web.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const APP_DIR = path.join(ROOT, 'generated', 'app');

/**
 * The sources find files next to themselves through `import.meta.dirname` (the workflow bundle, the
 * migrations, the board's assets) and Prisma's generated client through `import.meta.url`. Bundled
 * into generated/app/, those would name it; so each source's own location is written into its code, relative
 * to the output file (`import.meta.dirname + "/../infra"`), and the paths resolve as they do under tsx.
 */
function sourceLocation(outdir: string): Plugin {
  return {
    name: 'source-location',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        let contents = await readFile(args.path, 'utf8');
        if (contents.includes('import.meta.')) {
          const dir = path.relative(outdir, path.dirname(args.path)).split(path.sep).join('/');
          const file = path.relative(outdir, args.path).split(path.sep).join('/');
          contents = contents
            .replaceAll('import.meta.dirname', `(import.meta.dirname + ${JSON.stringify(`/${dir}`)})`)
            .replaceAll('import.meta.url', `new URL(${JSON.stringify(file)}, import.meta.url).href`);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * A package's JSON file imported with `with { type: 'json' }` (chinese-days' calendar data) is bundled:
 * esbuild drops the import attribute of an external import, which Node requires for JSON.
 */
function bundledJson(): Plugin {
  const require = createRequire(path.join(ROOT, 'package.json'));
  return {
    name: 'bundled-json',
    setup(b) {
      b.onResolve({ filter: /\.json$/ }, (args) =>
        args.path.startsWith('.') || path.isAbsolute(args.path) ? undefined : { path: require.resolve(args.path) },
      );
    },
  };
}

/**
 * Bundles `entryPoints` (project sources, npm packages left as imports) into `outdir`, one file per
 * entry plus shared chunks: the role-specific modules that runtime/runtime.ts imports dynamically stay in
 * their own chunks and are loaded only by the role that needs them. Files are written aside and renamed,
 * chunks before entries, so a process starting meanwhile never reads half a build.
 */
export async function buildDist(options: { entryPoints: string[]; outdir: string }): Promise<string[]> {
  const result = await build({
    entryPoints: options.entryPoints.map((e) => path.resolve(ROOT, e)),
    outdir: options.outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    logLevel: 'warning',
    plugins: [sourceLocation(options.outdir), bundledJson()],
  });
  await mkdir(options.outdir, { recursive: true });
  const isEntry = (file: string) => !path.basename(file).startsWith('chunk-');
  const files = [...result.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)));
  for (const file of files) {
    const partial = `${file.path}.${process.pid}.tmp`;
    await writeFile(partial, file.contents);
    await rename(partial, file.path);
  }
  // Chunks of earlier builds: a process started from one may still import them lazily, so only old ones go.
  const written = new Set(files.map((f) => f.path));
  for (const name of await readdir(options.outdir)) {
    const file = path.join(options.outdir, name);
    if (!name.startsWith('chunk-') || written.has(file)) continue;
    const info = await stat(file).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 24 * 3600_000) await unlink(file).catch(() => {});
  }
  return files.map((f) => f.path).filter((f) => f.endsWith('.js'));
}

/** The product: `node generated/app/start.js [--role api|worker]`, and the pages' scripts it serves (generated/web/). */
export async function buildProduct(): Promise<string[]> {
  const [app, web] = await Promise.all([
    buildDist({ entryPoints: ['scripts/start.ts'], outdir: APP_DIR }),
    buildWebAssets(),
  ]);
  return [...app, ...web];
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await buildProduct();
}
