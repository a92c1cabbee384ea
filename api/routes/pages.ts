import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemError } from '../../app/problem.js';
import { listWebAssets, readWebAssets } from '../web-assets.js';

/**
 * The action pages under /app/ (web/<page>/ built on the shell web/shared/shell.ts, bundled into generated/web/ by
 * scripts/build-web.ts): `/app/<page>` is a page's HTML, `/app/<file>` its script and stylesheets and the shared
 * ones (`/app/shell.css`). Static shells only: every figure comes from the JSON API with the user's token. What is
 * served is read once, at start, from generated/web/; any other name is a 404.
 */
export const PAGES_PREFIX = '/app/';

/** The content type of each kind of file served; anything else in generated/web/ (source maps) is not served. */
const TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
} as const;
type Kind = keyof typeof TYPES;
const FILE = /^([a-z][a-z0-9-]*)\.(html|js|css)$/;

/** Pages with a path of their own, not served again under /app/: the status board (api/routes/board.ts, /board). */
const SERVED_ELSEWHERE = new Set(['board']);

/** What every page links: the shell's stylesheet (web/shared/shell.css); the API does not start without it. */
const SHELL_FILES = ['shell.css'];

/** URL name (`office`, `office.js`, `shell.css`) → the built file and its content type. */
async function servedFiles(): Promise<Map<string, { file: string; type: string }>> {
  const served = new Map<string, { file: string; type: string }>();
  for (const file of [...new Set([...SHELL_FILES, ...(await listWebAssets())])]) {
    const match = FILE.exec(file);
    if (!match || SERVED_ELSEWHERE.has(match[1]!)) continue;
    const kind = match[2] as Kind;
    served.set(kind === 'html' ? match[1]! : file, { file, type: TYPES[kind] });
  }
  return served;
}

const pageRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const served = await servedFiles();
  const contents = await readWebAssets([...served.values()].map((s) => s.file));

  fastify.get(
    `${PAGES_PREFIX}:name`,
    {
      config: { access: 'public' },
      schema: { hide: true, params: Type.Object({ name: Type.String({ maxLength: 80 }) }) },
    },
    async (request, reply) => {
      const found = served.get(request.params.name);
      if (!found) throw new ProblemError(404, 'Not found', `no page or file ${PAGES_PREFIX}${request.params.name}`);
      return reply.type(found.type).send(contents[found.file]);
    },
  );
};

export default pageRoutes;
