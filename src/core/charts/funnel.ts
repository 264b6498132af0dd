// Chart 1: the funnel. One centred bar per stage (width ∝ count), each stage's name and
// count on the left, the drop-off between consecutive stages on the right, level with
// the gap between their bars.

import type { StageKind } from '../model.js';
import {
  axisTitle,
  baseOptions,
  formatCount,
  formatPercent,
  OKABE_ITO,
  ticks,
  font,
  INK,
  MUTED_INK,
  type ChartContext,
  type ChartSpec,
} from './spec.js';
import { chartText } from './texts.js';

export interface FunnelStageInput {
  key: string;
  /** The stage's name as people see it (already in the workspace's language). */
  label: string;
  count: number;
  /** 'won' draws green, 'lost' vermillion; open stages are blue. */
  kind?: StageKind;
}

export interface FunnelChartInput extends ChartContext {
  /** In funnel order. */
  stages: FunnelStageInput[];
}

export const FUNNEL_COLOURS: Record<StageKind, string> = {
  open: OKABE_ITO.blue,
  won: OKABE_ITO.bluishGreen,
  lost: OKABE_ITO.vermillion,
};

export function funnelChart(input: FunnelChartInput): ChartSpec {
  const { stages, locale } = input;
  const max = Math.max(1, ...stages.map((s) => s.count));
  const half = (max / 2) * 1.02;

  // Left: stage name over its count. Right: the drop-off between two stages, level
  // with the gap between their bars. The right axis has 2n+1 slots without offset, so
  // slot 2i sits on the boundary between bar i-1 and bar i (odd slots are bar centres).
  const left = stages.map((stage) => [stage.label, formatCount(stage.count, locale)]);
  const between = Array.from({ length: stages.length * 2 + 1 }, (_, slot): string => {
    const i = slot / 2;
    if (slot % 2 === 1 || i === 0 || i >= stages.length) return '';
    const prev = stages[i - 1]!.count;
    if (prev <= 0) return '—';
    const drop = (prev - stages[i]!.count) / prev;
    // Stage counts that are not one cohort can grow from one stage to the next.
    return drop >= 0
      ? chartText(locale, 'funnelDropOff', { pct: formatPercent(drop, locale) })
      : chartText(locale, 'funnelGain', { pct: formatPercent(-drop, locale) });
  });

  const first = stages[0];
  const last = stages[stages.length - 1];
  const overall =
    stages.length === 0
      ? chartText(locale, 'noData')
      : first && last && stages.length > 1 && first.count > 0
        ? chartText(locale, 'funnelOverall', {
            first: first.label,
            last: last.label,
            pct: formatPercent(last.count / first.count, locale),
          })
        : '';

  const options = baseOptions(input, chartText(locale, 'funnelTitle', { workspace: input.workspace }), false);
  return {
    type: 'bar',
    data: {
      labels: left,
      datasets: [
        {
          label: chartText(locale, 'funnelTitle', { workspace: input.workspace }),
          // `0 - 0` would be -0, which JSON cannot carry.
          data: stages.map((s) => [s.count === 0 ? 0 : -s.count / 2, s.count / 2]),
          backgroundColor: stages.map((s) => FUNNEL_COLOURS[s.kind ?? 'open']),
          borderWidth: 0,
          borderRadius: 4,
          borderSkipped: false,
          barPercentage: 0.84,
          categoryPercentage: 1,
          yAxisID: 'y',
        },
      ],
    },
    options: {
      ...options,
      indexAxis: 'y',
      scales: {
        x: {
          type: 'linear',
          min: -half,
          max: half,
          display: true,
          ticks: { display: false },
          grid: { display: false, drawTicks: false },
          border: { display: false },
          title: { ...axisTitle(overall), display: overall !== '', color: INK, font: font(14, 'bold') },
        },
        y: {
          type: 'category',
          position: 'left',
          offset: true,
          grid: { display: false, drawTicks: false },
          border: { display: false },
          ticks: { ...ticks(15), font: font(15, 'bold'), padding: 10 },
        },
        yRight: {
          type: 'category',
          position: 'right',
          labels: between,
          offset: false,
          grid: { display: false, drawTicks: false },
          border: { display: false },
          ticks: { ...ticks(14, MUTED_INK), padding: 10, autoSkip: false },
        },
      },
    },
  };
}
