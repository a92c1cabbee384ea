import { buildWebAssets } from '../scripts/build-web.js';

/**
 * The pages' browser code, bundled from web/ into generated/web/ once per run, before any test file starts an API:
 * the API serves it from there (api/web-assets.ts) and refuses to start without it. So a fresh clone, or a test run
 * after editing web/, tests what the sources say.
 */
export default async function setup(): Promise<void> {
  await buildWebAssets();
}
