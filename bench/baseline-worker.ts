/**
 * Child process of bench/run.ts: a worker with default options that runs only the bench's trivial
 * workflow (bench/workflows.ts), on its own task queue, in its own process like the product worker.
 */
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { serve, type ReadyMessage } from './protocol.js';

const address = process.env.BENCH_TEMPORAL_ADDRESS!;
const namespace = process.env.BENCH_NAMESPACE!;
const taskQueue = process.env.BENCH_TASK_QUEUE!;

Runtime.install({ logger: new DefaultLogger('ERROR') });

const workflowBundle = await bundleWorkflowCode({
  workflowsPath: path.resolve(import.meta.dirname, 'workflows.ts'),
  logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
});
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  namespace,
  taskQueue,
  workflowBundle,
  shutdownGraceTime: '10 seconds',
});
const running = worker.run();
running.catch((error: unknown) => {
  process.stderr.write(`baseline worker failed: ${String(error)}\n`);
  process.exit(1);
});

const unused = () => Promise.reject(new Error('not served by the baseline worker'));
serve({
  createFanoutCampaign: unused,
  rawMail: unused,
  mailStats: unused,
  memory: unused,
  directLoads: unused,
  directSteps: unused,
  stop: async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
  },
});

process.send?.({ type: 'ready' } satisfies ReadyMessage);
