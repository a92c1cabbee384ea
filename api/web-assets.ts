import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The pages' browser files, built from web/ by scripts/build-web.ts into generated/web/ (git-ignored): each page's
 * script bundled from TypeScript, its HTML and CSS copied beside it. `npm run build` builds them, and so do
 * `npm start` (prestart), the Dockerfile and the tests' global setup. The path is the same under tsx and compiled
 * into generated/app/ (scripts/build.ts writes this file's own folder in for import.meta.dirname).
 */
export const WEB_ASSET_DIR = path.join(import.meta.dirname, '..', 'generated', 'web');

/** A page's file is not built: the API does not start (runtime/ says so in one line) rather than answer 404 later. */
export class WebAssetsNotBuiltError extends Error {}

/** The names of the files built into generated/web/ (read once, at start, by a route plugin choosing what it serves). */
export async function listWebAssets(): Promise<string[]> {
  try {
    return (await readdir(WEB_ASSET_DIR, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new WebAssetsNotBuiltError(`${WEB_ASSET_DIR} is missing: run \`npm run build\` (it bundles web/ into it)`, {
      cause: error,
    });
  }
}

/** Reads these built files of generated/web/ (once, at start): file name → contents. */
export async function readWebAssets<Name extends string>(names: readonly Name[]): Promise<Record<Name, Buffer>> {
  const read = async (name: Name) => {
    const file = path.join(WEB_ASSET_DIR, name);
    try {
      return [name, await readFile(file)] as const;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new WebAssetsNotBuiltError(
        `${file} is missing: run \`npm run build\` (it bundles web/ into generated/web/)`,
        {
          cause: error,
        },
      );
    }
  };
  return Object.fromEntries(await Promise.all(names.map(read))) as Record<Name, Buffer>;
}
