// `npm run prisma -- <args>`: the project's Prisma CLI, usable without Prisma's binary host.
//
// Prisma 7 downloads its native schema engine on every command unless PRISMA_SCHEMA_ENGINE_BINARY
// names one. We point it at prisma/engine/schema-engine.mjs, which serves the CLI's requests with
// the WebAssembly build of the engine (see that file). A machine that has a native engine can
// still use it by setting PRISMA_SCHEMA_ENGINE_BINARY itself.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shim = path.join(root, 'prisma', 'engine', 'schema-engine.mjs');
// The `prisma` package of this project (not one on PATH), run by the current node.
const prismaPackage = createRequire(path.join(root, 'package.json')).resolve('prisma/package.json');
const cli = path.join(path.dirname(prismaPackage), 'build', 'index.js');

const env: NodeJS.ProcessEnv = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || shim,
  // Keep the CLI offline: no update check / telemetry request to checkpoint.prisma.io.
  CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? '1',
  PRISMA_HIDE_UPDATE_MESSAGE: process.env.PRISMA_HIDE_UPDATE_MESSAGE ?? '1',
};

// Run from the repository root, where prisma.config.ts is (as `npm run` does anyway).
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });

// Pass termination signals on (e.g. from a process manager) and exit only when the CLI has.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}

child.on('error', (error) => {
  console.error(`Could not start the Prisma CLI (${cli}): ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 1) : 1));
});
