// Plain-text replies of the analytics commands (chat adapters may build richer views
// from the same `data`).

import type { Locale, Pipeline } from '../model.js';
import type { Coaching } from './coaching.js';
import { hedge } from './coaching.js';
import type { Factor } from './factors.js';
import { dimensionText, periodText, stageName, valueText, viewText } from './labels.js';
import type { FunnelData, FunnelSegment, MetricsData, MetricsSegment } from './metrics.js';
import type { Period } from './period.js';
import { METRIC_ROWS } from './metric-rows.js';
import type { Anchors } from './ranks.js';
import { at } from './texts.js';
import { count, days, DASH, money, pct, pctRange, pValue, ratio, table, type Column } from './table.js';
import type { AnalyticsView, Dimension } from './types.js';

export interface Frame {
  locale: Locale;
  pipeline: Pipeline;
  period: Period;
  view: AnalyticsView;
  dimension: Dimension | null;
}

function withShare(n: number, share: number | null): string {
  return n === 0 ? '0' : `${n} (${pct(share)})`;
}

// ---------------------------------------------------------------------------
// funnel

function funnelTable(f: Frame, funnel: FunnelData): string {
  const { locale } = f;
  const cohort = f.view === 'cohort';
  const columns: Column[] = [
    { title: at(locale, 'colStage') },
    { title: at(locale, cohort ? 'colReached' : 'colEntered'), right: true },
    { title: at(locale, 'colNext'), right: true },
    { title: at(locale, 'colLostHere'), right: true },
    ...(cohort ? [{ title: at(locale, 'colOpenHere'), right: true }] : []),
    { title: at(locale, 'colDays'), right: true },
  ];
  const rows = funnel.stages.map((s) => [
    s.name,
    count(s.reached, locale),
    pct(s.conversion),
    withShare(s.lost, s.dropOff),
    ...(cohort ? [withShare(s.open ?? 0, s.openShare)] : []),
    days(s.medianDays),
  ]);
  const wonStage = f.pipeline.find((s) => s.kind === 'won');
  rows.push([wonStage?.name ?? 'Won', count(funnel.won, locale), '', '', ...(cohort ? [''] : []), '']);
  return table(columns, rows);
}

function segmentFunnelTable(f: Frame, dim: Dimension, segments: FunnelSegment[]): string {
  const { locale } = f;
  const cohort = f.view === 'cohort';
  const first = segments[0]?.funnel.stages ?? [];
  const wonName = f.pipeline.find((s) => s.kind === 'won')?.name ?? 'Won';
  const columns: Column[] = [
    { title: dimensionText(locale, dim, f.pipeline), max: 28 },
    { title: at(locale, 'colDeals'), right: true },
    ...first.map((_, i) => ({ title: `→${first[i + 1]?.name ?? wonName}`, right: true })),
    { title: at(locale, 'colWon'), right: true },
    ...(cohort ? [{ title: at(locale, 'colWin'), right: true }] : []),
  ];
  const rows = segments.map((seg) => [
    valueText(locale, dim, seg.value, seg.label),
    count(seg.funnel.deals, locale),
    ...seg.funnel.stages.map((s) => pct(s.conversion)),
    count(seg.funnel.won, locale),
    ...(cohort ? [pct(seg.funnel.winRate)] : []),
  ]);
  return table(columns, rows);
}

export function renderFunnel(f: Frame, overall: FunnelData, segments: FunnelSegment[]): string {
  const { locale } = f;
  const period = periodText(locale, f.period);
  const view = viewText(locale, f.view);
  const cohort = f.view === 'cohort';
  const empty = cohort ? overall.deals === 0 : overall.stages.every((s) => s.reached === 0 && s.lost === 0) && overall.won === 0;
  if (empty) {
    return [at(locale, cohort ? 'noCohort' : 'noActivity', { period }), at(locale, 'tryAll', { command: 'funnel' })].join('\n');
  }
  const lines = [
    at(locale, cohort ? 'funnelCohortTitle' : 'funnelActivityTitle', { view, period, deals: overall.deals }),
    funnelTable(f, overall),
    cohort
      ? at(locale, 'funnelCohortTotals', {
          won: overall.won,
          deals: overall.deals,
          rate: pct(overall.winRate),
          lost: overall.lost,
          open: Math.max(0, overall.deals - overall.won - overall.lost),
        })
      : at(locale, 'funnelActivityTotals', { deals: overall.deals, won: overall.won, lost: overall.lost }),
  ];
  if (f.dimension && segments.length > 0) {
    lines.push('', at(locale, 'byTitle', { dimension: dimensionText(locale, f.dimension, f.pipeline) }));
    lines.push(segmentFunnelTable(f, f.dimension, segments));
    lines.push(at(locale, cohort ? 'funnelSegmentsNote' : 'funnelSegmentsActivityNote'));
  }
  lines.push('', at(locale, cohort ? 'funnelCohortNote' : 'funnelActivityNote'));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// metrics

type AnchorNames = { lead: string; opportunity: string; qualified: string };

/** Open pipeline value by stage, indented under the metric it details. */
function pipelineTable(locale: Locale, overall: MetricsData): string[] {
  const rows = overall.metrics.pipelineValueByStage.map((p) => [
    p.name,
    count(p.count, locale),
    money(p.value, locale),
    pct(p.winRate),
    money(p.weighted, locale),
  ]);
  const columns: Column[] = [
    { title: at(locale, 'colStage') },
    { title: at(locale, 'colDeals'), right: true },
    { title: at(locale, 'colValue'), right: true },
    { title: at(locale, 'colWinRate'), right: true },
    { title: at(locale, 'colWeighted'), right: true },
  ];
  const unpriced = overall.counts.pipelineUnpriced;
  return [table(columns, rows, 5), ...(unpriced > 0 ? [`     ${at(locale, 'unpriced', { count: unpriced })}`] : [])];
}

function metricsSegmentsTable(f: Frame, dim: Dimension, names: AnchorNames, segments: MetricsSegment[], minSegment: number): string[] {
  const { locale } = f;
  const rows = segments.map((s) => [
    valueText(locale, dim, s.value, s.label),
    count(s.counts.leads, locale),
    pct(s.metrics.leadToOpportunity),
    pct(s.metrics.opportunityToQualified),
    pct(s.metrics.leadToQualified),
    s.counts.qualifiedClosed > 0 ? `${pct(s.metrics.qualifiedWinRate)} (${s.counts.qualifiedClosed})` : DASH,
    days(s.metrics.salesCycleDays.median),
    ratio(s.metrics.qualifiedPerWin),
    money(s.metrics.averageDealSize.mean, locale),
    money(s.counts.pipelineValue, locale),
    money(s.counts.pipelineWeighted, locale),
  ]);
  const columns: Column[] = [
    { title: dimensionText(locale, dim, f.pipeline), max: 28 },
    { title: at(locale, 'colDeals'), right: true },
    { title: 'L→O', right: true },
    { title: 'O→Q', right: true },
    { title: 'L→Q', right: true },
    { title: at(locale, 'colWin'), right: true },
    { title: at(locale, 'colCycle'), right: true },
    { title: at(locale, 'colQPerWin'), right: true },
    { title: at(locale, 'colAvgSize'), right: true },
    { title: at(locale, 'colPipeline'), right: true },
    { title: at(locale, 'colWeighted'), right: true },
  ];
  const lines = [
    '',
    at(locale, 'byTitle', { dimension: dimensionText(locale, dim, f.pipeline) }),
    table(columns, rows),
    at(locale, 'metricsSegmentsNote', { qualified: names.qualified }),
  ];
  if (segments.some((s) => s.counts.leads > 0 && s.counts.leads < minSegment)) lines.push(at(locale, 'smallSegment', { min: minSegment }));
  return lines;
}

export function renderMetrics(f: Frame, a: Anchors, overall: MetricsData, segments: MetricsSegment[], minSegment: number): string {
  const { locale } = f;
  const names: AnchorNames = {
    lead: a.lead.name,
    opportunity: a.opportunity?.name ?? 'Opportunity',
    qualified: a.qualified?.name ?? 'Qualified',
  };
  const title = at(locale, f.view === 'cohort' ? 'metricsCohortTitle' : 'metricsActivityTitle', {
    view: viewText(locale, f.view),
    period: periodText(locale, f.period),
  });
  // The eight metrics as label / value / detail lines, without a header row.
  const rows = METRIC_ROWS.map((r) => r.line(overall, { locale, anchors: a, names }));
  const metricLines = table([{ title: '' }, { title: '', right: true }, { title: '' }], rows).split('\n').slice(1).join('\n');
  return [
    title,
    metricLines,
    ...pipelineTable(locale, overall),
    ...(f.dimension && segments.length > 0 ? metricsSegmentsTable(f, f.dimension, names, segments, minSegment) : []),
    '',
    at(locale, 'pipelineNote'),
  ].join('\n');
}

// ---------------------------------------------------------------------------
// win/loss

export interface FactorLine {
  factor: Factor;
  dimension: Dimension;
  label: string;
  coaching: Coaching | null;
}

export function factorName(f: Frame, line: FactorLine): string {
  return `${dimensionText(f.locale, line.dimension, f.pipeline)} = ${line.label}`;
}

export function renderFactorTable(f: Frame, lines: FactorLine[]): string {
  const { locale } = f;
  return table(
    [
      { title: at(locale, 'colFactor'), max: 44 },
      { title: at(locale, 'colWonClosed'), right: true },
      { title: at(locale, 'colWinRate'), right: true },
      { title: at(locale, 'colCi'), right: true },
      { title: at(locale, 'colRest'), right: true },
      { title: 'p', right: true },
      { title: 'q', right: true },
    ],
    lines.map((l) => [
      factorName(f, l),
      `${l.factor.won}/${l.factor.closed}`,
      pct(l.factor.rate),
      l.factor.closed > 0 ? pctRange(l.factor.low, l.factor.high) : DASH,
      pct(l.factor.restRate),
      l.factor.status === 'notEnoughData' ? at(locale, 'notEnoughData') : pValue(l.factor.p),
      l.factor.status === 'notEnoughData' || l.factor.status === 'notRecorded' ? '' : pValue(l.factor.q),
    ]),
  );
}

export function renderCoachingBlock(locale: Locale, lines: FactorLine[]): string[] {
  const out: string[] = [];
  const findings = lines.filter((l) => l.factor.status === 'finding' && l.coaching);
  const watch = lines.filter((l) => l.factor.status === 'watch' && l.coaching);
  if (findings.length > 0) {
    out.push(at(locale, 'findingsHeader'));
    for (const l of findings.slice(0, 5)) out.push(`  • ${l.coaching?.finding ?? ''}`, `    → ${l.coaching?.advice ?? ''}`);
  }
  if (watch.length > 0 && findings.length < 3) {
    out.push(at(locale, 'watchHeader'));
    for (const l of watch.slice(0, 3)) out.push(`  • ${hedge(locale, l.coaching?.finding ?? '')}`);
  }
  if (findings.length === 0 && watch.length === 0) out.push(at(locale, 'noFindings'));
  return out;
}

export interface WinlossSummary {
  stageName: string;
  /** The population is every closed deal (from the first stage). */
  fromFirst: boolean;
  won: number;
  closed: number;
  tested: number;
  hypotheses: number;
  minSample: number;
  /** Show every factor (by=) instead of the strongest ones. */
  all: boolean;
}

const TOP_FACTORS = 15;
const STALE_TEXT_ROWS = 25;

export function renderWinloss(f: Frame, s: WinlossSummary, lines: FactorLine[]): string {
  const { locale } = f;
  const period = periodText(locale, f.period);
  if (s.closed < s.minSample) {
    return at(locale, 'winlossTooFew', { closed: s.closed, stage: s.stageName, period, min: s.minSample });
  }
  const ever = f.period.window === null;
  const titleKey = ever ? (s.fromFirst ? 'winlossTitleEver' : 'winlossTitleEverFrom') : s.fromFirst ? 'winlossTitleAll' : 'winlossTitle';
  const out = [
    at(locale, titleKey, {
      closed: s.closed,
      stage: s.stageName,
      period,
      view: viewText(locale, f.view),
      won: s.won,
      rate: pct(s.won / s.closed),
    }),
    '',
    ...renderCoachingBlock(locale, lines),
  ];
  const tested = lines.filter((l) => l.factor.status !== 'notEnoughData' && l.factor.status !== 'notRecorded');
  // A yes/no dimension is listed once, by its small side.
  const small = lines.filter(
    (l) =>
      l.factor.status === 'notEnoughData' &&
      l.factor.closed > 0 &&
      !(l.dimension.kind === 'roleBefore' && l.factor.closed >= s.minSample),
  );
  const shown = s.all ? lines.filter((l) => l.factor.closed > 0) : tested.slice(0, TOP_FACTORS);
  if (shown.length > 0) {
    out.push('', at(locale, 'factorsHeader'), renderFactorTable(f, shown));
    if (!s.all && tested.length > shown.length) out.push(at(locale, 'moreFactors', { count: tested.length - shown.length }));
  }
  if (!s.all && small.length > 0) {
    const list = small
      .slice(0, 12)
      .map((l) => `${factorName(f, l)} (${l.factor.closed})`)
      .join(', ');
    out.push(at(locale, 'notEnoughList', { min: s.minSample, list: small.length > 12 ? `${list}, …` : list }));
  }
  out.push('', at(locale, 'winlossCaveat'), at(locale, 'winlossNote', { hypotheses: s.hypotheses, tested: s.tested }));
  return out.join('\n');
}

// ---------------------------------------------------------------------------
// competitors

export interface CompetitorLine {
  value: string | null;
  label: string;
  deals: number;
  open: number;
  won: number;
  lost: number;
  lostToCompetitor: number;
  winRate: number | null;
  low: number;
  high: number;
  wonValue: number;
  lostValue: number;
}

export function renderCompetitors(f: Frame, rows: CompetitorLine[], coaching: FactorLine[]): string {
  const { locale } = f;
  const period = periodText(locale, f.period);
  const head =
    f.period.window === null ? at(locale, 'competitorsTitleAll') : at(locale, 'competitorsTitle', { view: viewText(locale, f.view), period });
  if (rows.every((r) => r.value === null)) return [head, at(locale, 'competitorsEmpty', { period })].join('\n');
  const lines = [
    head,
    table(
      [
        { title: at(locale, 'colCompetitor'), max: 28 },
        { title: at(locale, 'colDeals'), right: true },
        { title: at(locale, 'colOpen'), right: true },
        { title: at(locale, 'colWon'), right: true },
        { title: at(locale, 'colLost'), right: true },
        { title: at(locale, 'colLostToThem'), right: true },
        { title: `${at(locale, 'colWinRate')} (${at(locale, 'colCi')})`, right: true },
        { title: at(locale, 'colWonValue'), right: true },
        { title: at(locale, 'colLostValue'), right: true },
      ],
      rows.map((r) => [
        r.label,
        count(r.deals, locale),
        count(r.open, locale),
        count(r.won, locale),
        count(r.lost, locale),
        r.value === null || r.value === 'none' ? DASH : count(r.lostToCompetitor, locale),
        r.won + r.lost > 0 ? `${pct(r.winRate)} (${pctRange(r.low, r.high)})` : DASH,
        money(r.wonValue, locale),
        money(r.lostValue, locale),
      ]),
    ),
    '',
    ...renderCoachingBlock(locale, coaching),
    '',
    at(locale, 'competitorsNote'),
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// stale

export interface StaleLimit {
  stage: string;
  days: number;
  basis: 'p75' | 'configured' | 'command' | 'default';
  n: number;
}

export interface StaleLine {
  name: string;
  owner: string;
  stage: string;
  days: number;
  limit: number;
  amount: number | null;
  currency: string;
}

export function renderStale(
  locale: Locale,
  pipeline: Pipeline,
  mine: boolean,
  total: number,
  checked: number,
  rows: StaleLine[],
  limits: StaleLimit[],
  minStays: number,
): string {
  const limitList = limits
    .map((l) => {
      const d = days(l.days);
      const text =
        l.basis === 'p75'
          ? at(locale, 'staleBasisP75', { days: d, n: l.n })
          : l.basis === 'configured'
            ? at(locale, 'staleBasisConfigured', { days: d })
            : l.basis === 'command'
              ? at(locale, 'staleBasisCommand', { days: d })
              : at(locale, 'staleBasisDefault', { days: d, min: minStays });
      return `${stageName(pipeline, l.stage)} ${text}`;
    })
    .join(' · ');
  if (rows.length === 0) {
    return [at(locale, mine ? 'staleNoneMine' : 'staleNone', { checked }), at(locale, 'staleLimits', { list: limitList })].join('\n');
  }
  const lines = [
    at(locale, mine ? 'staleTitleMine' : 'staleTitle', { count: total }),
    table(
      [
        { title: at(locale, 'colDeal'), max: 32 },
        { title: at(locale, 'colOwner'), max: 16 },
        { title: at(locale, 'colStage') },
        { title: at(locale, 'colDaysInStage'), right: true },
        { title: at(locale, 'colLimit'), right: true },
        { title: at(locale, 'colAmount'), right: true },
      ],
      rows.slice(0, STALE_TEXT_ROWS).map((r) => [
        r.name,
        r.owner,
        stageName(pipeline, r.stage),
        days(r.days),
        days(r.limit),
        r.amount === null ? DASH : `${money(r.amount, locale)} ${r.currency}`,
      ]),
    ),
  ];
  const shown = Math.min(rows.length, STALE_TEXT_ROWS);
  if (total > shown) lines.push(at(locale, 'staleMore', { count: total - shown }));
  lines.push(at(locale, 'staleLimits', { list: limitList }), at(locale, 'staleHint'));
  return lines.join('\n');
}
