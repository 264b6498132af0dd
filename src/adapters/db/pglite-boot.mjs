// The entry of PGlite's worker thread (pglite-thread.ts). Beside the compiled build
// (dist/, see scripts/build.mjs) it loads the compiled worker; beside the sources it
// loads tsx first, whoever started the process (bin/stagecoach, vitest, tsx).
import { existsSync } from 'node:fs';

const compiled = new URL('./pglite-worker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./pglite-worker.ts');
}
