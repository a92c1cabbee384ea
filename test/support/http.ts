/** Calls the product's HTTP API as a signed-in user; JSON bodies, or a FormData for an upload. */
export function httpClient(base: string, token: () => string) {
  return async function http(method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const isForm = body instanceof FormData;
    const response = await fetch(`${base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token()}`,
        ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
      },
      ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
}
