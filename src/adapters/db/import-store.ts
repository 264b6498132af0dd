// What CSV import and export need from the database beyond the Store port:
// - a Transactor: the whole import runs in one interactive transaction, through a
//   PrismaStore bound to it (so the use cases, changeStage included, write inside it),
//   and is rolled back when any row fails, on a dry run, or when a write throws;
// - a BulkWriter on the same transaction: new deals, their contacts and their events in
//   set-based INSERT … SELECT FROM jsonb_to_recordset(…) statements, a chunk at a time;
// - paged reads of every deal and every stage event, in name order, for the export.
import { randomUUID } from 'node:crypto';
import type { BulkWriter, NewDealRecord } from '../../core/csv/create.js';
import type { Transactor } from '../../core/csv/import.js';
import { normaliseName } from '../../core/pipeline.js';
import type { Deal, StageEvent } from '../../core/model.js';
import type { Prisma, PrismaClient } from '../../../generated/prisma/index.js';
import { dealInclude, toDeal, toEvent } from './rows.js';
import { PrismaStore } from './store.js';
import { isConnectionError, markUnavailable } from './unavailable.js';

class Rollback<T> extends Error {
  constructor(readonly result: T) {
    super('rollback');
  }
}

/**
 * A transaction client that PrismaStore can use as its client: PrismaStore opens its own
 * transactions for multi-statement writes; inside ours those simply join it.
 */
function asClient(tx: Prisma.TransactionClient): PrismaClient {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop === '$transaction') {
        return (arg: unknown) =>
          typeof arg === 'function' ? (arg as (t: Prisma.TransactionClient) => unknown)(target) : Promise.all(arg as Promise<unknown>[]);
      }
      return Reflect.get(target, prop, receiver);
    },
  }) as unknown as PrismaClient;
}

export interface TransactorOptions {
  /** Longest a transaction may run (a large import on a busy machine). Default 2 hours. */
  timeoutMs?: number;
  /** Longest to wait for a connection. Default 60 s. */
  maxWaitMs?: number;
}

export function createTransactor(prisma: PrismaClient, options: TransactorOptions = {}): Transactor {
  return {
    async transaction(body) {
      try {
        return await prisma.$transaction(
          async (tx) => {
            const { commit, result } = await body(markUnavailable(new PrismaStore(asClient(tx))), bulkWriter(tx));
            if (!commit) throw new Rollback(result);
            return result;
          },
          { timeout: options.timeoutMs ?? 2 * 60 * 60_000, maxWait: options.maxWaitMs ?? 60_000 },
        );
      } catch (err) {
        if (err instanceof Rollback) return err.result as never;
        if (isConnectionError(err)) throw Object.assign(new Error('database unavailable', { cause: err }), { unavailable: true });
        throw err;
      }
    },
  };
}

/** Rows per INSERT statement (one jsonb parameter each). */
const ROWS_PER_STATEMENT = 5000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const iso = (d: Date): string => d.toISOString();

function dealRecord(id: string, r: NewDealRecord) {
  const d = r.deal;
  return {
    id,
    name: d.name,
    name_key: normaliseName(d.name),
    owner: d.owner,
    stage: d.stage,
    stage_entered_at: iso(d.stageEnteredAt),
    amount: d.amount === null ? null : d.amount.toFixed(2),
    currency: d.currency,
    close_date: d.closeDate,
    industry: d.industry,
    source: d.source,
    team: d.team,
    competitors: d.competitors,
    no_competitor: d.noCompetitor,
    tags: d.tags,
    notes: d.notes,
    lost_reason: d.lostReason,
    lost_note: d.lostNote,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
    version: r.events.length,
  };
}

const INSERT_DEALS = `
INSERT INTO deal (id, workspace_id, name, name_key, owner, stage, stage_entered_at, amount, currency, close_date,
  industry, source, team, competitors, no_competitor, tags, notes, lost_reason, lost_note, created_at, updated_at, version)
SELECT r.id, $1, r.name, r.name_key, r.owner, r.stage, r.stage_entered_at, r.amount, r.currency, r.close_date,
  r.industry, r.source, r.team,
  ARRAY(SELECT jsonb_array_elements_text(r.competitors)), r.no_competitor,
  ARRAY(SELECT jsonb_array_elements_text(r.tags)), r.notes, r.lost_reason, r.lost_note, r.created_at, r.updated_at, r.version
FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, name text, name_key text, owner text, stage text, stage_entered_at timestamptz,
  amount numeric, currency text, close_date date, industry text, source text, team text, competitors jsonb, no_competitor boolean,
  tags jsonb, notes text, lost_reason text, lost_note text, created_at timestamptz, updated_at timestamptz, version int)`;

const INSERT_CONTACTS = `
INSERT INTO contact (deal_id, name, title, role, created_at)
SELECT r.deal_id, r.name, r.title, r.role, r.created_at
FROM jsonb_to_recordset($1::jsonb) AS r(i int, deal_id uuid, name text, title text, role text, created_at timestamptz)
ORDER BY r.i`;

// Event ids follow the order of the rows (the history is read back in id order).
const INSERT_EVENTS = `
INSERT INTO stage_event (workspace_id, deal_id, from_stage, to_stage, at, by, override_reason, imported)
SELECT $1, r.deal_id, r.from_stage, r.to_stage, r.at, r.by, r.override_reason, r.imported
FROM jsonb_to_recordset($2::jsonb) AS r(i int, deal_id uuid, from_stage text, to_stage text, at timestamptz, by text,
  override_reason text, imported boolean)
ORDER BY r.i`;

function bulkWriter(tx: Prisma.TransactionClient): BulkWriter {
  return {
    async existingKeys(workspaceId, keys) {
      const found = new Set<string>();
      for (const part of chunks(keys, ROWS_PER_STATEMENT)) {
        const rows = await tx.$queryRawUnsafe<{ name_key: string }[]>(
          'SELECT name_key FROM deal WHERE workspace_id = $1 AND name_key = ANY($2::text[])',
          workspaceId,
          part,
        );
        for (const r of rows) found.add(r.name_key);
      }
      return found;
    },
    async insertDeals(workspaceId, deals) {
      const ids = deals.map(() => randomUUID());
      for (const part of chunks(deals.map((d, i) => dealRecord(ids[i] as string, d)), ROWS_PER_STATEMENT)) {
        await tx.$executeRawUnsafe(INSERT_DEALS, workspaceId, JSON.stringify(part));
      }
      const contacts = deals.flatMap((d, i) =>
        d.deal.contacts.map((c) => ({ deal_id: ids[i], name: c.name, title: c.title, role: c.role, created_at: iso(c.addedAt ?? d.createdAt) })),
      );
      for (const part of chunks(contacts.map((c, i) => ({ i, ...c })), ROWS_PER_STATEMENT)) {
        await tx.$executeRawUnsafe(INSERT_CONTACTS, JSON.stringify(part));
      }
      const events = deals.flatMap((d, i) =>
        d.events.map((e) => ({ deal_id: ids[i], from_stage: e.from, to_stage: e.to, at: iso(e.at), by: e.by, override_reason: e.overrideReason, imported: e.imported })),
      );
      for (const part of chunks(events.map((e, i) => ({ i, ...e })), ROWS_PER_STATEMENT)) {
        await tx.$executeRawUnsafe(INSERT_EVENTS, workspaceId, JSON.stringify(part));
      }
    },
  };
}

const PAGE = 500;

/** Every deal of the workspace in name order, a page at a time (bounded memory). */
export async function* dealPages(prisma: PrismaClient, workspaceId: string, pageSize = PAGE): AsyncGenerator<Deal[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await prisma.deal.findMany({
      where: { workspaceId, ...(after !== undefined && { nameKey: { gt: after } }) },
      include: dealInclude,
      orderBy: { nameKey: 'asc' },
      take: pageSize,
    });
    if (rows.length === 0) return;
    yield rows.map(toDeal);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]?.nameKey;
  }
}

export interface DealEvents {
  deal: string;
  events: StageEvent[];
}

/** Every deal's stage events (deals in name order, events in the order they were recorded). */
export async function* eventPages(prisma: PrismaClient, workspaceId: string, pageSize = PAGE): AsyncGenerator<DealEvents[]> {
  let after: string | undefined;
  for (;;) {
    const deals = await prisma.deal.findMany({
      where: { workspaceId, ...(after !== undefined && { nameKey: { gt: after } }) },
      select: { id: true, name: true, nameKey: true },
      orderBy: { nameKey: 'asc' },
      take: pageSize,
    });
    if (deals.length === 0) return;
    const rows = await prisma.stageEvent.findMany({
      where: { workspaceId, dealId: { in: deals.map((d) => d.id) } },
      orderBy: { id: 'asc' },
    });
    const byDeal = new Map<string, StageEvent[]>(deals.map((d) => [d.id, []]));
    for (const r of rows) byDeal.get(r.dealId)?.push(toEvent(r));
    yield deals.map((d) => ({ deal: d.name, events: byDeal.get(d.id) ?? [] }));
    if (deals.length < pageSize) return;
    after = deals[deals.length - 1]?.nameKey;
  }
}
