// Chart 3: open pipeline value per stage, raw next to probability-weighted.

import {
  axisTitle,
  baseOptions,
  formatMoneyCompact,
  GRID,
  OKABE_ITO,
  ticks,
  type ChartContext,
  type ChartSpec,
} from './spec.js';
import { chartText } from './texts.js';

export interface PipelineStageValue {
  /** The stage's name as people see it. */
  label: string;
  /** Sum of the open deals' amounts in the stage. */
  value: number;
  /** The same, each amount multiplied by its win probability. */
  weighted: number;
}

export interface PipelineValueInput extends ChartContext {
  /** ISO 4217 code, e.g. "CNY", "EUR". */
  currency: string;
  stages: PipelineStageValue[];
}

export const PIPELINE_COLOURS = {
  raw: OKABE_ITO.skyBlue,
  weighted: OKABE_ITO.blue,
} as const;

const round2 = (n: number) => Math.round(n * 100) / 100;

export function pipelineValueChart(input: PipelineValueInput): ChartSpec {
  const { locale, currency, stages } = input;
  const money = (n: number) => formatMoneyCompact(n, currency, locale);
  const totalRaw = stages.reduce((sum, s) => sum + s.value, 0);
  const totalWeighted = stages.reduce((sum, s) => sum + s.weighted, 0);

  const bar = { borderWidth: 0, borderRadius: 3, barPercentage: 0.9, categoryPercentage: 0.72 };
  return {
    type: 'bar',
    data: {
      labels: stages.map((s) => [
        s.label,
        chartText(locale, 'pipelineStageValues', { raw: money(s.value), weighted: money(s.weighted) }),
      ]),
      datasets: [
        {
          label: chartText(locale, 'pipelineRaw'),
          data: stages.map((s) => round2(s.value)),
          backgroundColor: PIPELINE_COLOURS.raw,
          ...bar,
        },
        {
          label: chartText(locale, 'pipelineWeighted'),
          data: stages.map((s) => round2(s.weighted)),
          backgroundColor: PIPELINE_COLOURS.weighted,
          ...bar,
        },
      ],
    },
    options: {
      ...baseOptions(input, chartText(locale, 'pipelineTitle', { workspace: input.workspace }), true),
      scales: {
        x: {
          type: 'category',
          offset: true,
          grid: { display: false },
          border: { color: GRID },
          ticks: { ...ticks(13), maxRotation: 0 },
          title: axisTitle(
            stages.length
              ? chartText(locale, 'pipelineTotals', { raw: money(totalRaw), weighted: money(totalWeighted) })
              : chartText(locale, 'noData'),
          ),
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          grid: { color: GRID },
          border: { display: false },
          ticks: { ...ticks(12), maxTicksLimit: 7 },
          title: axisTitle(chartText(locale, 'pipelineAxis', { currency })),
        },
      },
    },
  };
}
