// Renders the example funnel shown in the README (docs/charts/funnel-example.png) with
// the local renderer. `--all DIR` also writes the other charts, in English and Chinese,
// for a look at every chart:
//   npx tsx scripts/render-example-chart.ts
//   npx tsx scripts/render-example-chart.ts --all /tmp/charts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CanvasChartRenderer } from '../src/adapters/charts/index.js';
import {
  conversionTrendChart,
  funnelChart,
  pipelineValueChart,
  winRateChart,
  type ChartContext,
  type ChartSpec,
} from '../src/core/charts/index.js';
import type { Locale } from '../src/core/model.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const asOf = new Date('2025-03-31T10:00:00Z');

const STAGES = {
  en: ['Lead', 'Opportunity', 'Qualified', 'Proposal', 'Negotiation', 'Won'],
  'zh-CN': ['线索', '商机', '合格机会', '方案报价', '商务谈判', '赢单'],
} as const;

function context(locale: Locale): ChartContext {
  return {
    workspace: locale === 'zh-CN' ? '华东销售部' : 'Acme Robotics',
    period: locale === 'zh-CN' ? '2025 年第一季度' : '2025 Q1',
    asOf,
    timezone: 'Asia/Shanghai',
    locale,
  };
}

export function exampleCharts(locale: Locale): Record<string, ChartSpec> {
  const ctx = context(locale);
  const names = STAGES[locale];
  const counts = [300, 190, 110, 70, 52, 40];
  const keys = ['lead', 'opportunity', 'qualified', 'proposal', 'negotiation', 'won'];
  const zh = locale === 'zh-CN';
  return {
    funnel: funnelChart({
      ...ctx,
      stages: keys.map((key, i) => ({ key, label: names[i]!, count: counts[i]!, kind: key === 'won' ? 'won' : 'open' })),
    }),
    trend: conversionTrendChart({
      ...ctx,
      transition: { from: names[1], to: names[2] },
      weeks: [
        ['2025-01-06', 14, 8], ['2025-01-13', 17, 10], ['2025-01-20', 12, 6], ['2025-01-27', 5, 3],
        ['2025-02-03', 16, 9], ['2025-02-10', 19, 12], ['2025-02-17', 15, 8], ['2025-02-24', 18, 11],
        ['2025-03-03', 13, 5], ['2025-03-10', 17, 6], ['2025-03-17', 14, 5], ['2025-03-24', 12, 4],
      ].map(([weekStart, entered, converted]) => ({
        weekStart: weekStart as string,
        entered: entered as number,
        converted: converted as number,
      })),
    }),
    pipeline: pipelineValueChart({
      ...ctx,
      currency: 'CNY',
      stages: [
        { label: names[1], value: 4_850_000, weighted: 485_000 },
        { label: names[2], value: 3_120_000, weighted: 780_000 },
        { label: names[3], value: 2_240_000, weighted: 1_120_000 },
        { label: names[4], value: 1_560_000, weighted: 1_170_000 },
      ],
    }),
    winRate: winRateChart({
      ...ctx,
      dimension: 'industry',
      rows: [
        { label: zh ? '制造业' : 'Manufacturing', won: 14, closed: 31 },
        { label: zh ? '金融' : 'Financial services', won: 9, closed: 28 },
        { label: zh ? '零售' : 'Retail', won: 11, closed: 19 },
        { label: zh ? '医疗' : 'Healthcare', won: 3, closed: 12 },
        { label: zh ? '教育' : 'Education', won: 3, closed: 5 },
      ],
    }),
  };
}

async function main(): Promise<void> {
  const renderer = new CanvasChartRenderer();
  const args = process.argv.slice(2);
  const allAt = args.indexOf('--all');
  if (allAt >= 0) {
    const dir = resolve(args[allAt + 1] ?? 'charts');
    mkdirSync(dir, { recursive: true });
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const [name, spec] of Object.entries(exampleCharts(locale))) {
        const started = performance.now();
        const png = await renderer.render(spec);
        const file = join(dir, `${name}-${locale}.png`);
        writeFileSync(file, png);
        console.log(`${file} (${png.length} bytes, ${Math.round(performance.now() - started)} ms)`);
      }
    }
    return;
  }
  const file = join(root, 'docs/charts/funnel-example.png');
  mkdirSync(dirname(file), { recursive: true });
  const started = performance.now();
  const png = await renderer.render(exampleCharts('en').funnel!);
  writeFileSync(file, png);
  console.log(`${file} (${png.length} bytes, ${Math.round(performance.now() - started)} ms)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
