// The entry of PGlite's worker thread (pglite-thread.ts): the worker is TypeScript like
// the rest, so the thread loads tsx first, whoever started the process (bin/stagecoach,
// vitest, tsx).
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
