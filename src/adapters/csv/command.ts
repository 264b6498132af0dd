// bin/stagecoach import / export: the CLI side of CSV import and export for the local
// workspace. Import: files → core importCsv in one transaction. Export: pages of deals
// or events from the database → CSV on stdout (the reply goes to stderr, so that
// `stagecoach export > deals.csv` holds nothing but the CSV).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { DirectoryLockedError } from '../db/pglite-lock.js';
import { createTransactor, dealPages, eventPages } from '../db/import-store.js';
import { createLogger } from '../log.js';
import { terminalJson, terminalText } from '../shell/terminal-text.js';
import { localIdentity, openApp, type App, type Identity } from '../../app.js';
import type { Config } from '../../config.js';
import { DEALS_HEADER_LINE, dealLine, eventLine, HISTORY_HEADER_LINE } from '../../core/csv/export.js';
import { importCsv, type ImportLimits, type ImportSource } from '../../core/csv/import.js';
import { csvSay } from '../../core/csv/texts.js';
import type { Role } from '../../core/model.js';
import { exitCodeOf, fail, ok, type Reply } from '../../core/reply.js';
import { errorReply, type Context } from '../../core/usecases/index.js';
import { isManager } from '../../core/usecases/context.js';
import { MAX_FILE_BYTES, openSource } from './read.js';

export interface ImportFlags {
  dryRun: boolean;
  historical: boolean;
  limits?: Partial<ImportLimits>;
  maxBytes?: number;
  onError?: (err: unknown) => void;
}

async function contextOf(app: App, identity: Identity): Promise<Context | Reply> {
  try {
    return await app.context(identity);
  } catch (err) {
    return errorReply(err, identity.locale ?? app.config.defaultLocale);
  }
}

/** `stagecoach import <deals.csv> [<history.csv>] [--dry-run] [--historical]` */
export async function importCommand(app: App, identity: Identity, files: readonly string[], flags: ImportFlags): Promise<Reply> {
  const ctx = await contextOf(app, identity);
  if ('ok' in ctx) return ctx;
  const locale = ctx.workspace.locale;
  if (!isManager(ctx)) return fail('FORBIDDEN', csvSay(locale, 'importForbidden'));
  if (files.length === 0 || files.length > 2) return fail('USAGE', csvSay(locale, 'usageImport'));
  const sources: ImportSource[] = [];
  for (const file of files) {
    const source = await openSource(file, locale, flags.maxBytes ?? MAX_FILE_BYTES);
    if ('ok' in source) return source;
    sources.push(source);
  }
  return importCsv(ctx, sources, createTransactor(app.db.prisma), {
    dryRun: flags.dryRun,
    historical: flags.historical,
    ...(flags.limits && { limits: flags.limits }),
    ...(flags.onError && { onError: flags.onError }),
  });
}

/** Writes with back-pressure; false once the reader has gone away (e.g. `| head`). */
class Sink {
  private buffer = '';
  private closed = false;

  constructor(private readonly out: Writable) {
    out.on('error', () => {
      this.closed = true;
    });
  }

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= 64 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.closed || this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.out.write(chunk)) await Promise.race([once(this.out, 'drain'), once(this.out, 'close'), once(this.out, 'error')]).catch(() => {});
  }
}

export type ExportKind = 'deals' | 'history';

/** Streams the local workspace's deals or stage history as CSV to `out`; the reply summarises. */
export async function exportCsv(
  app: App,
  identity: Identity,
  kind: ExportKind,
  out: Writable,
  onError: (err: unknown) => void = () => {},
): Promise<Reply> {
  const ctx = await contextOf(app, identity);
  if ('ok' in ctx) return ctx;
  const locale = ctx.workspace.locale;
  const ws = ctx.workspace.id;
  const sink = new Sink(out);
  try {
    if (kind === 'deals') {
      let count = 0;
      await sink.write(DEALS_HEADER_LINE);
      for await (const page of dealPages(app.db.prisma, ws)) {
        for (const deal of page) await sink.write(dealLine(deal));
        count += page.length;
      }
      await sink.flush();
      return ok(csvSay(locale, 'exported', { count }), { kind, deals: count });
    }
    let events = 0;
    let deals = 0;
    await sink.write(HISTORY_HEADER_LINE);
    for await (const page of eventPages(app.db.prisma, ws)) {
      for (const { deal, events: list } of page) {
        for (const e of list) await sink.write(eventLine(deal, e));
        events += list.length;
      }
      deals += page.length;
    }
    await sink.flush();
    return ok(csvSay(locale, 'exportedHistory', { count: events, deals }), { kind, deals, events });
  } catch (err) {
    onError(err);
    return errorReply(err, locale);
  }
}

export interface CliFlags {
  json: boolean;
  as?: string;
  role?: Role;
}

/**
 * `stagecoach export [deals|history]`: the CSV goes to stdout, the reply to stderr (as
 * JSON with --json). Exit codes as for every subcommand.
 */
export async function exportCommand(config: Config, positionals: readonly string[], flags: CliFlags): Promise<number> {
  const report = (reply: Reply): number => {
    if (flags.json) process.stderr.write(`${terminalJson(reply)}\n`);
    else process.stderr.write(terminalText(reply.ok ? `${reply.text}\n` : `${reply.code}: ${reply.text}\n`));
    return exitCodeOf(reply);
  };
  const kind = positionals[0] ?? 'deals';
  if ((kind !== 'deals' && kind !== 'history') || positionals.length > 1) {
    return report(fail('USAGE', csvSay(config.defaultLocale, 'usageExport')));
  }
  const logger = createLogger(config.logLevel);
  let app: App;
  try {
    app = await openApp(config, { onError: (err, input) => logger.error({ err, input }, 'command failed') });
  } catch (err) {
    if (err instanceof DirectoryLockedError) return report(fail('LOCKED', err.message, { pid: err.holderPid }));
    logger.error({ err }, 'cannot open the database');
    return report(fail('UNAVAILABLE', `Cannot open the database: ${(err as Error).message}`));
  }
  try {
    const onError = (err: unknown) => logger.error({ err }, 'export failed');
    return report(await exportCsv(app, localIdentity(config, flags.as, flags.role), kind, process.stdout, onError));
  } finally {
    await app.close();
  }
}
