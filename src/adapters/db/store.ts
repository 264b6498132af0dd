// The Store port on Prisma: one implementation for PGlite and PostgreSQL alike.
import type { Deal, Member, Pipeline, Role, StageEvent, Workspace } from '../../core/model.js';
import { normaliseName } from '../../core/pipeline.js';
import type { DealQuery, NewDeal, Store } from '../../core/ports.js';
import { Prisma, type PrismaClient } from '../../../generated/prisma/index.js';
import { dealColumns, dealInclude, toDeal, toEvent, toPipeline } from './rows.js';
import type { SqlConnection } from './sql.js';
import { markUnavailable } from './unavailable.js';

type Tx = Prisma.TransactionClient;
type EventInput = Omit<StageEvent, 'dealId'>;

class VersionConflict extends Error {}

/**
 * Under load many commands wait for a pooled connection; Prisma's default 2 s wait to
 * start a transaction turned that queueing into errors. Waiting longer is right: the
 * work is short once it has a connection.
 */
const TX = { maxWait: 30_000, timeout: 30_000 } as const;

function eventData(workspaceId: string, dealId: string, e: EventInput) {
  return {
    workspaceId,
    dealId,
    fromStage: e.from,
    toStage: e.to,
    at: e.at,
    by: e.by,
    overrideReason: e.overrideReason,
    imported: e.imported,
  };
}

/** Prisma reports unique violations as P2002, or, through some driver adapters, as the raw 23505. */
function isUniqueViolation(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return true;
  const e = err as { code?: unknown; originalCode?: unknown; kind?: unknown; cause?: unknown };
  if (e.kind === 'UniqueConstraintViolation' || e.code === '23505' || e.originalCode === '23505') return true;
  return isUniqueViolation(e.cause, depth + 1);
}

function toMember(r: { workspaceId: string; userId: string; displayName: string; role: string }): Member {
  return { workspaceId: r.workspaceId, userId: r.userId, displayName: r.displayName, role: r.role as Role };
}

function toWorkspace(row: { id: string; name: string; timezone: string; locale: string }): Workspace {
  return { id: row.id, name: row.name, timezone: row.timezone, locale: row.locale as Workspace['locale'] };
}

export class PrismaStore implements Store {
  /** `sql`: the driver, for the reads every command makes; absent inside a transaction (they go through it). */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql?: SqlConnection,
  ) {}

  // Every command reads the member, the pipeline and (analytics) the settings: plain SQL
  // through the driver, because Prisma's query builder costs several ms per call on
  // PGlite and its raw-query path still about half a millisecond.
  private read<T>(q: Prisma.Sql): Promise<T[]> {
    return this.sql ? this.sql.query<T>(q.text, q.values) : this.prisma.$queryRaw<T[]>(q);
  }

  async getWorkspace(id: string): Promise<Workspace | null> {
    const row = await this.prisma.workspace.findUnique({ where: { id } });
    return row ? toWorkspace(row) : null;
  }

  async listWorkspaces(): Promise<Workspace[]> {
    return (await this.prisma.workspace.findMany({ orderBy: { id: 'asc' } })).map(toWorkspace);
  }

  async ensureWorkspace(ws: Workspace, pipeline: Pipeline): Promise<Workspace> {
    await this.prisma.workspace.upsert({
      where: { id: ws.id },
      create: { id: ws.id, name: ws.name, timezone: ws.timezone, locale: ws.locale },
      update: {},
    });
    if ((await this.prisma.stage.count({ where: { workspaceId: ws.id } })) === 0) {
      // skipDuplicates: two processes meeting a new workspace at once both get here.
      await this.prisma.stage.createMany({
        data: pipeline.map((s, position) => ({ workspaceId: ws.id, ...s, position })),
        skipDuplicates: true,
      });
    }
    return (await this.getWorkspace(ws.id)) as Workspace;
  }

  async getMember(workspaceId: string, userId: string): Promise<Member | null> {
    const [row] = await this.read<{ workspaceId: string; userId: string; displayName: string; role: string }>(Prisma.sql`
      SELECT workspace_id AS "workspaceId", user_id AS "userId", display_name AS "displayName", role
      FROM member WHERE workspace_id = ${workspaceId} AND user_id = ${userId}`);
    return row ? toMember(row) : null;
  }

  async upsertMember(m: Member): Promise<Member> {
    const row = await this.prisma.member.upsert({
      where: { workspaceId_userId: { workspaceId: m.workspaceId, userId: m.userId } },
      create: { workspaceId: m.workspaceId, userId: m.userId, displayName: m.displayName, role: m.role },
      update: { displayName: m.displayName },
    });
    return toMember(row);
  }

  async setRole(workspaceId: string, userId: string, role: Role): Promise<Member> {
    const row = await this.prisma.member.upsert({
      where: { workspaceId_userId: { workspaceId, userId } },
      create: { workspaceId, userId, displayName: userId, role },
      update: { role },
    });
    return toMember(row);
  }

  async listMembers(workspaceId: string): Promise<Member[]> {
    const rows = await this.prisma.member.findMany({ where: { workspaceId }, orderBy: { userId: 'asc' } });
    return rows.map(toMember);
  }

  async getPipeline(workspaceId: string): Promise<Pipeline> {
    return toPipeline(
      await this.read<{ key: string; name: string; aliases: string[]; kind: string; requires: string[] }>(
        Prisma.sql`SELECT key, name, aliases, kind, requires FROM stage WHERE workspace_id = ${workspaceId} ORDER BY position`,
      ),
    );
  }

  async savePipeline(workspaceId: string, pipeline: Pipeline): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.stage.deleteMany({ where: { workspaceId, key: { notIn: pipeline.map((s) => s.key) } } });
      for (const [position, s] of pipeline.entries()) {
        const data = { name: s.name, aliases: s.aliases, kind: s.kind, requires: s.requires, position };
        await tx.stage.upsert({
          where: { workspaceId_key: { workspaceId, key: s.key } },
          create: { workspaceId, key: s.key, ...data },
          update: data,
        });
      }
    }, TX);
  }

  countDealsInStage(workspaceId: string, stage: string): Promise<number> {
    return this.prisma.deal.count({ where: { workspaceId, stage } });
  }

  async findDeal(workspaceId: string, name: string): Promise<Deal | null> {
    const row = await this.prisma.deal.findUnique({
      where: { workspaceId_nameKey: { workspaceId, nameKey: normaliseName(name) } },
      include: dealInclude,
    });
    return row ? toDeal(row) : null;
  }

  async dealNames(workspaceId: string): Promise<string[]> {
    const rows = await this.prisma.deal.findMany({ where: { workspaceId }, select: { name: true }, take: 5000 });
    return rows.map((r) => r.name);
  }

  async listDeals(workspaceId: string, q: DealQuery): Promise<Deal[]> {
    const rows = await this.prisma.deal.findMany({
      where: { workspaceId, ...(q.stage && { stage: q.stage }), ...(q.owner && { owner: q.owner }) },
      include: dealInclude,
      orderBy: [{ updatedAt: 'desc' }, { name: 'asc' }],
      ...(q.limit && { take: q.limit }),
    });
    return rows.map(toDeal);
  }

  async createDeal(deal: NewDeal, first: EventInput, at: Date): Promise<Deal | 'duplicate'> {
    try {
      const id = await this.prisma.$transaction(async (tx) => {
        const row = await tx.deal.create({
          data: {
            workspaceId: deal.workspaceId,
            nameKey: normaliseName(deal.name),
            ...dealColumns(deal),
            createdAt: at,
            updatedAt: at,
            contacts: { create: deal.contacts.map((c) => ({ name: c.name, title: c.title, role: c.role, createdAt: c.addedAt ?? at })) },
          },
        });
        await tx.stageEvent.create({ data: eventData(deal.workspaceId, row.id, first) });
        return row.id;
      }, TX);
      return this.mustFind(id);
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
  }

  async saveDeal(next: Deal, event: EventInput | null, at: Date): Promise<Deal | 'conflict'> {
    try {
      await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.deal.updateMany({
          where: { id: next.id, workspaceId: next.workspaceId, version: next.version },
          data: { ...dealColumns(next), nameKey: normaliseName(next.name), updatedAt: at, version: { increment: 1 } },
        });
        if (count !== 1) throw new VersionConflict();
        await this.replaceContacts(tx, next, at);
        if (event) await tx.stageEvent.create({ data: eventData(next.workspaceId, next.id, event) });
      }, TX);
    } catch (err) {
      if (err instanceof VersionConflict) return 'conflict';
      throw err;
    }
    return this.mustFind(next.id);
  }

  async history(workspaceId: string, dealId: string): Promise<StageEvent[]> {
    const rows = await this.prisma.stageEvent.findMany({ where: { workspaceId, dealId }, orderBy: { id: 'asc' } });
    return rows.map(toEvent);
  }

  async getSettings(workspaceId: string): Promise<Record<string, unknown>> {
    const [row] = await this.read<{ settings: unknown }>(Prisma.sql`SELECT settings FROM workspace WHERE id = ${workspaceId}`);
    const settings = row?.settings;
    return typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>) : {};
  }

  async updateSettings(workspaceId: string, patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    // jsonb || jsonb merges in one statement: concurrent patches of different keys both survive.
    await this.prisma.$executeRaw`UPDATE workspace SET settings = settings || ${JSON.stringify(patch)}::jsonb WHERE id = ${workspaceId}`;
    return this.getSettings(workspaceId);
  }

  async claimDelivery(key: string): Promise<boolean> {
    const inserted = await this.prisma.$executeRaw`INSERT INTO processed_delivery (key) VALUES (${key}) ON CONFLICT (key) DO NOTHING`;
    return inserted === 1;
  }

  private async replaceContacts(tx: Tx, deal: Deal, at: Date): Promise<void> {
    await tx.contact.deleteMany({ where: { dealId: deal.id } });
    if (deal.contacts.length) {
      await tx.contact.createMany({
        data: deal.contacts.map((c) => ({ dealId: deal.id, name: c.name, title: c.title, role: c.role, createdAt: c.addedAt ?? at })),
      });
    }
  }

  private async mustFind(id: string): Promise<Deal> {
    return toDeal(await this.prisma.deal.findUniqueOrThrow({ where: { id }, include: dealInclude }));
  }
}

/** A store whose failures to reach the database are marked for the UNAVAILABLE reply. */
export function createStore(prisma: PrismaClient, sql?: SqlConnection): Store {
  return markUnavailable(new PrismaStore(prisma, sql));
}
