// Prisma CLI configuration. The JavaScript schema engine (engine: "js") talks to the
// database through a driver adapter, so the CLI never needs a native engine download.
// Used by `npm run db:diff` to write migrations offline; runtime code does not read it.
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  engine: 'js',
  experimental: { adapter: true },
  adapter() {
    // Same cast as src/adapters/db/connect.ts (older adapter-utils typings); this file
    // must not import src/, which needs the generated client that this CLI produces.
    return Promise.resolve(new PrismaPGlite(new PGlite('memory://')) as never);
  },
});
