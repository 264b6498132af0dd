// Chart 4: win rate per value of one dimension (industry, rep, source, ...) with its
// Wilson 95% interval. The interval is a floating bar [low, high] and the rate a point,
// so no error-bar plugin is needed locally or on QuickChart.

import { wilson } from '../stats/index.js';
import {
  axisTitle,
  baseOptions,
  formatPercent,
  GRID,
  OKABE_ITO,
  ticks,
  toPercent,
  withAlpha,
  type ChartContext,
  type ChartSpec,
  type JsonObject,
} from './spec.js';
import { chartText, dimensionName } from './texts.js';

export interface WinRateRow {
  label: string;
  won: number;
  /** Won plus lost deals. */
  closed: number;
}

export interface WinRateInput extends ChartContext {
  /** A known dimension key (industry, team, owner, source, competitor, contactRole, lostReason) or a name. */
  dimension: string;
  rows: WinRateRow[];
  /** Rows beyond this (fewest closed deals first) are merged into "Others". Default 12. */
  maxRows?: number;
}

export const WIN_RATE_COLOURS = {
  interval: withAlpha(OKABE_ITO.skyBlue, 0.6),
  rate: OKABE_ITO.vermillion,
  overall: OKABE_ITO.black,
} as const;

/** Largest groups first; the tail merged into one "Others" row so the chart stays legible. */
export function winRateRows(rows: WinRateRow[], maxRows: number, othersLabel: (count: number) => string): WinRateRow[] {
  const sorted = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => b.row.closed - a.row.closed || a.index - b.index)
    .map((x) => x.row);
  if (sorted.length <= maxRows) return sorted;
  const keep = sorted.slice(0, Math.max(1, maxRows - 1));
  const rest = sorted.slice(keep.length);
  return [
    ...keep,
    {
      label: othersLabel(rest.length),
      won: rest.reduce((sum, r) => sum + r.won, 0),
      closed: rest.reduce((sum, r) => sum + r.closed, 0),
    },
  ];
}

export function winRateChart(input: WinRateInput): ChartSpec {
  const { locale } = input;
  const rows = winRateRows(input.rows, input.maxRows ?? 12, (count) => chartText(locale, 'winOthers', { count }));
  const intervals = rows.map((r) => (r.closed > 0 ? wilson(r.won, r.closed) : null));
  const won = rows.reduce((sum, r) => sum + r.won, 0);
  const closed = rows.reduce((sum, r) => sum + r.closed, 0);
  const overall = closed > 0 ? won / closed : null;

  const datasets: JsonObject[] = [
    {
      type: 'line',
      label: chartText(locale, 'winRate'),
      data: intervals.map((i) => (i ? toPercent(i.p) : null)),
      showLine: false,
      pointStyle: 'circle',
      pointRadius: 7,
      pointBackgroundColor: WIN_RATE_COLOURS.rate,
      pointBorderColor: '#ffffff',
      pointBorderWidth: 2,
      borderColor: WIN_RATE_COLOURS.rate,
      backgroundColor: WIN_RATE_COLOURS.rate,
      yAxisID: 'y',
      order: 0,
    },
    {
      type: 'bar',
      label: chartText(locale, 'winInterval'),
      data: intervals.map((i) => (i ? [toPercent(i.low), toPercent(i.high)] : null)),
      backgroundColor: WIN_RATE_COLOURS.interval,
      borderWidth: 0,
      borderRadius: 4,
      borderSkipped: false,
      barPercentage: 0.5,
      categoryPercentage: 1,
      yAxisID: 'y',
      order: 2,
    },
  ];
  if (overall !== null && rows.length > 1) {
    datasets.push({
      type: 'line',
      label: chartText(locale, 'winOverall', { pct: formatPercent(overall, locale) }),
      data: rows.map(() => toPercent(overall)),
      borderColor: WIN_RATE_COLOURS.overall,
      backgroundColor: 'rgba(0, 0, 0, 0)',
      borderWidth: 1.5,
      borderDash: [6, 5],
      pointRadius: 0,
      fill: false,
      yAxisID: 'y',
      order: 1,
    });
  }

  const right = rows.map((r, i) => {
    const interval = intervals[i];
    return interval
      ? chartText(locale, 'winRowValue', { won: r.won, closed: r.closed, pct: formatPercent(interval.p, locale) })
      : chartText(locale, 'winRowEmpty');
  });

  const dimension = dimensionName(locale, input.dimension);
  return {
    type: 'bar',
    data: { labels: rows.map((r) => r.label), datasets },
    options: {
      ...baseOptions(input, chartText(locale, 'winTitle', { dimension, workspace: input.workspace }), true),
      indexAxis: 'y',
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: 100,
          grid: { color: GRID },
          border: { display: false },
          ticks: { ...ticks(12), stepSize: 10 },
          title: axisTitle(rows.length ? chartText(locale, 'winAxis') : chartText(locale, 'noData')),
        },
        y: {
          type: 'category',
          position: 'left',
          offset: true,
          grid: { display: false },
          border: { color: GRID },
          ticks: { ...ticks(13), padding: 8 },
        },
        yRight: {
          type: 'category',
          position: 'right',
          labels: right,
          offset: true,
          grid: { display: false, drawTicks: false },
          border: { display: false },
          ticks: { ...ticks(12, '#595959'), padding: 10 },
        },
      },
    },
  };
}
