// The JSON API, called from the pages with the signed-in user's bearer token. The token is kept in this browser
// tab only (sessionStorage): closing the tab or signing out forgets it. Errors arrive as problem+json; their
// `detail` is what the user is shown.

/** The sessionStorage key of the token (named when the board was the only page; every page of a tab shares it). */
const TOKEN_KEY = 'campaign-engine.board.token';

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string): void => sessionStorage.setItem(TOKEN_KEY, value),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** No token, or one the API refused (401): the page asks the user to sign in; the message is the API's reason. */
export class AuthError extends Error {}

/** One bad field of a refused request (problem+json `errors[]`): its path in the body (`reason`, `a3.total`) and why. */
export interface ProblemField {
  path: string;
  message: string;
}

/** Any other refusal; status 0 when the server could not be reached at all. `errors` names each bad field (400, 422). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly errors: readonly ProblemField[] = [],
  ) {
    super(detail);
  }
}

/** The `detail` of a problem+json body, if the body is one. */
function problemDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('detail' in body)) return undefined;
  return typeof body.detail === 'string' ? body.detail : undefined;
}

/** The `errors` of a problem+json body: the items that name a path and a message. */
function problemFields(body: unknown): ProblemField[] {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return [];
  return (body.errors as unknown[]).flatMap((item) =>
    typeof item === 'object' &&
    item !== null &&
    'path' in item &&
    'message' in item &&
    typeof item.path === 'string' &&
    typeof item.message === 'string'
      ? [{ path: item.path, message: item.message }]
      : [],
  );
}

/**
 * Calls a path of the API with the user's token and returns its JSON body, typed as the caller expects the API
 * to answer (the interfaces in web/ describe what the server's schemas promise).
 */
export async function api<T>(path: string, options: { method?: string; json?: unknown } = {}): Promise<T> {
  const bearer = token.get();
  if (!bearer) throw new AuthError('');
  const headers: Record<string, string> = { authorization: `Bearer ${bearer}`, accept: 'application/json' };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
  } catch {
    throw new ApiError(0, '');
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const detail = problemDetail(body) ?? response.statusText;
  if (response.status === 401) throw new AuthError(detail);
  if (!response.ok) throw new ApiError(response.status, detail, problemFields(body));
  return body as T;
}

/** `?key=value&…` of the values that are set (empty strings and undefined are left out), or '' when none is. */
export function query(values: Readonly<Record<string, string | undefined>>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) q.set(key, value);
  const text = q.toString();
  return text ? `?${text}` : '';
}
