// The domain's data shapes. Plain values only: adapters persist them, core reasons about them.

export const ROLES = ['rep', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const CONTACT_ROLES = [
  'decision_maker',
  'economic_buyer',
  'champion',
  'influencer',
  'user',
  'blocker',
] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const LOST_REASONS = ['price', 'competitor', 'no_decision', 'timing', 'no_budget', 'other'] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export type StageKind = 'open' | 'won' | 'lost';

export interface Workspace {
  id: string;
  name: string;
  timezone: string;
  locale: Locale;
}

export interface Member {
  workspaceId: string;
  userId: string;
  displayName: string;
  role: Role;
}

export interface Stage {
  key: string;
  name: string;
  aliases: string[];
  kind: StageKind;
  /** Requirement ids that must hold for a deal to enter this stage. */
  requires: string[];
}

/** Ordered: open stages first in funnel order, then the closed ones. */
export type Pipeline = Stage[];

export interface Contact {
  name: string;
  title: string | null;
  role: ContactRole;
  /** When the contact got its current role (analytics ask "was the decision maker known before qualified?"). */
  addedAt?: Date;
}

export interface Deal {
  id: string;
  workspaceId: string;
  name: string;
  owner: string;
  stage: string;
  stageEnteredAt: Date;
  amount: number | null;
  currency: string;
  closeDate: string | null; // ISO date, YYYY-MM-DD
  industry: string | null;
  source: string | null;
  team: string | null;
  competitors: string[];
  /** True when the rep recorded explicitly that there is no competitor. */
  noCompetitor: boolean;
  tags: string[];
  contacts: Contact[];
  notes: string | null;
  lostReason: LostReason | null;
  lostNote: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic-concurrency token: every write bumps it. */
  version: number;
}

export interface StageEvent {
  dealId: string;
  from: string | null;
  to: string;
  at: Date;
  by: string;
  overrideReason: string | null;
  imported: boolean;
}
