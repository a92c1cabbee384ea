/** Messages between bench/run.ts and its child processes (Node IPC, JSON). */

export interface ReadyMessage {
  type: 'ready';
  /** Product child only. */
  campaignId?: string;
  officeIds?: string[];
  /** RSS (MB) of the product child after each start-up stage, in order. */
  rssStages?: [string, number][];
}

export type Request =
  | { id: number; type: 'createFanoutCampaign'; atMs: number }
  | { id: number; type: 'rawMail'; count: number; concurrency: number; smtpUrl: string }
  | { id: number; type: 'mailStats'; campaignId: string }
  | { id: number; type: 'memory'; detail?: { heapSnapshotDir?: string } }
  | { id: number; type: 'directLoads'; campaignId: string; concurrency: number }
  | {
      id: number;
      type: 'directSteps';
      campaignId: string;
      concurrency: number;
      stepKey: string;
      atMs: number;
      offices?: number;
    }
  | { id: number; type: 'stop' };

/** A request as the parent writes it; the id is added when it is sent. */
export type RequestBody = Request extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export interface Reply {
  type: 'reply';
  id: number;
  ok: boolean;
  error?: string;
  result?: unknown;
}

export interface FanoutCampaign {
  campaignId: string;
  /** Local date and send time of the due-day reminder that falls at `atMs`. */
  localDate: string;
  sendTime: string;
  /** A bureau entry was added to make that date a working day (reminders go out on working days only). */
  addedWorkday: boolean;
  /** Steps of one office at atMs (expected 1) and its first step after now. */
  stepsAtInstant: number;
  firstStepAtMs: number | undefined;
}

export interface RawMailResult {
  sent: number;
  failed: number;
  firstError?: string;
}

/** The activity code called directly (no Temporal), with every database operation counted and timed. */
export interface DirectResult {
  calls: number;
  elapsedMs: number;
  /** Database operations per call and the busiest ones: `model.operation` → [count, total ms]. */
  opsPerCall: number;
  ops: [string, number, number][];
}

/** The child's own view of its memory (MB): RSS, the main thread's JS heap, external (ArrayBuffers, WASM memory). */
export interface MemoryReport {
  rssMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Detail, when asked for: the main heap in use, then after a full collection; RSS by kind of page. */
  heapUsedMb?: number;
  heapUsedAfterGcMb?: number;
  heapTotalAfterGcMb?: number;
  rssAfterGcMb?: number;
  rssAnonMb?: number;
  rssFileMb?: number;
  mallocArenaMb?: number;
  unnamedMb?: number;
  unnamedBySize?: string;
  heapSnapshot?: string;
}

export interface MailStats {
  total: number;
  sent: number;
  retried: number;
  maxAttempts: number;
}

/** Serves requests from the parent; after replying to `stop` the child exits. */
export function serve(handlers: {
  [K in Request['type']]: (req: Extract<Request, { type: K }>) => Promise<unknown>;
}): void {
  process.on('message', (raw: Request) => {
    const handler = handlers[raw.type] as (req: Request) => Promise<unknown>;
    const send = (reply: Reply) =>
      process.send?.(reply, undefined, undefined, () => {
        if (raw.type === 'stop') process.exit(reply.ok ? 0 : 1);
      });
    handler(raw).then(
      (result) => send({ type: 'reply', id: raw.id, ok: true, result }),
      (error: unknown) =>
        send({
          type: 'reply',
          id: raw.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
}
