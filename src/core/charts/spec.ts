// The chart port and what every chart spec shares. A spec is a plain Chart.js 4
// configuration (type, data, options) made of JSON values only: no functions, no
// Dates, no undefined. The same object is drawn locally (Chart.js on a server-side
// canvas) or POSTed as JSON to a QuickChart server, so both draw the same chart.
// Nothing here imports chart.js: rendering is an adapter's job.

import { numberFormat } from '../intl.js';
import type { Locale } from '../model.js';
import { chartText } from './texts.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A serialisable Chart.js 4 configuration. */
export interface ChartSpec {
  type: 'bar' | 'line';
  data: {
    labels: (string | string[])[];
    datasets: JsonObject[];
  };
  options: JsonObject;
}

/** Draws a spec to PNG bytes, CHART_WIDTH × CHART_HEIGHT pixels on a white background. */
export interface ChartRenderer {
  render(spec: ChartSpec): Promise<Uint8Array>;
}

/** Every renderer draws at this fixed size and a device pixel ratio of 1. */
export const CHART_WIDTH = 1000;
export const CHART_HEIGHT = 560;
export const CHART_BACKGROUND = '#ffffff';

/**
 * Okabe–Ito: eight colours that stay distinguishable with the common colour-vision
 * deficiencies (Okabe & Ito, "Color Universal Design", 2008).
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

export const INK = '#1f1f1f';
export const MUTED_INK = '#595959';
export const GRID = '#e3e3e3';

/**
 * The CJK-capable font first (the local renderer registers it under this name; a
 * QuickChart server finds it or a system CJK font through fontconfig), then common
 * fallbacks.
 */
export const CHART_FONT_FAMILY =
  "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** What every chart's heading shows. */
export interface ChartContext {
  /** Workspace name, shown in the title. */
  workspace: string;
  /** The period the data covers, already worded for people (e.g. "2025 Q1", "1–31 March"). */
  period: string;
  /** When the data was read; shown in the subtitle. */
  asOf: Date;
  locale: Locale;
  /** IANA time zone for the as-of time; UTC when absent. */
  timezone?: string;
}

export function font(size: number, weight: 'normal' | 'bold' = 'normal'): JsonObject {
  return { family: CHART_FONT_FAMILY, size, weight };
}

/** `rgba()` of a #rrggbb colour. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A rate in [0, 1] as a percentage rounded to 0.01 (what the axes plot). */
export function toPercent(rate: number): number {
  return Math.round(rate * 10_000) / 100;
}

export function formatCount(n: number, locale: Locale): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

export function formatPercent(rate: number, locale: Locale): string {
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
}

/** Compact money: "¥1.2M" / "¥120万"; "1.2M XYZ" when the code is no ISO currency. */
export function formatMoneyCompact(value: number, currency: string, locale: Locale): string {
  try {
    return numberFormat(locale, {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumSignificantDigits: 3,
    }).format(value);
  } catch {
    const n = numberFormat(locale, { notation: 'compact', maximumSignificantDigits: 3 }).format(value);
    return `${n} ${currency}`;
  }
}

/** "2025-03-31 18:00 Asia/Shanghai": the same shape in every locale, unambiguous. */
export function formatAsOf(asOf: Date, timezone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(asOf);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${timezone}`;
}

export function subtitleText(ctx: ChartContext): string {
  return chartText(ctx.locale, 'subtitle', { period: ctx.period, asOf: formatAsOf(ctx.asOf, ctx.timezone) });
}

/**
 * Options every chart shares: fixed size behaviour (no animation, no resizing, pixel
 * ratio 1), title and subtitle, legend styling, no tooltips (the output is a picture).
 */
export function baseOptions(ctx: ChartContext, title: string, legend: boolean): JsonObject {
  return {
    locale: ctx.locale,
    responsive: false,
    maintainAspectRatio: false,
    animation: false,
    devicePixelRatio: 1,
    layout: { padding: { top: 14, right: 24, bottom: 12, left: 20 } },
    plugins: {
      title: {
        display: true,
        text: title,
        align: 'start',
        color: INK,
        font: font(21, 'bold'),
        padding: { top: 0, bottom: 4 },
      },
      subtitle: {
        display: true,
        text: subtitleText(ctx),
        align: 'start',
        color: MUTED_INK,
        font: font(13),
        padding: { top: 0, bottom: legend ? 6 : 18 },
      },
      legend: {
        display: legend,
        position: 'top',
        align: 'end',
        labels: { color: INK, font: font(13), boxWidth: 28, boxHeight: 12, padding: 14 },
      },
      tooltip: { enabled: false },
    },
  };
}

/** An axis title in the shared style. */
export function axisTitle(text: string): JsonObject {
  return { display: true, text, color: MUTED_INK, font: font(13), padding: { top: 8, bottom: 0 } };
}

export function ticks(size = 13, color: string = INK): JsonObject {
  return { color, font: font(size) };
}

/** A line of a title; Chart.js takes one string or an array of them, so anything else is shown as JSON. */
const line = (x: Json): string => (typeof x === 'string' ? x : JSON.stringify(x));

/** Title and subtitle lines of a spec, e.g. for an image's alt text or a message. */
export function describeChart(spec: ChartSpec): string {
  const plugins = spec.options['plugins'] as JsonObject | undefined;
  const text = (key: string) => {
    const value = (plugins?.[key] as JsonObject | undefined)?.['text'];
    return Array.isArray(value) ? value.map(line).join(' ') : typeof value === 'string' ? value : '';
  };
  return [text('title'), text('subtitle')].filter(Boolean).join(' — ');
}
