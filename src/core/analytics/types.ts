// Shapes shared by the analytics commands, their parser, the SQL port and the
// renderers. Pure types: no I/O. docs/metrics.md defines every metric in words.

import type { ContactRole, StageKind } from '../model.js';

// ---------------------------------------------------------------------------
// Command syntax (what the parser produces; resolved by the use cases)

/** A period as typed, before it is anchored to "now" and the workspace's time zone. */
export type PeriodSpec =
  | { kind: 'all'; text: string }
  /** This (offset 0) or a previous (offset -1) calendar week, month, quarter or year; `day` = today. */
  | { kind: 'calendar'; unit: 'day' | 'week' | 'month' | 'quarter' | 'year'; offset: number; text: string }
  /** The last N days, today included. */
  | { kind: 'lastDays'; days: number; text: string }
  /** Local calendar dates, both included; `to` null = up to today. */
  | { kind: 'range'; from: string; to: string | null; text: string };

export const SIMPLE_DIMENSIONS = ['owner', 'team', 'industry', 'source', 'competitor', 'tag', 'size'] as const;
export type SimpleDimension = (typeof SIMPLE_DIMENSIONS)[number];

/** Contact roles a role dimension asks for; `dm_or_eb` is the gate's "decision maker or economic buyer". */
export type RoleChoice = ContactRole | 'dm_or_eb';

export type DimensionSpec =
  | { kind: SimpleDimension }
  /** "a contact with this role was on the deal before it first reached `stage`" (stage as typed). */
  | { kind: 'roleBefore'; role: RoleChoice; stage: string };

export type AnalyticsView = 'cohort' | 'activity';

// ---------------------------------------------------------------------------
// Resolved inputs of the SQL port

/** A stage with its funnel rank: open stages 0..K-1 in pipeline order, won K, lost null. */
export interface RankedStage {
  key: string;
  kind: StageKind;
  rank: number | null;
}

export interface TimeWindow {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** A dimension ready for SQL: stage keys and ranks resolved, size bands known. */
export type Dimension =
  | { kind: 'owner' | 'team' | 'industry' | 'source' }
  /** A deal can hold several values (or none). */
  | { kind: 'competitor' | 'tag' }
  /** Ascending upper bounds: band i holds amounts in [edges[i-1], edges[i]); the last band is open. */
  | { kind: 'size'; edges: number[] }
  | { kind: 'roleBefore'; roles: ContactRole[]; role: RoleChoice; stage: string; stageRank: number };

export interface Scope {
  workspaceId: string;
  stages: RankedStage[];
  /** null = all time. */
  window: TimeWindow | null;
  view: AnalyticsView;
  /** null = the whole workspace only. */
  dimension: Dimension | null;
}

/**
 * Every aggregated row belongs to a group: `all` (the whole population, exactly once
 * per deal) or one value of the dimension (`value` normalised for grouping: lower-case
 * for free text; null = not recorded; `label` is how it was typed).
 */
export interface Group {
  all: boolean;
  value: string | null;
  label: string | null;
}

/** Stage flow per group and funnel rank (0..K-1 open stages, K = won). */
export interface FlowRow extends Group {
  rank: number;
  /** Cohort: deals whose furthest stage is at or beyond this one. Activity: deals first reaching it in the window. */
  reached: number;
  /** Deals lost (cohort: now; activity: in the window) whose furthest stage is this one. */
  lostHere: number;
  /** Cohort only: deals still open whose furthest stage is this one. */
  openHere: number;
}

/** Completed stays in an open stage, in days. */
export interface StayRow extends Group {
  stage: string;
  n: number;
  median: number | null;
  p75: number | null;
}

/** Outcomes per group. */
export interface OutcomeRow extends Group {
  deals: number;
  open: number;
  won: number;
  lost: number;
  /** Lost deals whose furthest stage is at or beyond the `fromRank` given to the query. */
  lostReached: number;
  /** Lost with reason "competitor". */
  lostToCompetitor: number;
  wonValue: number;
  lostValue: number;
  /** Days from creation to the (standing) win, over won deals. */
  cycleN: number;
  cycleMedian: number | null;
  cycleMean: number | null;
  cycleP75: number | null;
  /** Amounts of won deals that have one. */
  sizeN: number;
  sizeMean: number | null;
  sizeMedian: number | null;
}

/** Open deals now, per group and current stage. */
export interface PipelineRow extends Group {
  stage: string;
  count: number;
  /** Sum of the amounts. */
  amount: number;
  /** Open deals without an amount. */
  unpriced: number;
}

/** All-time outcome of the closed deals that reached a stage (workspace-wide). */
export interface StageWinRow {
  stage: string;
  won: number;
  lost: number;
}

/** A dimension named for the factor query; `name` comes back on its rows. */
export interface NamedDimension {
  name: string;
  dimension: Dimension;
}

/** Won/lost closed deals per dimension value. */
export interface FactorRow {
  dimension: string;
  value: string | null;
  label: string | null;
  won: number;
  lost: number;
}

/** The closed deals the factors compare: every dimension covers each of them at least once. */
export interface FactorData {
  population: { won: number; lost: number };
  rows: FactorRow[];
}

export interface StayLimitRow {
  stage: string;
  n: number;
  median: number | null;
  p75: number | null;
}

export interface StaleRow {
  name: string;
  owner: string;
  stage: string;
  amount: number | null;
  currency: string;
  enteredAt: Date;
  days: number;
  limit: number;
}

export interface StaleQuery {
  workspaceId: string;
  now: Date;
  /** Per open stage: the limit in days beyond which a deal is stale. */
  limits: { stage: string; days: number }[];
  owner: string | null;
  max: number;
}

/**
 * The port the SQL adapter implements: every method aggregates in the database and
 * returns small result sets (one row per group and stage, never one per event).
 */
/** What a command's single statement can return (see AnalyticsStore.snapshot). */
export interface Snapshot {
  /** Funnel counts per stage (cohort or activity, see FlowRow). */
  flow: FlowRow[];
  /** Time in each open stage: cohort = completed stays of the cohort's deals; activity = stays that ended in the window. */
  stays: StayRow[];
  /** Outcomes, cycle and deal size: cohort = deals created in the window; activity = deals closed in the window. */
  outcomes: OutcomeRow[];
  /** Open deals now per current stage (the window is ignored). */
  pipeline: PipelineRow[];
  /** Every open stage's all-time win rate (workspace-wide, no dimension). */
  winRates: StageWinRow[];
}

export type SnapshotPart = keyof Snapshot;

export interface AnalyticsStore {
  /**
   * The parts a command needs, in one database statement (the stage history is read
   * once). `fromRank`: lost deals at or beyond it are counted in outcomes' lostReached.
   */
  snapshot<P extends SnapshotPart>(scope: Scope, parts: readonly P[], fromRank?: number): Promise<Pick<Snapshot, P>>;
  /** Won/lost closed deals that reached `fromRank`, per value of each dimension (one query). */
  factors(scope: Omit<Scope, 'dimension'>, dimensions: NamedDimension[], fromRank: number): Promise<FactorData>;
  /** All-time completed stays per open stage: the basis of the stale limits. */
  stayLimits(workspaceId: string, stages: RankedStage[]): Promise<StayLimitRow[]>;
  /** Open deals over their stage's limit, the most overdue first (at most `max`); how many open deals were checked and how many are stale. */
  staleDeals(query: StaleQuery): Promise<{ rows: StaleRow[]; checked: number; stale: number }>;
}
