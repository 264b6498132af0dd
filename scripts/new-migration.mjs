// npm run db:migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql
// from the difference between the last migration's schema snapshot and
// prisma/schema.prisma, offline (Prisma's `migrate dev` needs a shadow database and the
// native engine; `migrate diff` between two schema files needs neither).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { offlinePrismaEnv } from './prisma-env.mjs';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name in snake_case>');
  process.exit(2);
}
const dir = 'prisma/migrations';
const last = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort().at(-1);
const from = last && join(dir, last, 'schema.snapshot.prisma');
if (from && !existsSync(from)) {
  console.error(`${from} is missing: every migration keeps the schema it was made from`);
  process.exit(1);
}
const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const args = ['migrate', 'diff', ...(from ? ['--from-schema-datamodel', from] : ['--from-empty']), '--to-schema-datamodel', 'prisma/schema.prisma', '--script'];
const r = spawnSync(process.execPath, [cli, ...args], { env: offlinePrismaEnv(), encoding: 'utf8' });
if (r.status !== 0) {
  process.stderr.write(r.stderr);
  process.exit(r.status ?? 1);
}
if (!/\b(CREATE|ALTER|DROP)\b/.test(r.stdout)) {
  console.error('No schema change since the last migration.');
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const target = join(dir, `${stamp}_${name}`);
mkdirSync(target);
writeFileSync(join(target, 'migration.sql'), r.stdout);
copyFileSync('prisma/schema.prisma', join(target, 'schema.snapshot.prisma'));
console.log(`wrote ${target}/migration.sql`);
