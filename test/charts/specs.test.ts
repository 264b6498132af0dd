// The chart specs are pure data: JSON only, the numbers the charts promise, both locales.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  conversionTrendChart,
  describeChart,
  formatAsOf,
  funnelChart,
  FUNNEL_COLOURS,
  OKABE_ITO,
  pipelineValueChart,
  winRateChart,
  winRateRows,
  type ChartSpec,
  type JsonObject,
} from '../../src/core/charts/index.js';
import { registeredCatalogues } from '../../src/core/i18n.js';
import { wilson } from '../../src/core/stats/index.js';
import { ctx, FUNNEL_STAGES, FUNNEL_STAGES_ZH, PIPELINE, WEEKS, WIN_ROWS } from './fixtures.js';

const obj = (v: unknown) => v as JsonObject;
const scales = (spec: ChartSpec) => obj(spec.options['scales']);
const plugin = (spec: ChartSpec, name: string) => obj(obj(spec.options['plugins'])[name]);
const pct = (rate: number) => Math.round(rate * 10_000) / 100;

function allSpecs(locale: 'en' | 'zh-CN'): ChartSpec[] {
  return [
    funnelChart({ ...ctx(locale), stages: locale === 'en' ? FUNNEL_STAGES : FUNNEL_STAGES_ZH }),
    conversionTrendChart({ ...ctx(locale), transition: { from: 'Opportunity', to: 'Qualified' }, weeks: WEEKS }),
    pipelineValueChart({ ...ctx(locale), currency: 'CNY', stages: PIPELINE }),
    winRateChart({ ...ctx(locale), dimension: 'industry', rows: WIN_ROWS }),
  ];
}

describe('chart specs', () => {
  it.each(['en', 'zh-CN'] as const)('are plain JSON, identical after a JSON round trip (%s)', (locale) => {
    for (const spec of allSpecs(locale)) {
      expect(JSON.parse(JSON.stringify(spec))).toStrictEqual(spec);
      expect(spec.options['animation']).toBe(false);
      expect(spec.options['responsive']).toBe(false);
    }
  });

  it('show workspace in the title and period plus as-of time in the subtitle', () => {
    for (const spec of allSpecs('en')) {
      expect(plugin(spec, 'title')['text']).toContain('Acme Robotics');
      expect(plugin(spec, 'subtitle')['text']).toBe('2025 Q1 · data as of 2025-03-31 18:00 Asia/Shanghai');
    }
    for (const spec of allSpecs('zh-CN')) {
      expect(plugin(spec, 'title')['text']).toContain('华东销售部');
      expect(plugin(spec, 'subtitle')['text']).toBe('2025 年第一季度 · 数据截至 2025-03-31 18:00 Asia/Shanghai');
    }
    expect(formatAsOf(new Date('2025-03-31T23:30:00Z'))).toBe('2025-03-31 23:30 UTC');
    expect(describeChart(allSpecs('en')[0]!)).toBe(
      'Sales funnel · Acme Robotics — 2025 Q1 · data as of 2025-03-31 18:00 Asia/Shanghai',
    );
  });

  it('ask for the CJK font everywhere text is drawn', () => {
    const json = JSON.stringify(allSpecs('zh-CN'));
    const families = [...json.matchAll(/"family":"([^"]+)"/g)].map((m) => m[1]);
    expect(families.length).toBeGreaterThan(10);
    expect(new Set(families)).toEqual(new Set([families[0]]));
    expect(families[0]).toMatch(/^'Noto Sans SC'/);
  });

  it('use only Okabe–Ito colours (solid or translucent)', () => {
    const palette = Object.values(OKABE_ITO).map((hex) => Number.parseInt(hex.slice(1), 16));
    const rgb = palette.map((n) => `${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}`);
    for (const spec of [...allSpecs('en'), ...allSpecs('zh-CN')]) {
      for (const dataset of spec.data.datasets) {
        for (const key of ['backgroundColor', 'borderColor', 'pointBackgroundColor']) {
          const values = ([] as unknown[]).concat(dataset[key] ?? []);
          for (const colour of values as string[]) {
            if (colour === 'rgba(0, 0, 0, 0)' || colour === '#ffffff') continue;
            const ok = colour.startsWith('#')
              ? Object.values(OKABE_ITO).includes(colour as never)
              : rgb.some((c) => colour.startsWith(`rgba(${c},`));
            expect(ok, `${key} ${colour}`).toBe(true);
          }
        }
      }
    }
  });
});

describe('funnelChart', () => {
  const spec = funnelChart({ ...ctx('en'), stages: FUNNEL_STAGES });

  it('draws one centred bar per stage, width = count, labelled with name and count', () => {
    expect(spec.data.labels).toEqual(FUNNEL_STAGES.map((s) => [s.label, String(s.count)]));
    expect(spec.data.datasets[0]!['data']).toEqual(FUNNEL_STAGES.map((s) => [-s.count / 2, s.count / 2]));
    expect(spec.options['indexAxis']).toBe('y');
    const colours = spec.data.datasets[0]!['backgroundColor'] as string[];
    expect(colours.slice(0, 5)).toEqual(Array(5).fill(FUNNEL_COLOURS.open));
    expect(colours[5]).toBe(FUNNEL_COLOURS.won);
  });

  it('puts the drop-off between stages level with the gap between their bars', () => {
    const right = obj(scales(spec)['yRight']);
    // 2n+1 slots without offset: even slots are the boundaries between bars.
    expect(right['offset']).toBe(false);
    expect(right['labels']).toEqual([
      '', '',
      '↓ 36.7% drop-off', '',
      '↓ 42.1% drop-off', '',
      '↓ 36.4% drop-off', '',
      '↓ 25.7% drop-off', '',
      '↓ 23.1% drop-off', '',
      '',
    ]);
    expect(obj(obj(scales(spec)['x'])['title'])['text']).toBe('Lead → Won: 13.3% overall');
  });

  it('speaks Chinese', () => {
    const zh = funnelChart({ ...ctx('zh-CN'), stages: FUNNEL_STAGES_ZH });
    expect(plugin(zh, 'title')['text']).toBe('销售漏斗 · 华东销售部');
    expect(zh.data.labels[2]).toEqual(['合格机会', '110']);
    expect(obj(scales(zh)['yRight'])['labels']).toContain('↓ 流失 36.7%');
    expect(obj(obj(scales(zh)['x'])['title'])['text']).toBe('线索 → 赢单：总转化率 13.3%');
  });

  it('survives empty, zero and growing stages', () => {
    const empty = funnelChart({ ...ctx('en'), stages: [] });
    expect(empty.data.labels).toEqual([]);
    expect(obj(obj(scales(empty)['x'])['title'])['text']).toBe('No data for this period');
    const odd = funnelChart({
      ...ctx('en'),
      stages: [
        { key: 'a', label: 'A', count: 0 },
        { key: 'b', label: 'B', count: 10 },
        { key: 'c', label: 'C', count: 12 },
      ],
    });
    expect(obj(scales(odd)['yRight'])['labels']).toEqual(['', '', '—', '', '↑ 20.0% more', '', '']);
    expect(JSON.parse(JSON.stringify(odd))).toStrictEqual(odd);
  });
});

describe('conversionTrendChart', () => {
  const spec = conversionTrendChart({ ...ctx('en'), transition: { from: 'Opportunity', to: 'Qualified' }, weeks: WEEKS });
  const [rate, band, average] = spec.data.datasets;

  it('plots each week’s rate with its Wilson 95% interval as a floating bar', () => {
    expect(rate!['type']).toBe('line');
    expect(band!['type']).toBe('bar');
    WEEKS.forEach((w, i) => {
      if (w.entered === 0) {
        expect((rate!['data'] as unknown[])[i]).toBeNull();
        expect((band!['data'] as unknown[])[i]).toBeNull();
        return;
      }
      const ci = wilson(w.converted, w.entered);
      expect((rate!['data'] as number[])[i]).toBe(pct(ci.p));
      expect((band!['data'] as number[][])[i]).toEqual([pct(ci.low), pct(ci.high)]);
    });
  });

  it('shows the period average and each week’s sample size', () => {
    const entered = WEEKS.reduce((s, w) => s + w.entered, 0);
    const converted = WEEKS.reduce((s, w) => s + w.converted, 0);
    expect(average!['label']).toBe(`Period average ${(Math.round((converted / entered) * 1000) / 10).toFixed(1)}%`);
    expect(spec.data.labels[0]).toEqual(['Jan 6', 'n=14']);
    expect(plugin(spec, 'title')['text']).toBe('Weekly conversion Opportunity → Qualified · Acme Robotics');
    const zh = conversionTrendChart({ ...ctx('zh-CN'), transition: { from: '商机', to: '合格机会' }, weeks: WEEKS });
    expect(zh.data.labels[0]).toEqual(['1月6日', 'n=14']);
  });
});

describe('pipelineValueChart', () => {
  const spec = pipelineValueChart({ ...ctx('en'), currency: 'CNY', stages: PIPELINE });

  it('puts raw and weighted value side by side per stage', () => {
    expect(spec.data.datasets.map((d) => d['label'])).toEqual(['Pipeline value', 'Weighted value']);
    expect(spec.data.datasets[0]!['data']).toEqual(PIPELINE.map((s) => s.value));
    expect(spec.data.datasets[1]!['data']).toEqual(PIPELINE.map((s) => s.weighted));
    expect(spec.data.labels[0]).toEqual(['Opportunity', 'CN¥4.85M / CN¥485K']);
    expect(obj(obj(scales(spec)['y'])['title'])['text']).toBe('Value (CNY)');
    expect(obj(obj(scales(spec)['x'])['title'])['text']).toBe('Total CN¥11.8M · weighted CN¥3.56M');
  });

  it('formats money compactly in Chinese, and tolerates unknown currency codes', () => {
    const zh = pipelineValueChart({ ...ctx('zh-CN'), currency: 'CNY', stages: PIPELINE });
    expect(zh.data.labels[0]).toEqual(['Opportunity', '¥485万 / ¥48.5万']);
    const odd = pipelineValueChart({ ...ctx('en'), currency: 'POINTS', stages: PIPELINE });
    expect(odd.data.labels[0]).toEqual(['Opportunity', '4.85M POINTS / 485K POINTS']);
  });
});

describe('winRateChart', () => {
  const spec = winRateChart({ ...ctx('en'), dimension: 'industry', rows: WIN_ROWS });
  const [rate, interval, overall] = spec.data.datasets;

  it('draws the interval as a floating bar and the rate as a point', () => {
    expect(interval!['type']).toBe('bar');
    expect(rate!['type']).toBe('line');
    expect(rate!['showLine']).toBe(false);
    WIN_ROWS.forEach((r, i) => {
      const ci = wilson(r.won, r.closed);
      expect((interval!['data'] as number[][])[i]).toEqual([pct(ci.low), pct(ci.high)]);
      expect((rate!['data'] as number[])[i]).toBe(pct(ci.p));
    });
    expect(overall!['label']).toBe('Overall 42.1%');
    expect(plugin(spec, 'title')['text']).toBe('Win rate by industry · Acme Robotics');
    expect(obj(scales(spec)['yRight'])['labels']).toContain('14/31 won · 45.2%');
  });

  it('translates known dimensions and keeps unknown ones as given', () => {
    expect(plugin(winRateChart({ ...ctx('zh-CN'), dimension: 'owner', rows: WIN_ROWS }), 'title')['text']).toBe(
      '按销售代表的赢单率 · 华东销售部',
    );
    expect(plugin(winRateChart({ ...ctx('en'), dimension: 'region', rows: WIN_ROWS }), 'title')['text']).toBe(
      'Win rate by region · Acme Robotics',
    );
  });

  it('keeps the largest groups and merges the tail into Others', () => {
    const rows = Array.from({ length: 15 }, (_, i) => ({ label: `R${i}`, won: 1, closed: 20 - i }));
    const kept = winRateRows(rows, 12, (n) => `Others (${n})`);
    expect(kept).toHaveLength(12);
    expect(kept[11]).toEqual({ label: 'Others (4)', won: 4, closed: 9 + 8 + 7 + 6 });
    const spec = winRateChart({ ...ctx('en'), dimension: 'owner', rows });
    expect(spec.data.labels).toHaveLength(12);
  });

  it('handles a group with no closed deals', () => {
    const spec = winRateChart({ ...ctx('en'), dimension: 'team', rows: [{ label: 'New', won: 0, closed: 0 }, { label: 'Old', won: 2, closed: 4 }] });
    expect(spec.data.labels).toEqual(['Old', 'New']);
    expect((spec.data.datasets[1]!['data'] as unknown[])[1]).toBeNull();
    expect(obj(scales(spec)['yRight'])['labels']).toEqual(['2/4 won · 50.0%', 'no closed deals']);
  });
});

describe('charts module', () => {
  it('has every text in both locales with the same placeholders', () => {
    const charts = registeredCatalogues().find((c) => c.name === 'charts')!;
    expect(Object.keys(charts.zh).sort()).toEqual(Object.keys(charts.en).sort());
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(charts.en)) expect(placeholders(charts.zh[key]!), key).toEqual(placeholders(charts.en[key]!));
  });

  it('imports no rendering library (core stays pure)', () => {
    const dir = join(import.meta.dirname, '../../src/core/charts');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\.?\//);
    }
  });
});
