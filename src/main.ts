// Wiring only: read config, build adapters, start, stop.
import { DirectoryLockedError } from './adapters/db/pglite-lock.js';
import { createLogger } from './adapters/log.js';
import { runRepl } from './adapters/shell/repl.js';
import { localIdentity, openApp } from './app.js';
import type { Config } from './config.js';

export async function start(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  let app;
  try {
    app = await openApp(config, { onError: (err, input) => logger.error({ err, input }, 'command failed') });
  } catch (err) {
    if (err instanceof DirectoryLockedError) {
      process.stderr.write(`LOCKED: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const identity = localIdentity(config);
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= app.close());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  logger.info({ database: app.db.kind }, 'stagecoach started');
  await runRepl({
    input: process.stdin,
    output: process.stdout,
    prompt: 'stagecoach> ',
    greeting: `Stagecoach terminal chat: workspace "local", you are ${identity.userId} (admin). Type "help", or "exit" to leave.`,
    handle: (line) => app.run(identity, line),
  });
  await stop();
  return 0;
}
