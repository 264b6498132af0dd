// The eight funnel metrics of the source article, once: their order, the figure each
// compares (the weekly digest's arrows and deltas) and the line each shows in the
// `metrics` reply (label, value, how it was counted).

import type { Locale } from '../model.js';
import type { MetricsData } from './metrics.js';
import type { Anchors } from './ranks.js';
import { DASH, days, money, pct, pctRange, ratio } from './table.js';
import { at } from './texts.js';

export type MetricKey =
  | 'leadToOpportunity'
  | 'opportunityToQualified'
  | 'leadToQualified'
  | 'qualifiedWinRate'
  | 'salesCycle'
  | 'qualifiedPerWin'
  | 'averageDealSize'
  | 'pipelineValue';

/** What a metric line needs besides the numbers: the language and the anchor stages' names. */
export interface MetricLineFrame {
  locale: Locale;
  anchors: Anchors;
  names: { lead: string; opportunity: string; qualified: string };
}

export interface MetricRow {
  key: MetricKey;
  /** '%': the figure is a percentage (one decimal). */
  unit: '%' | '';
  /** The number compared from one period to the next; null when it cannot be computed. */
  figure(d: MetricsData): number | null;
  /** The metrics reply's row: label, value, detail. */
  line(d: MetricsData, f: MetricLineFrame): [string, string, string];
}

const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

const missing = (f: MetricLineFrame, stage: string) => at(f.locale, 'notAvailable', { stage });

export const METRIC_ROWS: readonly MetricRow[] = [
  {
    key: 'leadToOpportunity',
    unit: '%',
    figure: (d) => percent(d.metrics.leadToOpportunity),
    line: ({ metrics: m, counts: c }, f) => [
      at(f.locale, 'm1', f.names),
      pct(m.leadToOpportunity),
      f.anchors.opportunity ? at(f.locale, 'ofCount', { num: c.opportunities, den: c.leads }) : missing(f, f.names.opportunity),
    ],
  },
  {
    key: 'opportunityToQualified',
    unit: '%',
    figure: (d) => percent(d.metrics.opportunityToQualified),
    line: ({ metrics: m, counts: c }, f) => [
      at(f.locale, 'm2', f.names),
      pct(m.opportunityToQualified),
      f.anchors.opportunity && f.anchors.qualified
        ? at(f.locale, 'ofCount', { num: c.qualified, den: c.opportunities })
        : missing(f, f.names.qualified),
    ],
  },
  {
    key: 'leadToQualified',
    unit: '%',
    figure: (d) => percent(d.metrics.leadToQualified),
    line: ({ metrics: m, counts: c }, f) => [
      at(f.locale, 'm3', f.names),
      pct(m.leadToQualified),
      f.anchors.qualified ? at(f.locale, 'ofCount', { num: c.qualified, den: c.leads }) : missing(f, f.names.qualified),
    ],
  },
  {
    key: 'qualifiedWinRate',
    unit: '%',
    figure: (d) => percent(d.metrics.qualifiedWinRate),
    line: ({ metrics: m, counts: c }, f) => [
      at(f.locale, 'm4', f.names),
      pct(m.qualifiedWinRate),
      c.qualifiedClosed > 0 && c.qualifiedWinRateLow !== null && c.qualifiedWinRateHigh !== null
        ? at(f.locale, 'winDetail', {
            won: c.won,
            closed: c.qualifiedClosed,
            qualified: f.names.qualified,
            range: pctRange(c.qualifiedWinRateLow, c.qualifiedWinRateHigh),
          })
        : at(f.locale, 'ofCount', { num: c.won, den: c.qualifiedClosed }),
    ],
  },
  {
    key: 'salesCycle',
    unit: '',
    figure: (d) => d.metrics.salesCycleDays.median,
    line: ({ metrics: m }, f) => [
      at(f.locale, 'm5'),
      m.salesCycleDays.median === null ? DASH : at(f.locale, 'daysValue', { days: days(m.salesCycleDays.median) }),
      m.salesCycleDays.n > 0
        ? at(f.locale, 'cycleDetail', {
            median: days(m.salesCycleDays.median),
            mean: days(m.salesCycleDays.mean),
            p75: days(m.salesCycleDays.p75),
            n: m.salesCycleDays.n,
          })
        : '',
    ],
  },
  {
    key: 'qualifiedPerWin',
    unit: '',
    figure: (d) => d.metrics.qualifiedPerWin,
    line: ({ metrics: m, counts: c }, f) => [
      at(f.locale, 'm6', f.names),
      ratio(m.qualifiedPerWin),
      at(f.locale, 'perWinDetail', { qualified: c.qualified, stage: f.names.qualified, won: c.won }),
    ],
  },
  {
    key: 'averageDealSize',
    unit: '',
    figure: (d) => d.metrics.averageDealSize.mean,
    line: ({ metrics: m }, f) => [
      at(f.locale, 'm7'),
      money(m.averageDealSize.mean, f.locale),
      m.averageDealSize.n > 0
        ? at(f.locale, 'sizeDetail', {
            mean: money(m.averageDealSize.mean, f.locale),
            median: money(m.averageDealSize.median, f.locale),
            n: m.averageDealSize.n,
            total: money(m.averageDealSize.total, f.locale),
          })
        : '',
    ],
  },
  {
    key: 'pipelineValue',
    unit: '',
    figure: (d) => d.counts.pipelineValue,
    line: ({ counts: c }, f) => [
      at(f.locale, 'm8'),
      money(c.pipelineValue, f.locale),
      at(f.locale, 'pipelineDetail', {
        value: money(c.pipelineValue, f.locale),
        count: c.pipelineCount,
        weighted: money(c.pipelineWeighted, f.locale),
      }),
    ],
  },
];
