// `npm run create-token -- --role bureau-admin --name "Zhang San" [--office <officeId>] [--expires <ISO date|date-time>]`
// Issues a sign-in token and prints it once. With the embedded database it uses the running product's server, or
// starts and stops one of its own when the product is stopped. `--expires 2025-06-30` expires it at the start of that
// day, and a date-time without an offset is read the same way, in this machine's time zone; a bad or past value is
// refused (exit 2).
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { ConfigError, loadConfig } from '../infra/config.js';
import { openProductDatabase } from '../infra/db.js';
import { createToken, ROLES, TokenRequestError, type Role } from '../app/access/tokens.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'bureau-admin' },
    name: { type: 'string' },
    office: { type: 'string' },
    expires: { type: 'string' },
  },
});
if (!(ROLES as readonly string[]).includes(values.role)) {
  console.error(`--role must be one of ${ROLES.join(', ')}`);
  process.exit(2);
}
if (!values.name) {
  console.error('--name is required: who will use this token');
  process.exit(2);
}
const expiresAt = values.expires === undefined ? null : parseExpiry(values.expires);
if (expiresAt === undefined) {
  console.error(
    `--expires must be an ISO date (2025-06-30) or date-time (2025-06-30T18:00:00+08:00), not "${values.expires}"`,
  );
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
    expiresAt,
  });
  console.log(token);
} catch (error) {
  if (error instanceof TokenRequestError && error.field === 'expiresAt') {
    console.error(`--expires ${values.expires}: ${error.message}`);
    process.exitCode = 2;
  } else {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}

/** An ISO 8601 date or date-time as an instant (this machine's time zone when it names no offset), or undefined. */
function parseExpiry(text: string): Date | undefined {
  // A calendar date first: luxon would also take a bare year, a week (2025-W27) or an ordinal day (2025-181).
  if (!/^\d{4}-\d{2}-\d{2}(?:T|$)/.test(text)) return undefined;
  const at = DateTime.fromISO(text);
  return at.isValid ? at.toJSDate() : undefined;
}
