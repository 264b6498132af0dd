// Chart specs (pure Chart.js configurations) and the port that renders them.
export {
  CHART_WIDTH,
  CHART_HEIGHT,
  CHART_BACKGROUND,
  CHART_FONT_FAMILY,
  OKABE_ITO,
  describeChart,
  formatAsOf,
  type ChartContext,
  type ChartRenderer,
  type ChartSpec,
  type Json,
  type JsonObject,
} from './spec.js';
export { chartText, dimensionName } from './texts.js';
export { funnelChart, FUNNEL_COLOURS, type FunnelChartInput, type FunnelStageInput } from './funnel.js';
export { conversionTrendChart, TREND_COLOURS, type ConversionTrendInput, type WeekInput } from './trend.js';
export {
  pipelineValueChart,
  PIPELINE_COLOURS,
  type PipelineValueInput,
  type PipelineStageValue,
} from './pipeline-value.js';
export { winRateChart, winRateRows, WIN_RATE_COLOURS, type WinRateInput, type WinRateRow } from './win-rate.js';
