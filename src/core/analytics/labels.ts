// Display labels for periods, views, dimensions and their values, and segment order.

import type { Locale, Pipeline } from '../model.js';
import { sizeBandLabel } from './dimensions.js';
import type { GroupKey } from './metrics.js';
import type { Period } from './period.js';
import { at } from './texts.js';
import type { AnalyticsView, Dimension } from './types.js';

export function periodText(locale: Locale, p: Period): string {
  if (p.firstDay === null || p.lastDay === null) return at(locale, 'periodAll');
  return at(locale, 'periodRange', { from: p.firstDay, to: p.lastDay, spec: p.spec, tz: p.timezone });
}

export function viewText(locale: Locale, view: AnalyticsView): string {
  return at(locale, view === 'cohort' ? 'viewCohort' : 'viewActivity');
}

export function stageName(pipeline: Pipeline, key: string): string {
  return pipeline.find((s) => s.key === key)?.name ?? key;
}

export function dimensionText(locale: Locale, dim: Dimension, pipeline: Pipeline): string {
  switch (dim.kind) {
    case 'owner':
      return at(locale, 'dimOwner');
    case 'team':
      return at(locale, 'dimTeam');
    case 'industry':
      return at(locale, 'dimIndustry');
    case 'source':
      return at(locale, 'dimSource');
    case 'competitor':
      return at(locale, 'dimCompetitor');
    case 'tag':
      return at(locale, 'dimTag');
    case 'size':
      return at(locale, 'dimSize');
    case 'roleBefore':
      return at(locale, 'dimRoleBefore', { role: at(locale, `role_${dim.role}`), stage: stageName(pipeline, dim.stage) });
  }
}

/** The label of a dimension value as shown in tables. */
export function valueText(locale: Locale, dim: Dimension, value: string | null, label: string | null): string {
  if (dim.kind === 'roleBefore') return at(locale, value === 'yes' ? 'valueYes' : 'valueNo');
  if (value === null) {
    if (dim.kind === 'tag') return at(locale, 'valueNoTag');
    if (dim.kind === 'competitor') return at(locale, 'valueCompetitorUnknown');
    if (dim.kind === 'size') return at(locale, 'valueNoAmount');
    return at(locale, 'valueNotSet');
  }
  if (dim.kind === 'competitor' && value === 'none') return at(locale, 'valueCompetitorNone');
  if (dim.kind === 'size') return sizeBandLabel(dim.edges, Number(value));
  return label ?? value;
}

/**
 * Segment order: size bands ascending, "yes" before "no", otherwise the biggest first
 * (by `weight`), "not recorded" last.
 */
export function orderSegments<T extends GroupKey>(dim: Dimension, segments: T[], weight: (s: T) => number): T[] {
  const rank = (s: T): number => {
    if (s.value === null) return Number.POSITIVE_INFINITY;
    if (dim.kind === 'size') return Number(s.value);
    if (dim.kind === 'roleBefore') return s.value === 'yes' ? 0 : 1;
    return 0;
  };
  return [...segments].sort((a, b) => {
    const r = rank(a) - rank(b);
    if (r !== 0 && Number.isFinite(r)) return r;
    if (rank(a) !== rank(b)) return rank(a) === Number.POSITIVE_INFINITY ? 1 : -1;
    const w = weight(b) - weight(a);
    if (w !== 0) return w;
    return (a.label ?? a.value ?? '').localeCompare(b.label ?? b.value ?? '');
  });
}
