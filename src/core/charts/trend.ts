// Chart 2: one stage transition's weekly conversion rate with its Wilson 95% interval.
// The interval is a floating bar per week ([low, high]), so the band shows each week's
// own uncertainty and needs no plugin on either renderer.

import { wilson } from '../stats/index.js';
import {
  axisTitle,
  baseOptions,
  formatCount,
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
import { chartText } from './texts.js';

export interface WeekInput {
  /** The week's first day, an ISO date (YYYY-MM-DD) or a Date (its UTC date is used). */
  weekStart: string | Date;
  /** Deals that entered the `from` stage that week (the cohort). */
  entered: number;
  /** Of those, deals that reached the `to` stage. */
  converted: number;
}

export interface ConversionTrendInput extends ChartContext {
  /** Stage names as people see them. */
  transition: { from: string; to: string };
  weeks: WeekInput[];
}

export const TREND_COLOURS = {
  rate: OKABE_ITO.blue,
  interval: withAlpha(OKABE_ITO.skyBlue, 0.45),
  average: OKABE_ITO.black,
} as const;

function weekLabel(weekStart: string | Date, locale: ChartContext['locale']): string {
  const iso = typeof weekStart === 'string' ? weekStart.slice(0, 10) : weekStart.toISOString().slice(0, 10);
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

export function conversionTrendChart(input: ConversionTrendInput): ChartSpec {
  const { locale, weeks, transition } = input;
  const intervals = weeks.map((w) => (w.entered > 0 ? wilson(w.converted, w.entered) : null));
  const entered = weeks.reduce((sum, w) => sum + w.entered, 0);
  const converted = weeks.reduce((sum, w) => sum + w.converted, 0);
  const average = entered > 0 ? converted / entered : null;

  const title = chartText(locale, 'trendTitle', { from: transition.from, to: transition.to, workspace: input.workspace });
  const datasets: JsonObject[] = [
    {
      type: 'line',
      label: chartText(locale, 'trendRate'),
      data: intervals.map((i) => (i ? toPercent(i.p) : null)),
      borderColor: TREND_COLOURS.rate,
      backgroundColor: TREND_COLOURS.rate,
      borderWidth: 2.5,
      pointRadius: 4.5,
      pointBackgroundColor: TREND_COLOURS.rate,
      pointBorderColor: '#ffffff',
      pointBorderWidth: 1.5,
      spanGaps: false,
      tension: 0,
      fill: false,
      order: 0,
    },
    {
      type: 'bar',
      label: chartText(locale, 'trendInterval'),
      data: intervals.map((i) => (i ? [toPercent(i.low), toPercent(i.high)] : null)),
      backgroundColor: TREND_COLOURS.interval,
      borderWidth: 0,
      borderSkipped: false,
      barPercentage: 1,
      categoryPercentage: 0.9,
      order: 2,
    },
  ];
  if (average !== null) {
    datasets.push({
      type: 'line',
      label: chartText(locale, 'trendAverage', { pct: formatPercent(average, locale) }),
      data: weeks.map(() => toPercent(average)),
      borderColor: TREND_COLOURS.average,
      backgroundColor: 'rgba(0, 0, 0, 0)',
      borderWidth: 1.5,
      borderDash: [6, 5],
      pointRadius: 0,
      fill: false,
      order: 1,
    });
  }

  return {
    type: 'bar',
    data: {
      labels: weeks.map((w) => [weekLabel(w.weekStart, locale), chartText(locale, 'trendWeekN', { n: formatCount(w.entered, locale) })]),
      datasets,
    },
    options: {
      ...baseOptions(input, title, true),
      scales: {
        x: {
          type: 'category',
          offset: true,
          grid: { display: false },
          border: { color: GRID },
          ticks: { ...ticks(12), maxRotation: 0, autoSkip: true },
          title: axisTitle(weeks.length ? chartText(locale, 'trendWeeks', { from: transition.from }) : chartText(locale, 'noData')),
        },
        y: {
          type: 'linear',
          min: 0,
          max: 100,
          ticks: { ...ticks(12), stepSize: 20 },
          grid: { color: GRID },
          border: { display: false },
          title: axisTitle(chartText(locale, 'trendAxis')),
        },
      },
    },
  };
}
