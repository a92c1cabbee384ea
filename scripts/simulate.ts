// `npm run simulate -- --year 2024 [--offices N] [--enterprises-per-office M] [--seed S] [--out DIR]`
// Runs the real workflows and activities over a whole campaign year on the time-skipping test server
// and writes what the system would send, to whom and when (see simulation/).
import { DefaultLogger, Runtime } from '@temporalio/worker';
import path from 'node:path';
import { DEFAULT_TIME_ZONE } from '../domain/index.js';
import { parseSimulationArgs, UsageError, USAGE } from '../simulation/options.js';
import { createProgress } from '../simulation/progress.js';
import { runSimulation } from '../simulation/run.js';
import { supervisionTextLines } from '../simulation/supervision-report.js';

let parsed;
try {
  parsed = parseSimulationArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`simulate: ${error.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (parsed.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const { options } = parsed;

// The worker's state changes would drown the progress line; the test server's missing-capability
// warning is noise here. Errors still reach stderr.
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
});

const started = performance.now();
const progress = createProgress(process.stderr, DEFAULT_TIME_ZONE);
try {
  const result = await runSimulation({ ...options, onProgress: (event) => progress.update(event) });
  progress.done();
  const { totals, offices } = result.summary;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const lines = [
    `Simulated the ${options.year} campaign: ${options.offices} offices, ${options.offices * options.enterprisesPerOffice} enterprises, seed ${options.seed} (${seconds} s wall time).`,
    `  mails: ${totals.mails} (reminders ${totals.byKind.reminder}, overdue ${totals.byKind.overdue}, to the bureau ${totals.byKind.escalation}, escalation notices ${totals.byKind['escalation-notice']})`,
    `  on non-working days: ${totals.nonWorkingDayMails}, between 00:00 and 07:00: ${totals.nightMails}`,
    `  escalations: ${totals.escalations} (acknowledged ${totals.acknowledged}, unacknowledged ${totals.unacknowledged})`,
    `  offices reporting on time every month: ${offices.filter((o) => o.monthlyReports.onTime === o.monthlyReports.total).length} of ${offices.length}`,
    ...supervisionTextLines(result.summary),
    ...result.written.map((file) => `  wrote ${path.relative(process.cwd(), file) || file}`),
    ...result.summary.warnings.map((w) => `  warning: ${w}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} catch (error) {
  progress.done();
  process.stderr.write(`simulate: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
