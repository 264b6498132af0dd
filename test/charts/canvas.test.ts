// The local renderer: real PNGs, decoded and measured.
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { CanvasChartRenderer, CJK_FONT_FAMILY, registerChartFonts } from '../../src/adapters/charts/index.js';
import {
  CHART_FONT_FAMILY,
  CHART_HEIGHT,
  CHART_WIDTH,
  conversionTrendChart,
  funnelChart,
  FUNNEL_COLOURS,
  PIPELINE_COLOURS,
  pipelineValueChart,
  TREND_COLOURS,
  WIN_RATE_COLOURS,
  winRateChart,
  type ChartSpec,
  type JsonObject,
} from '../../src/core/charts/index.js';
import { ctx, FUNNEL_STAGES, FUNNEL_STAGES_ZH, PIPELINE, WEEKS, WIN_ROWS } from './fixtures.js';
import {
  countColour,
  countNonWhite,
  decodePng,
  diffPixels,
  isPng,
  maxRunsAlongColumns,
  maxRunsAlongRows,
  onWhite,
  pngSize,
  projectedRuns,
  type Pixels,
} from './png.js';

const renderer = new CanvasChartRenderer();
const timings: Record<string, number> = {};

async function draw(name: string, spec: ChartSpec): Promise<{ png: Uint8Array; pixels: Pixels }> {
  const started = performance.now();
  const png = await renderer.render(spec);
  timings[name] = Math.round(performance.now() - started);
  return { png, pixels: await decodePng(png) };
}

function withTitle(spec: ChartSpec, text: string): ChartSpec {
  const copy = structuredClone(spec);
  const plugins = copy.options['plugins'] as JsonObject;
  (plugins['title'] as JsonObject)['text'] = text;
  return copy;
}

beforeAll(async () => {
  // The first chart pays for loading Chart.js and the fonts; time the charts after it.
  await renderer.render(funnelChart({ ...ctx('en'), stages: FUNNEL_STAGES }));
});

describe('CanvasChartRenderer', () => {
  it('draws the funnel: 1000×560 PNG, white background, one bar per stage', async () => {
    const { png, pixels } = await draw('funnel', funnelChart({ ...ctx('en'), stages: FUNNEL_STAGES }));
    expect(isPng(png)).toBe(true);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect([pixels.width, pixels.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    // Corners are the opaque white background.
    expect(Array.from(pixels.data.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    expect(countNonWhite(pixels)).toBeGreaterThan(50_000);
    // The bars are centred, so the middle column crosses all six: count runs of bar colour.
    const colours = [onWhite(FUNNEL_COLOURS.open), onWhite(FUNNEL_COLOURS.won)];
    expect(maxRunsAlongColumns(pixels, colours, 8)).toBe(6);
    expect(countColour(pixels, [onWhite(FUNNEL_COLOURS.won)])).toBeGreaterThan(2_000);
  });

  it('draws the weekly trend: rate line, one interval bar per week with data, none for the empty week', async () => {
    const { pixels } = await draw(
      'trend',
      conversionTrendChart({ ...ctx('en'), transition: { from: 'Opportunity', to: 'Qualified' }, weeks: WEEKS }),
    );
    expect(countNonWhite(pixels)).toBeGreaterThan(40_000);
    expect(countColour(pixels, [onWhite(TREND_COLOURS.rate)])).toBeGreaterThan(1_000);
    // Interval bars are taller than the 12 px legend swatch: columns with ≥ 20 band pixels.
    const weeksWithData = WEEKS.filter((w) => w.entered > 0).length;
    expect(projectedRuns(pixels, [onWhite(TREND_COLOURS.interval)], 'columns', 20, 10)).toBe(weeksWithData);
  });

  it('draws pipeline value: a raw and a weighted bar per stage', async () => {
    const { pixels } = await draw('pipeline', pipelineValueChart({ ...ctx('en'), currency: 'CNY', stages: PIPELINE }));
    // A scan line just above the axis crosses every bar of each colour.
    expect(maxRunsAlongRows(pixels, [onWhite(PIPELINE_COLOURS.raw)], 8)).toBe(PIPELINE.length);
    expect(maxRunsAlongRows(pixels, [onWhite(PIPELINE_COLOURS.weighted)], 8)).toBe(PIPELINE.length);
  });

  it('draws win rate: one interval bar and one rate point per row', async () => {
    const { pixels } = await draw('winRate', winRateChart({ ...ctx('en'), dimension: 'industry', rows: WIN_ROWS }));
    // Rows holding ≥ 20 interval-coloured pixels, in runs ≥ 14 px tall (the legend swatch is 12 px).
    expect(projectedRuns(pixels, [onWhite(WIN_RATE_COLOURS.interval)], 'rows', 20, 14)).toBe(WIN_ROWS.length);
    expect(projectedRuns(pixels, [onWhite(WIN_RATE_COLOURS.rate)], 'rows', 4, 6)).toBeGreaterThanOrEqual(WIN_ROWS.length);
  });

  it('draws the same PNG from the spec and from its JSON, and leaves the spec untouched', async () => {
    const spec = winRateChart({ ...ctx('zh-CN'), dimension: 'industry', rows: WIN_ROWS });
    const before = JSON.stringify(spec);
    const a = await renderer.render(spec);
    const b = await renderer.render(JSON.parse(before) as ChartSpec);
    expect(JSON.stringify(spec)).toBe(before);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('renders each chart in well under the time a chat reply allows', () => {
    // Typically 150–550 ms on 2 shared cores; the bound leaves room for a busy CI machine.
    for (const [name, ms] of Object.entries(timings)) expect(ms, name).toBeLessThan(3_000);
    console.info(`render timings (ms): ${JSON.stringify(timings)}`);
  });
});

describe('Chinese labels', () => {
  it('the CJK font from npm is registered under the family the specs ask for', () => {
    const { family, files } = registerChartFonts();
    expect(family).toBe(CJK_FONT_FAMILY);
    expect(files).toBeGreaterThan(50);
    expect(GlobalFonts.has(CJK_FONT_FAMILY)).toBe(true);
    expect(CHART_FONT_FAMILY.startsWith(`'${CJK_FONT_FAMILY}'`)).toBe(true);
  });

  it('draws each of 合格机会 as its own glyph, not a missing-glyph box', () => {
    registerChartFonts();
    const ink = (text: string) => {
      const canvas = createCanvas(64, 64);
      const g = canvas.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 64, 64);
      g.fillStyle = '#000';
      g.font = `40px ${CHART_FONT_FAMILY}`;
      g.fillText(text, 8, 48);
      return { width: 64, height: 64, data: g.getImageData(0, 0, 64, 64).data } satisfies Pixels;
    };
    const tofu = ink('\uE000'); // a private-use code point: no font has it
    expect(diffPixels(ink('\uE001'), tofu)).toBe(0); // every missing glyph draws alike...
    const glyphs = ['合', '格', '机', '会'].map(ink);
    for (const [i, g] of glyphs.entries()) {
      expect(countNonWhite(g), `${i}`).toBeGreaterThan(100);
      expect(diffPixels(g, tofu), `${i} vs tofu`).toBeGreaterThan(100);
      for (const other of glyphs.slice(i + 1)) expect(diffPixels(g, other)).toBeGreaterThan(100); // ...real ones do not
    }
  });

  it('a chart titled in Chinese differs from one titled in missing-glyph boxes', async () => {
    const zh = funnelChart({ ...ctx('zh-CN'), stages: FUNNEL_STAGES_ZH });
    const { pixels: chinese } = await draw('funnel zh', withTitle(zh, '合格机会漏斗'));
    const { pixels: boxes } = await draw('funnel boxes', withTitle(zh, '\uE000\uE001\uE002\uE003\uE004\uE005'));
    const { pixels: boxes2 } = await draw('funnel boxes 2', withTitle(zh, '\uE010\uE011\uE012\uE013\uE014\uE015'));
    const titleBand = { x: 0, y: 0, w: CHART_WIDTH, h: 44 };
    // Control: two titles of missing glyphs are pixel-identical, so the check can see boxes.
    expect(diffPixels(boxes, boxes2, titleBand)).toBe(0);
    expect(diffPixels(chinese, boxes, titleBand)).toBeGreaterThan(500);
    // Below the title the charts are the same.
    expect(diffPixels(chinese, boxes, { x: 0, y: 80, w: CHART_WIDTH, h: CHART_HEIGHT - 80 })).toBe(0);
  });
});
