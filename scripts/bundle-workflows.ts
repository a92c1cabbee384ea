// Bundles the workflow code into generated/workflow-bundle.js (the worker runs this when the bundle is stale).
import { writeWorkflowBundle } from '../runtime/workflow-bundle.js';

await writeWorkflowBundle();
