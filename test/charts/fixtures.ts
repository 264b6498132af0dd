// Chart inputs shared by the chart tests.
import type { ChartContext } from '../../src/core/charts/index.js';
import type { Locale } from '../../src/core/model.js';

export function ctx(locale: Locale = 'en'): ChartContext {
  return {
    workspace: locale === 'zh-CN' ? '华东销售部' : 'Acme Robotics',
    period: locale === 'zh-CN' ? '2025 年第一季度' : '2025 Q1',
    asOf: new Date('2025-03-31T10:00:00Z'),
    timezone: 'Asia/Shanghai',
    locale,
  };
}

export const FUNNEL_STAGES = [
  { key: 'lead', label: 'Lead', count: 300 },
  { key: 'opportunity', label: 'Opportunity', count: 190 },
  { key: 'qualified', label: 'Qualified', count: 110 },
  { key: 'proposal', label: 'Proposal', count: 70 },
  { key: 'negotiation', label: 'Negotiation', count: 52 },
  { key: 'won', label: 'Won', count: 40, kind: 'won' as const },
];

export const FUNNEL_STAGES_ZH = [
  { key: 'lead', label: '线索', count: 300 },
  { key: 'opportunity', label: '商机', count: 190 },
  { key: 'qualified', label: '合格机会', count: 110 },
  { key: 'proposal', label: '方案报价', count: 70 },
  { key: 'negotiation', label: '商务谈判', count: 52 },
  { key: 'won', label: '赢单', count: 40, kind: 'won' as const },
];

export const WEEKS = [
  { weekStart: '2025-01-06', entered: 14, converted: 8 },
  { weekStart: '2025-01-13', entered: 17, converted: 10 },
  { weekStart: '2025-01-20', entered: 0, converted: 0 },
  { weekStart: '2025-01-27', entered: 5, converted: 3 },
  { weekStart: '2025-02-03', entered: 16, converted: 9 },
  { weekStart: '2025-02-10', entered: 19, converted: 12 },
  { weekStart: '2025-02-17', entered: 15, converted: 4 },
  { weekStart: '2025-02-24', entered: 18, converted: 6 },
];

export const PIPELINE = [
  { label: 'Opportunity', value: 4_850_000, weighted: 485_000 },
  { label: 'Qualified', value: 3_120_000, weighted: 780_000 },
  { label: 'Proposal', value: 2_240_000, weighted: 1_120_000 },
  { label: 'Negotiation', value: 1_560_000, weighted: 1_170_000 },
];

export const WIN_ROWS = [
  { label: 'Manufacturing', won: 14, closed: 31 },
  { label: 'Financial services', won: 9, closed: 28 },
  { label: 'Retail', won: 11, closed: 19 },
  { label: 'Healthcare', won: 3, closed: 12 },
  { label: 'Education', won: 3, closed: 5 },
];
