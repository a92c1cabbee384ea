// Every workflow the worker registers. Workflow code runs in Temporal's deterministic sandbox.
export { delayedMailWorkflow } from './sample.js';
