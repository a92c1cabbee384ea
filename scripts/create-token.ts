// `npm run create-token -- --role bureau-admin --name "Zhang San" [--office <officeId>]`
// Issues a sign-in token and prints it once. With the embedded database it uses the running product's
// server, or starts and stops one of its own when the product is stopped.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../infra/config.js';
import { openProductDatabase } from '../infra/db.js';
import { createToken, ROLES, type Role } from '../app/access/tokens.js';

const { values } = parseArgs({
  options: { role: { type: 'string', default: 'bureau-admin' }, name: { type: 'string' }, office: { type: 'string' } },
});
if (!(ROLES as readonly string[]).includes(values.role)) {
  console.error(`--role must be one of ${ROLES.join(', ')}`);
  process.exit(2);
}
if (!values.name) {
  console.error('--name is required: who will use this token');
  process.exit(2);
}
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
const database = await openProductDatabase(config, (line) => console.error(line));
const { db } = database;
try {
  const { token } = await createToken(db.prisma, {
    name: values.name,
    role: values.role as Role,
    officeId: values.office ?? null,
  });
  console.log(token);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
