/**
 * Every route anyone may call without a token, and why it is safe. A route whose config says `access: 'public'`
 * must be listed here or the app refuses to start (api/plugins/auth.ts); test/api/security.test.ts checks the
 * list against the app. Swagger UI and the OpenAPI document under /docs are public too: they describe the API and
 * hold no data.
 */
export const PUBLIC_ROUTES: Readonly<Record<string, string>> = {
  'GET /healthz': 'liveness for the orchestrator: says only that the process answers',
  'GET /readyz': 'readiness: which dependency is unreachable, no campaign data',
  'GET /board': "the status board's empty page; its data comes from the API with the user's token",
  'GET /board/board.css': "the board's stylesheet",
  'GET /board/board.js': "the board's script",
  'GET /app/:name':
    "the action pages' empty shells and their scripts and stylesheets (only files built into generated/web/); " +
    "their data comes from the API with the user's token",
  'GET /fonts/noto-sans-sc.css': "the pages' Chinese font, served from the API's own origin",
  'GET /fonts/noto-sans-sc/:file': "the font's files",
};

/** The key a route has in PUBLIC_ROUTES: HEAD is answered by its GET route. */
export function publicRouteKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}
