// bin/stagecoach: one entry point, subcommands, and the exit-code contract
// (0 ok, 1 domain error, 2 usage or configuration error). Heavy modules (the database,
// chat platforms, jobs) are imported only by the subcommands that need them, so that a
// command answered by the running bot starts in the time Node itself takes.
import { forwardToBot } from './adapters/control/client.js';
import type { AppSource, Io, Output, ParsedCli } from './cli-commands.js';
import type { Config } from './config.js';
import { checkArgs, emit, FORWARDED, outputOf, parseOrRefuse, runInDatabase } from './cli-commands.js';
import { cliSay, USAGE } from './cli-texts.js';
import { earlyEnv } from './config-env.js';
import { fail, ok } from './core/reply.js';

const io: Io = { stdout: process.stdout, stderr: process.stderr };

/** Opens the database in this process for one command, and closes it after. */
function ownApp(config: Config): AppSource {
  return async (body) => {
    const [{ createLogger }, { openApp }, { DirectoryLockedError }] = await Promise.all([
      import('./adapters/log.js'),
      import('./app.js'),
      import('./adapters/db/pglite-lock.js'),
    ]);
    const logger = createLogger(config.logLevel);
    let app;
    try {
      app = await openApp(config, { onError: (err, input) => logger.error({ err, input }, 'command failed') });
    } catch (err) {
      if (err instanceof DirectoryLockedError) return fail('LOCKED', err.message, { pid: err.holderPid });
      logger.error({ err }, 'cannot open the database');
      return fail('UNAVAILABLE', `Cannot open the database: ${(err as Error).message}`);
    }
    try {
      return await body(app, logger);
    } finally {
      await app.close();
    }
  };
}

/**
 * Through the running bot when one listens on this data directory (decided before the
 * configuration is loaded: the bot checks it); undefined when the command runs here.
 */
async function throughBot(argv: readonly string[], parsed: ParsedCli, out: Output): Promise<number | undefined> {
  const env = earlyEnv();
  if (env.postgres) return undefined;
  const readsStdin = parsed.sub === 'import' && parsed.positionals.includes('-');
  const forwarded = await forwardToBot(env.dataDir, argv, io, { readsStdin });
  switch (forwarded.kind) {
    case 'absent':
      return undefined;
    case 'done':
      return forwarded.code;
    case 'stopped':
      return emit(fail('UNAVAILABLE', cliSay(env.locale, 'botStopped')), out, io);
    case 'stdin':
      return emit(fail('USAGE', cliSay(env.locale, 'stdinThroughBot')), out, io);
    case 'refused':
      return emit(fail('UNAVAILABLE', cliSay(env.locale, 'notYourSocket', { path: forwarded.path })), out, io);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseOrRefuse(argv.length ? argv : ['start']);
  if ('refused' in parsed) return emit(parsed.refused, parsed.out, io);
  const out = outputOf(parsed);
  if (FORWARDED.has(parsed.sub)) {
    const answered = await throughBot(argv, parsed, out);
    if (answered !== undefined) return answered;
  }

  const { ConfigError, loadConfig } = await import('./config.js');
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) return emit(fail('USAGE', err.message, { problems: err.problems }), out, io);
    throw err;
  }
  const refused = checkArgs(parsed, config);
  if (refused) return emit(refused, out, io);
  if (FORWARDED.has(parsed.sub)) return runInDatabase(parsed, config, io, ownApp(config));

  switch (parsed.sub) {
    case 'help':
    case '--help':
    case '-h':
      return emit(ok(USAGE), out, io);
    case 'migrate':
      return emit(
        await ownApp(config)(async (app) =>
          ok(app.db.applied.length ? `Applied: ${app.db.applied.join(', ')}` : 'Database is up to date.', { applied: app.db.applied }),
        ),
        out,
        io,
      );
    case 'discord': {
      const { discordCommand } = await import('./adapters/discord/register.js');
      return emit(await discordCommand(config, parsed.positionals, { guild: parsed.values.guild }), out, io);
    }
    case 'backup':
    case 'restore': {
      const file = parsed.positionals[0];
      if (!file || parsed.positionals.length > 1) return emit(fail('USAGE', `Usage: stagecoach ${parsed.sub} <file>`), out, io);
      const { backupOrRestore } = await import('./cli-backup.js');
      return emit(await backupOrRestore(parsed.sub, config, file), out, io);
    }
    case 'worker': {
      const { runWorker } = await import('./worker.js');
      return runWorker(config, (reply) => emit(reply, out, io));
    }
    case 'start': {
      const { start } = await import('./main.js');
      return start(config);
    }
    default:
      return emit(fail('USAGE', `Unknown command "${parsed.sub}".\n\n${USAGE}`), out, io);
  }
}

process.exitCode = await main(process.argv.slice(2));
