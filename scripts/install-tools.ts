// Installs the pinned Temporal binaries into .tools/ (run by `npm test` and `npm start` when missing).
import { ensureTemporalTools } from '../infra/temporal-tools.js';

const tools = await ensureTemporalTools();
console.log(`temporal CLI:         ${tools.cli ?? '(SDK download)'}`);
console.log(`temporal test server: ${tools.testServer ?? '(SDK download)'}`);
