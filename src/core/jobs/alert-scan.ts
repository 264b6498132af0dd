// The daily conversion-drop scan: stays from storage → maturity windows → matured
// weekly cohorts → the detector (src/core/alerts) → state saved, notifications rendered
// with their evidence and drill-down (src/core/alerts/render.ts).

import {
  buildCohorts,
  historyWeeks,
  DEFAULT_ALERT_PARAMS,
  maturityWindows,
  mergeAlertParams,
  renderAlert,
  scan,
  type AlertParams,
  type AlertState,
  type StageStay,
} from '../alerts/index.js';
import { defineTexts } from '../i18n.js';
import type { Pipeline } from '../model.js';
import type { Context } from '../usecases/index.js';
import { localDateKey } from './schedule.js';
import type { AlertScanner } from './handlers.js';

export interface AlertData {
  stays(workspaceId: string, pipeline: Pipeline, since: Date): Promise<{ stays: StageStay[]; durations: Record<string, number[]> }>;
  openValue(workspaceId: string): Promise<Record<string, number>>;
  loadState(workspaceId: string): Promise<AlertState[]>;
  saveState(workspaceId: string, states: readonly AlertState[], at: Date): Promise<void>;
}

const t = defineTexts(
  'alerts-render',
  {
    openLine: '{from} → {to}{segment}: below its baseline of {baseRate}% since {since}',
  },
  {
    openLine: '{from} → {to}{segment}：自 {since} 起低于基线 {baseRate}%',
  },
);

const p1 = (x: number) => (Math.round(x * 1000) / 10).toString();

function segmentText(segment: { dimension: string; value: string } | null): string {
  return segment ? ` · ${segment.dimension}=${segment.value}` : '';
}

function stageName(pipeline: Pipeline, key: string): string {
  return pipeline.find((s) => s.key === key)?.name ?? key;
}

/** Per-workspace overrides live in settings.alerts; bad values fall back to the defaults. */
export function workspaceParams(settings: Record<string, unknown>): AlertParams {
  try {
    return settings.alerts ? mergeAlertParams(settings.alerts as never) : DEFAULT_ALERT_PARAMS;
  } catch {
    return DEFAULT_ALERT_PARAMS;
  }
}

export function alertScanner(data: AlertData): AlertScanner {
  return {
    async scan(ctx: Context, asOf: Date) {
      const ws = ctx.workspace.id;
      const [pipeline, settings, previous, openValue] = await Promise.all([
        ctx.store.getPipeline(ws),
        ctx.store.getSettings(ws),
        data.loadState(ws),
        data.openValue(ws),
      ]);
      const params = workspaceParams(settings);
      // Enough history for every matured week the detector (CUSUM baseline included)
      // needs, plus the longest maturity window before it.
      const weeks = historyWeeks(params);
      const days = weeks * 7 + params.maturity.maxDays + 14;
      const { stays, durations } = await data.stays(ws, pipeline, new Date(asOf.getTime() - days * 86_400_000));
      const asOfDay = localDateKey(asOf, ctx.workspace.timezone);
      const series = buildCohorts(stays, {
        asOf: asOfDay,
        maturityDays: maturityWindows(durations, params),
        weeks,
        openValue,
      });
      const result = scan({ series }, previous, params, asOfDay);
      await data.saveState(ws, result.state, asOf);
      const locale = ctx.workspace.locale;
      return {
        notifications: result.notifications.map((n) => {
          const rendered = renderAlert(n, locale, { stageName: (key) => stageName(pipeline, key) });
          return { key: n.key, kind: n.kind, asOf: n.asOf, text: rendered.text, data: { alert: rendered.data } };
        }),
      };
    },
    async openAlerts(ctx: Context) {
      const ws = ctx.workspace.id;
      const [states, pipeline] = await Promise.all([data.loadState(ws), ctx.store.getPipeline(ws)]);
      return states
        .filter((s) => s.status === 'open' && s.baseline)
        .map((s) =>
          t(ctx.workspace.locale, 'openLine', {
            from: stageName(pipeline, s.from),
            to: stageName(pipeline, s.to),
            segment: segmentText(s.segment),
            baseRate: p1(s.baseline?.rate ?? 0),
            since: (s.openedAt ?? '').slice(0, 10),
          }),
        );
    },
  };
}
