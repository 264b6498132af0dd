// bin/stagecoach: one entry point, subcommands, and the exit-code contract
// (0 ok, 1 domain error, 2 usage or configuration error).
import { parseArgs } from 'node:util';
import { DirectoryLockedError } from './adapters/db/pglite-lock.js';
import { createLogger, type Logger } from './adapters/log.js';
import { terminalJson, terminalText } from './adapters/shell/terminal-text.js';
import { localIdentity, openApp, type App } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ROLES, type Role } from './core/model.js';
import { exitCodeOf, fail, ok, type Reply } from './core/reply.js';

const USAGE = `Usage: stagecoach <command> [options]

Commands:
  start                      start the bot (terminal chat when no Slack/Discord tokens are set)
  run "<command>" [--json] [--as <user>] [--role rep|manager|admin]
                             run one chat command and exit
  migrate                    apply pending database migrations
  demo                       load a deterministic sample pipeline into the local workspace
  worker                     scaled mode: work scheduled jobs from Redis (REDIS_URL) until SIGTERM
  backup <file>              embedded mode: write the whole database to <file> (gzip tar)
  restore <file>             embedded mode: replace the database with a backup (stop the bot first)
  discord register [--guild <id>] [--json]
                             register the Discord slash commands (a server at once, or global)
  import <deals.csv> [<history.csv>] [--dry-run] [--historical]   import deals (and history) from CSV (managers)
  export [deals|history] > file.csv                              export the local workspace as CSV
  help                       this text

Exit codes: 0 ok, 1 the command failed (see the reply's code), 2 usage or configuration error.`;

interface Output {
  json: boolean;
}

function emit(reply: Reply, out: Output): number {
  if (out.json) process.stdout.write(`${terminalJson(reply)}\n`);
  else if (reply.ok) process.stdout.write(`${terminalText(reply.text)}\n`);
  else process.stderr.write(`${reply.code}: ${terminalText(reply.text)}\n`);
  return exitCodeOf(reply);
}

/** Re-quotes argv words so `run deal new "Acme Corp"` means the same as one quoted string. */
function joinWords(words: string[]): string {
  if (words.length === 1) return words[0] ?? '';
  return words.map((w) => (/\s/.test(w) || w === '' ? `"${w.replace(/"/g, '\\"')}"` : w)).join(' ');
}

async function withApp(config: Config, out: Output, body: (app: App, logger: Logger) => Promise<Reply>): Promise<number> {
  const logger = createLogger(config.logLevel);
  let app: App;
  try {
    app = await openApp(config, { onError: (err, input) => logger.error({ err, input }, 'command failed') });
  } catch (err) {
    if (err instanceof DirectoryLockedError) return emit(fail('LOCKED', err.message, { pid: err.holderPid }), out);
    logger.error({ err }, 'cannot open the database');
    return emit(fail('UNAVAILABLE', `Cannot open the database: ${(err as Error).message}`), out);
  }
  try {
    return emit(await body(app, logger), out);
  } finally {
    await app.close();
  }
}

async function backupOrRestore(sub: 'backup' | 'restore', config: Config, file: string): Promise<Reply> {
  if (config.databaseUrl) {
    return fail('INVALID', 'backup and restore are for the embedded database; for PostgreSQL use pg_dump and pg_restore.');
  }
  const { backupPglite, restorePglite, InvalidBackupError, BackupTooLargeError } = await import('./adapters/backup/pglite-backup.js');
  try {
    if (sub === 'backup') {
      const r = await backupPglite(config.dataDir, file);
      return ok(`Backed up ${config.dataDir} to ${r.file} (${r.bytes} bytes).`, { file: r.file, bytes: r.bytes });
    }
    const r = await restorePglite(config.dataDir, file);
    return ok(`Restored ${file}: ${r.deals} deals, ${r.events} stage events.`, r);
  } catch (err) {
    if (err instanceof DirectoryLockedError) return fail('LOCKED', `${err.message} Stop it first.`, { pid: err.holderPid });
    if (err instanceof InvalidBackupError) return fail('INVALID', err.message, err.needs ? { needs: err.needs } : undefined);
    if (err instanceof BackupTooLargeError) return fail('TOO_LARGE', err.message, { maxBytes: err.maxBytes });
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fail('INVALID', `No such file: ${file}`);
    throw err;
  }
}

async function main(argv: string[]): Promise<number> {
  const [sub = 'start', ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        as: { type: 'string' },
        role: { type: 'string' },
        guild: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        historical: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    return emit(fail('USAGE', `${(err as Error).message}\n\n${USAGE}`), { json: rest.includes('--json') });
  }
  const out = { json: parsed.values.json ?? false };
  const role = parsed.values.role;
  if (role !== undefined && !(ROLES as readonly string[]).includes(role)) {
    return emit(fail('USAGE', `--role must be one of ${ROLES.join(', ')}`), out);
  }

  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      return emit(fail('USAGE', err.message, { problems: err.problems }), out);
    }
    throw err;
  }

  switch (sub) {
    case 'help':
    case '--help':
    case '-h':
      return emit(ok(USAGE), out);
    case 'run': {
      const input = joinWords(parsed.positionals);
      if (!input.trim()) return emit(fail('USAGE', USAGE), out);
      const identity = localIdentity(config, parsed.values.as, role as Role | undefined);
      return withApp(config, out, async (app) => {
        if (/^\s*\/?(digest|简报)\b/i.test(input)) {
          // Only digests need charts and posters: other commands start faster without them.
          const [{ digestService }, { postersFor }] = await Promise.all([import('./jobs.js'), import('./adapters/notify/index.js')]);
          app.attachDigests(digestService(app, config, postersFor(config)));
        }
        return app.run(identity, input);
      });
    }
    case 'migrate':
      return withApp(config, out, async (app) =>
        ok(app.db.applied.length ? `Applied: ${app.db.applied.join(', ')}` : 'Database is up to date.', { applied: app.db.applied }),
      );
    case 'demo': {
      const { loadDemo } = await import('./demo/load.js');
      return withApp(config, out, (app) => loadDemo(app, localIdentity(config)));
    }
    case 'discord': {
      const { discordCommand } = await import('./adapters/discord/register.js');
      return emit(await discordCommand(config, parsed.positionals, { guild: parsed.values.guild }), out);
    }
    case 'backup':
    case 'restore': {
      const file = parsed.positionals[0];
      if (!file || parsed.positionals.length > 1) return emit(fail('USAGE', `Usage: stagecoach ${sub} <file>`), out);
      return emit(await backupOrRestore(sub, config, file), out);
    }
    case 'import': {
      const { importCommand } = await import('./adapters/csv/command.js');
      const identity = localIdentity(config, parsed.values.as, role as Role | undefined);
      const flags = { dryRun: parsed.values['dry-run'] ?? false, historical: parsed.values.historical ?? false };
      return withApp(config, out, (app, logger) =>
        importCommand(app, identity, parsed.positionals, { ...flags, onError: (err) => logger.error({ err }, 'import failed') }),
      );
    }
    case 'export': {
      const { exportCommand } = await import('./adapters/csv/command.js');
      return exportCommand(config, parsed.positionals, { json: out.json, as: parsed.values.as, role: role as Role | undefined });
    }
    case 'worker': {
      const { runWorker } = await import('./worker.js');
      return runWorker(config, (reply) => emit(reply, out));
    }
    case 'start': {
      const { start } = await import('./main.js');
      return start(config);
    }
    default:
      return emit(fail('USAGE', `Unknown command "${sub}".\n\n${USAGE}`), out);
  }
}

process.exitCode = await main(process.argv.slice(2));
