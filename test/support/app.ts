import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../../api/server.js';
import type { AppDeps } from '../../api/deps.js';
import { createToken } from '../../app/access/tokens.js';
import { MailCatcher } from '../../dev/mail-catcher.js';
import { loadConfig } from '../../infra/config.js';
import { createMailer, type Mailer } from '../../infra/mailer.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { startTimeSkippingServer } from './temporal.js';

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

/**
 * A Temporal client for API tests whose routes never reach a running workflow: every signal finds none, which is
 * what Temporal answers for a campaign never started; anything else fails at once.
 */
export const stubTemporalClient = {
  workflow: {
    getHandle: (workflowId: string) => ({
      signal: () => Promise.reject(new WorkflowNotFoundError('workflow not found', workflowId, undefined)),
    }),
    start: () => Promise.reject(new Error('stub Temporal client: no workflow can be started in this test')),
  },
} as unknown as Client;

export interface BuiltTestApp extends TestApp {
  db: TestDatabase;
  mailer: Mailer;
  temporal: Client;
  /** The time-skipping server, when asked for. */
  env: TestWorkflowEnvironment | undefined;
  /** The loopback SMTP server mails go to, when asked for (otherwise mail goes to a closed port). */
  catcher: MailCatcher | undefined;
  close(): Promise<void>;
}

/**
 * The API as API tests use it: a fresh database, Temporal either stubbed (routes that never reach a workflow) or a
 * time-skipping server, mail to a loopback catcher or nowhere, and a bureau-admin token. `close()` tears it all down.
 */
export async function buildTestApp(options: {
  temporal: 'stub' | 'time-skipping';
  mail?: 'catcher' | 'nowhere';
  env?: Record<string, string>;
  clock?: () => number;
}): Promise<BuiltTestApp> {
  const [env, db, catcher] = await Promise.all([
    options.temporal === 'time-skipping' ? startTimeSkippingServer() : undefined,
    createTestDatabase(),
    options.mail === 'catcher' ? MailCatcher.start() : undefined,
  ]);
  const mailer = createMailer({ smtpUrl: catcher?.url ?? 'smtp://127.0.0.1:9', from: 'bureau@test.local' });
  const temporal = env?.client ?? stubTemporalClient;
  const api = await testApp({
    config: loadConfig(options.env ?? {}),
    db,
    temporal,
    mailer,
    ...(catcher ? { catcher } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...api,
    db,
    mailer,
    temporal,
    env,
    catcher,
    close: async () => {
      await api.app.close();
      mailer.close();
      await Promise.all([env?.teardown(), db.dispose(), catcher?.close()]);
    },
  };
}
