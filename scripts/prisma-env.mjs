// The Prisma CLI probes for native engine files at start-up and tries to download
// them when absent. With engineType "client" and the JS schema engine they are never
// used, so pointing the probes at an existing file keeps every command offline.
import { fileURLToPath } from 'node:url';

const placeholder = fileURLToPath(new URL('../package.json', import.meta.url));

export function offlinePrismaEnv(env = process.env) {
  return {
    ...env,
    PRISMA_SCHEMA_ENGINE_BINARY: env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  };
}
