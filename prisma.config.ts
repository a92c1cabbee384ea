// Prisma 7 CLI configuration (read by `prisma` and by scripts/prisma.ts).
// The datasource URLs come from the environment. They are read with `process.env` rather than
// `env()` from prisma/config, because `env()` throws when the variable is unset, and
// `generate`, `validate` and `format` must work without any database.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
  },
  datasource: {
    url: process.env.DATABASE_URL,
    // Optional: `migrate dev` / `migrate diff --from-migrations` otherwise create and drop a
    // temporary shadow database on the same server.
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
