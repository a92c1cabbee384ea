// Installs the pinned Temporal binaries and the API fuzzer into .tools/ (run by `npm test` and `npm start` when missing).
import { ensureFuzzTools } from '../infra/fuzz-tools.js';
import { ensureTemporalTools } from '../infra/temporal-tools.js';

const tools = await ensureTemporalTools();
console.log(`temporal CLI:         ${tools.cli ?? '(SDK download)'}`);
console.log(`temporal test server: ${tools.testServer ?? '(SDK download)'}`);
const fuzz = await ensureFuzzTools();
console.log(`schemathesis:         ${fuzz.schemathesis}`);
