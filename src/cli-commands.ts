// The CLI's subcommands, written against an `Io` (where stdout and stderr go, which
// directory relative paths mean) and an `AppSource` (where the database comes from), so
// that the same code answers in the CLI's own process and, through the control socket,
// inside the running bot: same replies, same exit codes, same permissions.
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { listWorkspaces } from './adapters/db/workspace-list.js';
import type { Logger } from './adapters/log.js';
import { terminalJson, terminalText } from './adapters/shell/terminal-text.js';
import type { App, Identity } from './app.js';
import type { Config } from './config.js';
import { cliSay, USAGE } from './cli-texts.js';
import { ROLES, type Role } from './core/model.js';
import { exitCodeOf, fail, ok, type Reply } from './core/reply.js';

export interface Io {
  stdout: Writable;
  stderr: Writable;
  /** The caller's working directory when it is not this process's (a request over the control socket). */
  cwd?: string;
}

/** Lends an open App to `body`; a Reply when the database cannot be opened (LOCKED, UNAVAILABLE). */
export type AppSource = <T extends Reply | number>(body: (app: App, logger: Logger) => Promise<T>) => Promise<T | Reply>;

/** Subcommands that act on the database and so go through a running bot when there is one. */
export const FORWARDED = new Set(['run', 'import', 'export', 'demo', 'workspaces']);
const IN_A_WORKSPACE = new Set(['run', 'import', 'export', 'demo', 'workspaces']);

export interface Output {
  json: boolean;
  /** export writes its CSV to stdout, so its reply goes to stderr. */
  replyTo: 'stdout' | 'stderr';
}

export function emit(reply: Reply, out: Output, io: Io): number {
  const stream = out.replyTo === 'stderr' ? io.stderr : io.stdout;
  if (out.json) stream.write(`${terminalJson(reply)}\n`);
  else if (reply.ok) stream.write(`${terminalText(reply.text)}\n`);
  else io.stderr.write(`${reply.code}: ${terminalText(reply.text)}\n`);
  return exitCodeOf(reply);
}

/** Re-quotes argv words so `run deal new "Acme Corp"` means the same as one quoted string. */
function joinWords(words: string[]): string {
  if (words.length === 1) return words[0] ?? '';
  return words.map((w) => (/\s/.test(w) || w === '' ? `"${w.replace(/"/g, '\\"')}"` : w)).join(' ');
}

export function parseCli(argv: readonly string[]) {
  const [sub = 'start', ...rest] = argv;
  const parsed = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      as: { type: 'string' },
      role: { type: 'string' },
      workspace: { type: 'string' },
      guild: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      historical: { type: 'boolean', default: false },
    },
  });
  return { sub, values: parsed.values, positionals: parsed.positionals };
}
export type ParsedCli = ReturnType<typeof parseCli>;

export function outputOf(parsed: Pick<ParsedCli, 'sub' | 'values'>): Output {
  return { json: parsed.values.json ?? false, replyTo: parsed.sub === 'export' ? 'stderr' : 'stdout' };
}

/** Checks that do not need the database; a Reply when the arguments are refused. */
export function checkArgs(parsed: ParsedCli, config: Config): Reply | undefined {
  const role = parsed.values.role;
  if (role !== undefined && !(ROLES as readonly string[]).includes(role)) {
    return fail('USAGE', `--role must be one of ${ROLES.join(', ')}`);
  }
  const workspace = parsed.values.workspace;
  if (workspace !== undefined && (parsed.sub === 'backup' || parsed.sub === 'restore')) {
    return fail('USAGE', cliSay(config.defaultLocale, 'backupWholeDatabase', { sub: parsed.sub }));
  }
  if (workspace !== undefined && !IN_A_WORKSPACE.has(parsed.sub)) {
    return fail('USAGE', cliSay(config.defaultLocale, 'workspaceNotHere', { sub: parsed.sub }));
  }
  return undefined;
}

/**
 * Who the CLI acts as: `--as` (default the configured local user, an admin unless `--role`
 * says otherwise, for that run only) in `--workspace` (default `local`). Any workspace but
 * `local` must exist already: it is created by its chat platform, not by a typo.
 */
async function identityIn(app: App, config: Config, parsed: ParsedCli): Promise<Identity | Reply> {
  const { localIdentity } = await import('./app.js');
  const base = localIdentity(config, parsed.values.as, parsed.values.role as Role | undefined);
  const id = parsed.values.workspace;
  if (id === undefined || id === 'local') return base;
  const ws = await app.store.getWorkspace(id);
  if (ws) return { ...base, workspaceId: ws.id, workspaceName: ws.name, locale: ws.locale, timezone: ws.timezone };
  const known = (await listWorkspaces(app.db.sql)).map((w) => w.id);
  if (!known.includes('local')) known.unshift('local');
  return fail('USAGE', cliSay(config.defaultLocale, 'unknownWorkspace', { id, known: known.join(', ') }), { workspace: id, known });
}

function isReply(x: Identity | Reply): x is Reply {
  return 'ok' in x;
}

function pathFor(io: Io, file: string): string {
  return io.cwd === undefined || isAbsolute(file) || file === '-' ? file : resolve(io.cwd, file);
}

async function workspacesReply(app: App, config: Config): Promise<Reply> {
  const list = await listWorkspaces(app.db.sql);
  if (list.length === 0) return ok(cliSay(config.defaultLocale, 'noWorkspaces'), { workspaces: [] });
  const lines = list.map((w) => cliSay(config.defaultLocale, 'workspaceLine', { ...w }));
  return ok(lines.join('\n'), { workspaces: list });
}

/**
 * The subcommands that act in the database (FORWARDED). Arguments are already checked;
 * the reply goes to `io` and the exit code is returned.
 */
export async function runInDatabase(parsed: ParsedCli, config: Config, io: Io, withApp: AppSource): Promise<number> {
  const out = outputOf(parsed);
  const done = (r: Reply | number) => (typeof r === 'number' ? r : emit(r, out, io));
  switch (parsed.sub) {
    case 'run': {
      const input = joinWords(parsed.positionals);
      if (!input.trim()) return emit(fail('USAGE', USAGE), out, io);
      return done(
        await withApp(async (app) => {
          const identity = await identityIn(app, config, parsed);
          if (isReply(identity)) return identity;
          if (/^\s*\/?(digest|简报)\b/i.test(input)) {
            // Only digests need charts and posters: other commands start faster without them.
            const [{ digestService }, { postersFor }] = await Promise.all([import('./jobs.js'), import('./adapters/notify/index.js')]);
            app.attachDigests(digestService(app, config, postersFor(config)));
          }
          return app.run(identity, input);
        }),
      );
    }
    case 'workspaces':
      return done(await withApp((app) => workspacesReply(app, config)));
    case 'demo': {
      const { loadDemo } = await import('./demo/load.js');
      // The demo's own team acts; --as and --role do not apply (as before --workspace).
      const demoParsed = { ...parsed, values: { ...parsed.values, as: undefined, role: undefined } };
      return done(
        await withApp(async (app) => {
          const identity = await identityIn(app, config, demoParsed);
          return isReply(identity) ? identity : loadDemo(app, identity);
        }),
      );
    }
    case 'import': {
      const { importCommand } = await import('./adapters/csv/command.js');
      const flags = { dryRun: parsed.values['dry-run'] ?? false, historical: parsed.values.historical ?? false };
      const files = parsed.positionals.map((f) => pathFor(io, f));
      return done(
        await withApp(async (app, logger) => {
          const identity = await identityIn(app, config, parsed);
          if (isReply(identity)) return identity;
          return importCommand(app, identity, files, { ...flags, onError: (err) => logger.error({ err }, 'import failed') });
        }),
      );
    }
    case 'export': {
      const kind = parsed.positionals[0] ?? 'deals';
      const { csvSay } = await import('./core/csv/texts.js');
      if ((kind !== 'deals' && kind !== 'history') || parsed.positionals.length > 1) {
        return emit(fail('USAGE', csvSay(config.defaultLocale, 'usageExport')), out, io);
      }
      const { exportCsv } = await import('./adapters/csv/command.js');
      return done(
        await withApp(async (app, logger) => {
          const identity = await identityIn(app, config, parsed);
          const onError = (err: unknown) => logger.error({ err }, 'export failed');
          return isReply(identity) ? identity : exportCsv(app, identity, kind, io.stdout, onError);
        }),
      );
    }
    default:
      return emit(fail('USAGE', `Unknown command "${parsed.sub}".\n\n${USAGE}`), out, io);
  }
}

/** The arguments parsed, or the USAGE reply (and where it goes) when they cannot be. */
export function parseOrRefuse(argv: readonly string[]): ParsedCli | { refused: Reply; out: Output } {
  try {
    return parseCli(argv);
  } catch (err) {
    return { refused: fail('USAGE', `${(err as Error).message}\n\n${USAGE}`), out: { json: argv.includes('--json'), replyTo: argv[0] === 'export' ? 'stderr' : 'stdout' } };
  }
}

/** A request that came through the control socket, answered with the running bot's App. */
export async function answerForwarded(argv: readonly string[], io: Io, config: Config, app: App, logger: Logger): Promise<number> {
  const parsed = parseOrRefuse(argv);
  if ('refused' in parsed) return emit(parsed.refused, parsed.out, io);
  const out = outputOf(parsed);
  if (!FORWARDED.has(parsed.sub)) return emit(fail('USAGE', `Unknown command "${parsed.sub}".\n\n${USAGE}`), out, io);
  const refused = checkArgs(parsed, config);
  if (refused) return emit(refused, out, io);
  return runInDatabase(parsed, config, io, (body) => body(app, logger));
}
