// `npm start`: the whole product in one command on its embedded defaults (see README).
// `npm start -- --role api` or `--role worker` runs one part against external services (production).
import { ConfigError, loadConfig } from '../infra/config.js';
import { startProduct, StartupError, type Role } from '../runtime/runtime.js';

function parseRoles(argv: string[]): Role[] | undefined {
  const index = argv.indexOf('--role');
  if (index === -1) return undefined;
  const role = argv[index + 1];
  if (role !== 'api' && role !== 'worker') {
    console.error(`--role must be "api" or "worker", got ${role ?? 'nothing'}`);
    process.exit(2);
  }
  return [role];
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const roles = parseRoles(process.argv.slice(2));
  let product;
  try {
    product = await startProduct(config, roles ? { roles } : {});
  } catch (error) {
    if (error instanceof StartupError) {
      console.error(`Cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  console.log('');
  console.log('Campaign engine is running.');
  if (product.apiUrl) console.log(`  API:          ${product.apiUrl}   (OpenAPI docs: ${product.apiUrl}/docs)`);
  console.log(`  Temporal:     ${product.temporalAddress}`);
  if (product.temporalUiUrl) console.log(`  Temporal UI:  ${product.temporalUiUrl}`);
  if (product.mailCatcherUrl) {
    const caught = product.devMode
      ? `caught mail: ${product.apiUrl ?? ''}/dev/mail with the bureau token`
      : 'caught mail stays in memory: /dev/mail exists only when the API listens on loopback';
    console.log(`  Mail catcher: ${product.mailCatcherUrl}   (${caught})`);
  }
  console.log(`  Database:     ${product.database}`);
  if (product.firstBureauToken) {
    console.log(`  Bureau admin token (shown once, keep it): ${product.firstBureauToken}`);
    console.log('    use it as "Authorization: Bearer <token>"; issue more with POST /tokens or npm run create-token');
  }
  if (product.demo) {
    console.log(`  Demo county created (labelled （演示）): campaign ${product.demo.campaignId} is running;`);
    console.log(
      `    its mail goes to the catcher. Office user for ${product.demo.officeName}: ${product.demo.officeToken}`,
    );
    console.log(
      `    try: curl -H "Authorization: Bearer <token>" ${product.apiUrl ?? ''}/campaigns/${product.demo.campaignId}/status`,
    );
  }
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    product
      .stop()
      .then(() => {
        console.log('stopped.');
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  void product.failed.then(async (error) => {
    if (stopping) return;
    stopping = true;
    console.error(`Stopped: ${error.message}`);
    await product.stop().catch(() => undefined);
    process.exit(1);
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
