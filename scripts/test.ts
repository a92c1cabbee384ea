// `npm test`: makes sure the pinned Temporal binaries are there, then runs every vitest suite.
// Extra arguments go to vitest, e.g. `npm test -- test/domain`.
import { spawn } from 'node:child_process';
import { ensureTemporalTools } from '../infra/temporal-tools.js';

await ensureTemporalTools();
const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
