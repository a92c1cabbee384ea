import { Worker } from '@temporalio/worker';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORIES_DIR, historyFromFixture } from '../support/histories.js';
import { workflowBundle } from '../support/temporal.js';

const files = (await readdir(HISTORIES_DIR)).filter((name) => name.endsWith('.json')).sort();

/**
 * Histories recorded from real runs (npm run record-histories) replayed against the current workflow
 * code, as a worker does after a deploy whenever a workflow is not in its cache. A change that gives a
 * different sequence of commands for any of them would fail every such running workflow's next task.
 */
describe('running workflows keep replaying after a change of workflow code', () => {
  it('has histories of every kind of workflow, a continue-as-new hand-over among them', () => {
    for (const kind of ['campaign', 'office', 'escalation']) {
      expect(
        files.some((f) => f.includes(`--${kind}-`)),
        kind,
      ).toBe(true);
    }
    expect(files.some((f) => /-run2\.json$/.test(f))).toBe(true);
  });

  it.each(files)('replays %s', async (file) => {
    const history = historyFromFixture(await readFile(path.join(HISTORIES_DIR, file), 'utf8'));
    try {
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
    } catch (error) {
      throw new Error(
        `${file} no longer replays with the current workflow code: ${(error as Error).message}\n` +
          'A workflow with this history would fail its next workflow task after the deploy. Guard the change with ' +
          "patched('<change-id>') (README: Changing workflow code), or re-record (npm run record-histories) only " +
          'if no workflow recorded before the change can still be running.',
        { cause: error },
      );
    }
  });
});
