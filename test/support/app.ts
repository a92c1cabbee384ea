import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../../api/server.js';
import type { AppDeps } from '../../api/deps.js';
import { createToken } from '../../app/access/tokens.js';

export interface TestApp {
  app: FastifyInstance;
  bureauToken: string;
  /** inject() as the holder of `token` (the bureau admin's unless given). */
  call(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
}

/** The API on the given dependencies, with a bureau-admin token ready. */
export async function testApp(deps: AppDeps): Promise<TestApp> {
  const app = await buildServer(deps, { logger: false });
  const { token: bureauToken } = await createToken(deps.db.prisma, { name: 'test bureau', role: 'bureau-admin' });
  return {
    app,
    bureauToken,
    call: ({ token, headers, ...options }) =>
      app.inject({ ...options, headers: { ...headers, authorization: `Bearer ${token ?? bureauToken}` } }),
  };
}

/** `form` encoded as a browser sends it (multipart/form-data with its boundary), ready for inject(). */
export async function multipartBody(form: FormData): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const response = new Response(form);
  return {
    payload: Buffer.from(await response.arrayBuffer()),
    headers: { 'content-type': response.headers.get('content-type')! },
  };
}
