// Draws chart specs locally: Chart.js 4 on an @napi-rs/canvas (Skia, prebuilt, no
// system libraries), at a fixed size and pixel ratio, on white, without animation.

import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import {
  CHART_BACKGROUND,
  CHART_HEIGHT,
  CHART_WIDTH,
  type ChartRenderer,
  type ChartSpec,
} from '../../core/charts/index.js';
import { registerChartFonts } from './fonts.js';

let chartJsReady = false;

function prepare(): void {
  registerChartFonts();
  if (chartJsReady) return;
  Chart.register(...registerables);
  chartJsReady = true;
}

/** What QuickChart's `backgroundColor` does: paint the canvas before anything else. */
const whiteBackground: Plugin = {
  id: 'stagecoachBackground',
  beforeDraw(chart) {
    const { width, height } = chart;
    // Chart.js types its context with DOM types this project does not load; the context is
    // the one our @napi-rs canvas handed it.
    const ctx = chart.ctx as unknown as SKRSContext2D;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = CHART_BACKGROUND;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export class CanvasChartRenderer implements ChartRenderer {
  constructor(
    private readonly width = CHART_WIDTH,
    private readonly height = CHART_HEIGHT,
  ) {
    prepare();
  }

  async render(spec: ChartSpec): Promise<Uint8Array> {
    const canvas = createCanvas(this.width, this.height);
    // Chart.js writes into the configuration it is given: draw a copy, keep the spec as sent.
    const config = { ...structuredClone(spec), plugins: [whiteBackground] } as unknown as ChartConfiguration;
    // Chart.js only needs getContext('2d') and width/height from the canvas; its DOM-typed
    // ChartItem accepts it as is, since the DOM types are not loaded.
    const chart = new Chart(canvas, config);
    try {
      return await canvas.encode('png');
    } finally {
      chart.destroy();
    }
  }
}
