// `npm run record-histories`: re-records the replay fixtures in test/workflows/histories/ by running the
// workflow tests that play each scenario (whole year with escalations acknowledged and not, plan change and
// approved extension, late start, SMTP outage, offices added mid-year, deadline notices delivered at the send time).
// Re-record only when no workflow recorded with the old code can still be running (README: Changing workflow code).
import { spawn } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { HISTORIES_DIR } from '../test/support/histories.js';

const SCENARIOS = [
  'test/workflows/campaign.test.ts',
  'test/workflows/plan-change.test.ts',
  'test/workflows/late-start.test.ts',
  'test/workflows/resilience.test.ts',
  'test/workflows/organisation-change.test.ts',
  'test/workflows/deadline-delivery.test.ts',
];

for (const name of await readdir(HISTORIES_DIR).catch(() => [])) {
  if (name.endsWith('.json')) await rm(path.join(HISTORIES_DIR, name));
}
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/test.ts', ...SCENARIOS], {
  stdio: 'inherit',
  env: { ...process.env, RECORD_HISTORIES: '1' },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
