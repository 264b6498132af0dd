// Row ↔ domain conversions for the Prisma store.
import type { Contact, ContactRole, Deal, LostReason, Pipeline, StageEvent, StageKind } from '../../core/model.js';
import type { Prisma } from '../../../generated/prisma/index.js';

export const dealInclude = { contacts: { orderBy: { id: 'asc' } } } as const;
export type DealRow = Prisma.DealGetPayload<{ include: typeof dealInclude }>;

export function toDeal(row: DealRow): Deal {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    owner: row.owner,
    stage: row.stage,
    stageEnteredAt: row.stageEnteredAt,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    closeDate: row.closeDate ? row.closeDate.toISOString().slice(0, 10) : null,
    industry: row.industry,
    source: row.source,
    team: row.team,
    competitors: row.competitors,
    noCompetitor: row.noCompetitor,
    tags: row.tags,
    contacts: row.contacts.map(
      (c): Contact => ({ name: c.name, title: c.title, role: c.role as ContactRole, addedAt: c.createdAt }),
    ),
    notes: row.notes,
    lostReason: row.lostReason as LostReason | null,
    lostNote: row.lostNote,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** The columns a deal write sets (everything but identity, timestamps and version). */
export function dealColumns(d: Omit<Deal, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'contacts' | 'workspaceId'>) {
  return {
    name: d.name,
    owner: d.owner,
    stage: d.stage,
    stageEnteredAt: d.stageEnteredAt,
    amount: d.amount,
    currency: d.currency,
    closeDate: d.closeDate === null ? null : new Date(`${d.closeDate}T00:00:00Z`),
    industry: d.industry,
    source: d.source,
    team: d.team,
    competitors: d.competitors,
    noCompetitor: d.noCompetitor,
    tags: d.tags,
    notes: d.notes,
    lostReason: d.lostReason,
    lostNote: d.lostNote,
  };
}

export function toEvent(row: {
  dealId: string;
  fromStage: string | null;
  toStage: string;
  at: Date;
  by: string;
  overrideReason: string | null;
  imported: boolean;
}): StageEvent {
  return {
    dealId: row.dealId,
    from: row.fromStage,
    to: row.toStage,
    at: row.at,
    by: row.by,
    overrideReason: row.overrideReason,
    imported: row.imported,
  };
}

export function toPipeline(rows: { key: string; name: string; aliases: string[]; kind: string; requires: string[] }[]): Pipeline {
  return rows.map((r) => ({ key: r.key, name: r.name, aliases: r.aliases, kind: r.kind as StageKind, requires: r.requires }));
}
