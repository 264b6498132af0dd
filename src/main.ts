// Wiring only: read config, build adapters, start, stop.
import { DirectoryLockedError } from './adapters/db/pglite-lock.js';
import type { FrontDoor } from './adapters/front-door.js';
import { createLogger, type Logger } from './adapters/log.js';
import { runRepl } from './adapters/shell/repl.js';
import { createSlackDoor } from './adapters/slack/app.js';
import { localIdentity, openApp, type App } from './app.js';
import type { Config } from './config.js';
import { postersFor } from './adapters/notify/index.js';
import { startJobs } from './jobs.js';

/** Chat front doors configured by settings; empty means "use the terminal". */
async function chatFrontDoors(app: App, config: Config, logger: Logger): Promise<FrontDoor[]> {
  const doors: FrontDoor[] = [];
  if (config.slack) doors.push(createSlackDoor({ app, slack: config.slack, port: config.port, logger }));
  if (config.discord) doors.push((await import('./adapters/discord/door.js')).createDiscordDoor({ app, config: config.discord, logger }));
  return doors;
}

export async function start(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  let app: App;
  try {
    app = await openApp(config, { onError: (err, input) => logger.error({ err, input }, 'command failed') });
  } catch (err) {
    if (err instanceof DirectoryLockedError) {
      process.stderr.write(`LOCKED: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const doors = await chatFrontDoors(app, config, logger);
  const terminal = doors.length === 0;
  // Bot and worker run together by default; `bin/stagecoach worker` adds more workers.
  const jobs = await startJobs(app, config, {
    posters: postersFor(config, terminal ? (text) => process.stdout.write(`\n${text}`) : undefined),
    logger,
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop taking work, let what is in flight finish, then close queues and the database.
      await Promise.allSettled(doors.map((d) => d.stop()));
      await jobs.close();
      await app.close();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  logger.info({ database: app.db.kind, frontDoors: doors.map((d) => d.name), jobs: config.redisUrl ? 'bullmq' : 'in-process' }, 'stagecoach started');

  if (doors.length > 0) {
    for (const door of doors) await door.start();
    // Runs until a signal stops it.
    await new Promise<never>(() => {});
  }
  const identity = localIdentity(config);
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
