import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../../infra/db.js';
import { workflowIds } from '../../workflows/definitions.js';

const { temporal } = proto;
type History = proto.temporal.api.history.v1.IHistory;

/** protobufjs's own JSON conventions: enums by name, 64-bit numbers as strings, bytes in base64. */
const HISTORY_JSON = { enums: String, longs: String, bytes: String } as const;

/** A fixture written by recordHistories, back as the History message the replayer takes. */
export function historyFromFixture(text: string): proto.temporal.api.history.v1.History {
  return temporal.api.history.v1.History.fromObject(JSON.parse(text) as Record<string, unknown>);
}

/** Where the committed histories live: test/workflows/replay.test.ts replays each of them. */
export const HISTORIES_DIR = path.resolve(import.meta.dirname, '../workflows/histories');

/** Only `npm run record-histories` sets it; in `npm test` recording does nothing. */
const recording = process.env.RECORD_HISTORIES === '1';

/**
 * The histories of every run of a workflow, oldest first: a continue-as-new chain is followed back
 * through each run's `continuedExecutionRunId`.
 */
async function historiesOfAllRuns(client: Client, workflowId: string): Promise<History[]> {
  const runs: History[] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(history);
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    runId = started?.continuedExecutionRunId || undefined;
    if (!runId) return runs;
  }
}

/**
 * Saves the histories of a scenario's workflows (the campaign's, each office's, each escalation's) as
 * replay fixtures, named `<scenario>--<kind>-<n>[-run<k>].json`. Called at the end of the workflow tests
 * that play the scenarios; does nothing unless recording.
 */
export async function recordHistories(
  scenario: string,
  client: Client,
  db: PrismaClient,
  options: { limitPerKind?: number } = {},
): Promise<void> {
  if (!recording) return;
  const limit = options.limitPerKind ?? 3;
  const campaigns = await db.campaign.findMany({ orderBy: { createdAt: 'asc' } });
  const offices = await db.office.findMany({ orderBy: { code: 'asc' } });
  const escalations = await db.escalation.findMany({ orderBy: { createdAt: 'asc' } });
  const ids: [kind: string, workflowId: string][] = [
    ...campaigns.map((c) => ['campaign', workflowIds.campaign(c.id)] as [string, string]),
    ...campaigns.flatMap((c) => offices.map((o) => ['office', workflowIds.office(c.id, o.id)] as [string, string])),
    ...escalations.map((e) => ['escalation', e.workflowId] as [string, string]),
  ];
  await mkdir(HISTORIES_DIR, { recursive: true });
  const counts: Record<string, number> = {};
  for (const [kind, workflowId] of ids) {
    if ((counts[kind] ?? 0) >= limit) continue;
    let runs: History[];
    try {
      runs = await historiesOfAllRuns(client, workflowId);
    } catch {
      continue; // never started in this scenario (e.g. an office without obligations)
    }
    const n = (counts[kind] = (counts[kind] ?? 0) + 1);
    for (const [index, history] of runs.entries()) {
      const name = `${scenario}--${kind}-${n}${runs.length > 1 ? `-run${index + 1}` : ''}.json`;
      await writeFile(
        path.join(HISTORIES_DIR, name),
        `${JSON.stringify(temporal.api.history.v1.History.toObject(history as proto.temporal.api.history.v1.History, HISTORY_JSON))}\n`,
      );
    }
  }
}
