// npm postinstall: generate the Prisma client with no download.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { offlinePrismaEnv } from './prisma-env.mjs';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate', '--no-hints'], {
  stdio: 'inherit',
  env: offlinePrismaEnv(),
});
process.exit(result.status ?? 1);
