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

/**
 * One bad field of a refused request (problem+json `errors[]`): its path in the body (`reason`, `a3.total`) and why;
 * for a field read from an uploaded workbook, also its sheet cell (`cell`, e.g. 月报表一!C6).
 */
export interface ProblemField {
  path: string;
  message: string;
  cell?: string;
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
      ? [
          {
            path: item.path,
            message: item.message,
            ...('cell' in item && typeof item.cell === 'string' ? { cell: item.cell } : {}),
          },
        ]
      : [],
  );
}

/** Sends a request with the user's token; a 401 is an AuthError, no answer at all an ApiError with status 0. */
async function send(path: string, init: { method?: string; accept: string; json?: unknown; form?: FormData }) {
  const bearer = token.get();
  if (!bearer) throw new AuthError('');
  const headers: Record<string, string> = { authorization: `Bearer ${bearer}`, accept: init.accept };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const body = init.form ?? (init.json !== undefined ? JSON.stringify(init.json) : undefined);
  try {
    return await fetch(path, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  } catch {
    throw new ApiError(0, '');
  }
}

/** The refusal a response that is not ok stands for, from its problem+json body. */
async function refusal(response: Response): Promise<Error> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const detail = problemDetail(body) ?? response.statusText;
  if (response.status === 401) return new AuthError(detail);
  return new ApiError(response.status, detail, problemFields(body));
}

/**
 * Calls a path of the API with the user's token and returns its JSON body, typed as the caller expects the API
 * to answer (the interfaces in web/ describe what the server's schemas promise). `json` sends a JSON body, `form` a
 * multipart/form-data one (files; the browser sets its boundary).
 */
export async function api<T>(
  path: string,
  options: { method?: string; json?: unknown; form?: FormData } = {},
): Promise<T> {
  const response = await send(path, { ...options, accept: 'application/json' });
  if (!response.ok) throw await refusal(response);
  try {
    return (await response.json()) as T;
  } catch {
    return null as T;
  }
}

/**
 * A file the API answers (a workbook, an uploaded summary), read with the user's token: its bytes and the file name
 * its Content-Disposition gives (the UTF-8 `filename*` when there is one), else `fallbackName`.
 */
export async function apiFile(path: string, fallbackName: string): Promise<{ blob: Blob; fileName: string }> {
  const response = await send(path, { accept: '*/*' });
  if (!response.ok) throw await refusal(response);
  return {
    blob: await response.blob(),
    fileName: dispositionName(response.headers.get('content-disposition')) ?? fallbackName,
  };
}

/** The file name of a Content-Disposition header: `filename*=UTF-8''…` first, then `filename="…"`. */
function dispositionName(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(header)?.[1];
}

/** `?key=value&…` of the values that are set (empty strings and undefined are left out), or '' when none is. */
export function query(values: Readonly<Record<string, string | undefined>>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) q.set(key, value);
  const text = q.toString();
  return text ? `?${text}` : '';
}
