import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemError } from '../../app/problem.js';

/**
 * The pages' Chinese font (Noto Sans SC from npm, OFL), served from the API's own origin so every user
 * sees the same glyphs whatever fonts their PC has, under the strict CSP. The browser fetches only the
 * unicode-range subsets a page uses.
 */
const PACKAGE = '@fontsource/noto-sans-sc';
/** The weights the pages use (board.css: normal text and 600 headings). */
const WEIGHTS = [400, 600] as const;
export const FONT_STYLESHEET = '/fonts/noto-sans-sc.css';
const FILE_PREFIX = '/fonts/noto-sans-sc/';

const fontRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve(`${PACKAGE}/package.json`));
  const stylesheet = (
    await Promise.all(WEIGHTS.map((weight) => readFile(path.join(packageDir, `${weight}.css`), 'utf8')))
  )
    .join('\n')
    // woff2 only: every browser the pages support reads it, and it halves what is served.
    .replace(/, url\(\.\/files\/[^)]+\.woff\) format\('woff'\)/g, '')
    .replace(/url\(\.\/files\//g, `url(${FILE_PREFIX}`);
  const served = new Set(
    (await readdir(path.join(packageDir, 'files'))).filter((name) =>
      WEIGHTS.some((weight) => name.endsWith(`-${weight}-normal.woff2`)),
    ),
  );
  const cacheable = 'public, max-age=604800';

  fastify.get(FONT_STYLESHEET, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', cacheable).send(stylesheet),
  );
  fastify.get(
    `${FILE_PREFIX}:file`,
    {
      config: { access: 'public' },
      schema: { hide: true, params: Type.Object({ file: Type.String({ maxLength: 80 }) }) },
    },
    async (request, reply) => {
      const { file } = request.params;
      if (!served.has(file)) throw new ProblemError(404, 'Not Found', `no font file ${file}`);
      return reply
        .type('font/woff2')
        .header('cache-control', cacheable)
        .send(await readFile(path.join(packageDir, 'files', file)));
    },
  );
};

export default fontRoutes;
