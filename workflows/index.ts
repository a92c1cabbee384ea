// Every workflow the worker registers. Workflow code runs in Temporal's deterministic sandbox.
export { delayedMailWorkflow } from './sample.js';
export { campaignWorkflow } from './campaign.js';
export { officeWorkflow } from './office.js';
export { escalationWorkflow } from './escalation.js';
export { uncertainMailDigestWorkflow } from './incidents.js';
