// What CSV import and export need from the database beyond the Store port:
// - a Transactor: the whole import runs in one interactive transaction, through a
//   PrismaStore bound to it (so the use cases, changeStage included, write inside it),
//   and is rolled back when any row fails, on a dry run, or when a write throws;
// - paged reads of every deal and every stage event, in name order, for the export.
import type { Transactor } from '../../core/csv/import.js';
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
            const { commit, result } = await body(markUnavailable(new PrismaStore(asClient(tx))));
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
