import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/** The workflow bundle: made apart from the worker so that a test or script can bundle without loading the activities. */

export const WORKFLOWS_PATH = path.resolve(import.meta.dirname, '../workflows/index.ts');

/**
 * Bundles the workflow code once. Sources import each other with `.js` specifiers (NodeNext ESM),
 * so webpack must map them back to the `.ts` files.
 */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } },
    }),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
}

/** Where the bundled workflow code is kept between starts (git-ignored). */
export const WORKFLOW_BUNDLE_PATH = path.resolve(import.meta.dirname, '../generated/workflow-bundle.js');

/** Files the workflow bundle is made of: a bundle older than any of them is stale. */
function newestSourceMtime(): number {
  // The workflow code and the import-free domain/ modules it may use (see eslint.config.js).
  const roots = ['../workflows', '../domain/workflow-safe'].map((p) => path.resolve(import.meta.dirname, p));
  let newest = 0;
  for (const root of roots) {
    const files = statSync(root).isDirectory() ? readdirSync(root).map((f) => path.join(root, f)) : [root];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** Writes the workflow bundle to WORKFLOW_BUNDLE_PATH (run by `scripts/bundle-workflows.ts`). */
export async function writeWorkflowBundle(): Promise<void> {
  const bundle = await bundleWorkflows();
  await mkdir(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  // Written aside and renamed, so a worker starting at the same time never reads half a bundle.
  const partial = `${WORKFLOW_BUNDLE_PATH}.${process.pid}.tmp`;
  await writeFile(partial, bundle.code);
  await rename(partial, WORKFLOW_BUNDLE_PATH);
}

/**
 * The path of an up-to-date workflow bundle. Bundling loads webpack (about 150 MB that a worker
 * would keep for its lifetime), so a stale or missing bundle is rebuilt in a short-lived child process.
 */
export async function workflowBundlePath(): Promise<string> {
  let fresh = false;
  try {
    fresh = statSync(WORKFLOW_BUNDLE_PATH).mtimeMs >= newestSourceMtime();
  } catch {
    fresh = false;
  }
  if (!fresh) {
    const script = path.resolve(import.meta.dirname, '../scripts/bundle-workflows.ts');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { maxBuffer: 16 * 1024 * 1024 });
  }
  return WORKFLOW_BUNDLE_PATH;
}
