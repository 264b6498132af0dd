// Chooses the chart renderer: local Chart.js on canvas by default, a QuickChart server
// when QUICKCHART_URL is set. Both draw the same specs.

import type { Config } from '../../config.js';
import type { ChartRenderer } from '../../core/charts/index.js';
import { CanvasChartRenderer } from './canvas.js';
import { QuickChartRenderer } from './quickchart.js';

export { CanvasChartRenderer } from './canvas.js';
export { QuickChartRenderer, type QuickChartOptions } from './quickchart.js';
export { registerChartFonts, CJK_FONT_FAMILY } from './fonts.js';

export function createChartRenderer(config: Pick<Config, 'quickchartUrl'>): ChartRenderer {
  return config.quickchartUrl ? new QuickChartRenderer(config.quickchartUrl) : new CanvasChartRenderer();
}
