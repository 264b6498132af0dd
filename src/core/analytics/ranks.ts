// The funnel order of a workspace's (customisable) pipeline, and the three stages the
// source article's metrics name: lead, opportunity and qualified opportunity.

import type { Pipeline, Stage } from '../model.js';
import type { RankedStage } from './types.js';

/** Open stages rank 0..K-1 in pipeline order; won ranks K (past every open stage); lost has no rank. */
export function rankStages(pipeline: Pipeline): RankedStage[] {
  const open = pipeline.filter((s) => s.kind === 'open');
  return pipeline.map((s) => ({
    key: s.key,
    kind: s.kind,
    rank: s.kind === 'open' ? open.indexOf(s) : s.kind === 'won' ? open.length : null,
  }));
}

export function openCount(ranks: readonly RankedStage[]): number {
  return ranks.filter((r) => r.kind === 'open').length;
}

export interface Anchors {
  lead: Stage;
  opportunity: Stage | null;
  qualified: Stage | null;
  /** Ranks of the three (null when the stage is missing). */
  leadRank: number;
  opportunityRank: number | null;
  qualifiedRank: number | null;
}

/**
 * Lead = the first open stage. Opportunity and Qualified are the open stages with the
 * keys `opportunity` and `qualified` (keys never change, so renaming keeps them); a
 * pipeline without those keys uses the second and third open stages.
 */
export function anchors(pipeline: Pipeline): Anchors {
  const open = pipeline.filter((s) => s.kind === 'open');
  const lead = open[0] as Stage;
  const byKey = (key: string, fallback: number): Stage | null => open.find((s) => s.key === key) ?? open[fallback] ?? null;
  let opportunity = byKey('opportunity', 1);
  let qualified = byKey('qualified', 2);
  if (opportunity === lead) opportunity = null;
  if (qualified === lead || qualified === opportunity) qualified = null;
  const rankOf = (s: Stage | null) => (s === null ? null : open.indexOf(s));
  return {
    lead,
    opportunity,
    qualified,
    leadRank: 0,
    opportunityRank: rankOf(opportunity),
    qualifiedRank: rankOf(qualified),
  };
}
