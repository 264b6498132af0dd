// Wiring only: read config, build adapters, start, stop.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DirectoryLockedError } from './adapters/db/pglite-lock.js';
import type { FrontDoor } from './adapters/front-door.js';
import { healthHandler, startHealthServer, type HealthChecks } from './adapters/http/health.js';
import { createLogger, type Logger } from './adapters/log.js';
import { postersFor } from './adapters/notify/index.js';
import { runRepl } from './adapters/shell/repl.js';
import { createSlackDoor } from './adapters/slack/app.js';
import { localIdentity, openApp, type App } from './app.js';
import type { Config } from './config.js';
import { startJobs } from './jobs.js';
import { answerForwarded } from './cli-commands.js';
import { startControlServer } from './adapters/control/server.js';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** Chat front doors configured by settings; empty means "use the terminal". */
async function chatFrontDoors(app: App, config: Config, logger: Logger, routes: Record<string, Route>): Promise<FrontDoor[]> {
  const doors: FrontDoor[] = [];
  if (config.slack) doors.push(createSlackDoor({ app, slack: config.slack, port: config.port, logger, httpRoutes: routes }));
  if (config.discord) doors.push((await import('./adapters/discord/door.js')).createDiscordDoor({ app, config: config.discord, logger }));
  if (config.feishu) {
    const { createFeishuDoor } = await import('./adapters/feishu/door.js');
    doors.push(createFeishuDoor({ app, config: config.feishu, logger, port: config.port, httpRoutes: routes }));
  }
  if (config.dingtalk) doors.push((await import('./adapters/dingtalk/door.js')).createDingTalkDoor({ app, config: config.dingtalk, logger }));
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
  const terminal = !config.slack && !config.discord && !config.feishu && !config.dingtalk;
  // Bot and worker run together by default; `bin/stagecoach worker` adds more workers.
  const jobs = await startJobs(app, config, {
    posters: postersFor(config, terminal ? (text) => process.stdout.write(`\n${text}`) : undefined),
    logger,
  });
  let accepting = true;
  const checks: HealthChecks = {
    database: async () => {
      await app.db.sql.query('SELECT 1');
    },
    ...(jobs.pingRedis && { redis: jobs.pingRedis }),
    accepting: () => accepting,
  };
  const health = healthHandler(checks);
  const route: Route = (req, res) => void health(req, res);
  const doors = await chatFrontDoors(app, config, logger, { '/healthz': route, '/readyz': route });
  // The embedded database admits one process: the CLI reaches it through this socket.
  const control =
    app.db.kind === 'pglite' ? await startControlServer(config.dataDir, (argv, io) => answerForwarded(argv, io, config, app, logger), logger) : undefined;

  let server: Server | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop taking work, let what is in flight finish, then close queues and the database.
      accepting = false;
      await Promise.allSettled([...doors.map((d) => d.stop()), control?.close()]);
      await jobs.close();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      await app.close();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping');
      void stop().then(() => process.exit(0));
    });
  }

  for (const door of doors) await door.start();
  // Slack's HTTP mode and Feishu's callback mode serve /healthz and /readyz on their own port.
  const doorOwnsPort = (config.slack !== undefined && config.slack.appToken === undefined) || config.feishu?.mode === 'http';
  if (!terminal && !doorOwnsPort) {
    try {
      server = await startHealthServer(config.port, checks);
    } catch (err) {
      logger.error({ err, port: config.port }, 'health endpoints not served: the port is taken');
    }
  }
  logger.info(
    { database: app.db.kind, frontDoors: doors.map((d) => d.name), jobs: config.redisUrl ? 'bullmq' : 'in-process' },
    'stagecoach started',
  );
  if (!terminal) return new Promise<number>(() => {}); // runs until a signal stops it

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
