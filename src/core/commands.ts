// The command language shared by every front door. Parsers produce these objects;
// use cases consume them. Stage names stay raw strings here: they are resolved
// against the workspace's pipeline by the use case, which knows the aliases.

import type { AnalyticsView, DimensionSpec, PeriodSpec } from './analytics/types.js';
import type { ContactRole, LostReason, Role } from './model.js';

/** Editable deal fields as typed by users (`key=value`), already validated for shape. */
export interface DealFields {
  amount?: number;
  currency?: string;
  close?: string; // YYYY-MM-DD
  industry?: string;
  source?: string;
  team?: string;
  owner?: string;
  tags?: string[];
  notes?: string;
}

export type DealListFilter =
  | { kind: 'mine' }
  | { kind: 'all' }
  | { kind: 'stage'; stage: string }
  | { kind: 'owner'; owner: string };

export type Command =
  | { type: 'deal.new'; name: string; fields: DealFields }
  | { type: 'deal.move'; name: string; stage: string; override?: string }
  | { type: 'deal.set'; name: string; fields: DealFields }
  | { type: 'deal.contact'; name: string; person: string; role: ContactRole; title?: string }
  | { type: 'deal.competitor'; name: string; competitor: string | null } // null = explicit "none"
  | { type: 'deal.tag'; name: string; tags: string[] }
  | { type: 'deal.won'; name: string; amount?: number; override?: string }
  | {
      type: 'deal.lost';
      name: string;
      reason: LostReason;
      competitor?: string;
      note?: string;
      override?: string;
    }
  | { type: 'deal.show'; name: string }
  | { type: 'deal.history'; name: string }
  | { type: 'deal.list'; filter: DealListFilter }
  | { type: 'gates.show' }
  | { type: 'gates.set'; stage: string; requires: string[] }
  | { type: 'stage.list' }
  | { type: 'stage.add'; stage: string; after?: string }
  | { type: 'stage.rename'; stage: string; newName: string }
  | { type: 'stage.remove'; stage: string }
  | { type: 'stage.move'; stage: string; after: string }
  | { type: 'role.set'; user: string; role: Role }
  | { type: 'role.list' }
  | { type: 'help'; topic?: string }
  // Scheduled digests (src/core/jobs): subscribe the channel the command came from.
  | { type: 'digest.subscribe' }
  | { type: 'digest.unsubscribe' }
  | { type: 'digest.now' }
  | { type: 'digest.status' }
  // Analytics (src/core/analytics, docs/metrics.md); an omitted period or view takes the command's default.
  | { type: 'funnel'; period?: PeriodSpec; by?: DimensionSpec; view?: AnalyticsView }
  | { type: 'metrics'; period?: PeriodSpec; by?: DimensionSpec; view?: AnalyticsView }
  | { type: 'winloss'; period?: PeriodSpec; by?: DimensionSpec; view?: AnalyticsView; from?: string }
  | { type: 'competitors'; period?: PeriodSpec; view?: AnalyticsView }
  | { type: 'stale'; mine: boolean; owner?: string; days?: number };

export type CommandType = Command['type'];
