// What each scheduled job does. Every visible effect (a digest in a channel, a nudge
// to an owner, an alert) is wrapped in a claim, so at-least-once delivery from the
// queue still posts exactly once.

import type { ChartRenderer } from '../charts/index.js';
import { defineTexts } from '../i18n.js';
import type { Clock } from '../ports.js';
import { staleQuery } from '../usecases/analytics-queries.js';
import type { Context } from '../usecases/context.js';
import { composeDigest } from './digest.js';
import { digestChannels, once, type Claims, type Job, type JobHandler, type Notifier } from './ports.js';

const t = defineTexts(
  'nudges',
  {
    nudge: '"{name}" has been in {stage} for {days} days (the team usually moves on within {limit}). What is the next step? `deal show {quoted}`',
  },
  {
    nudge: '"{name}" 已在 {stage} 阶段停留 {days} 天（团队通常在 {limit} 天内推进）。下一步是什么？`deal show {quoted}`',
  },
);

export interface AlertScanner {
  /** Runs the detector for the workspace and returns what to post (already rendered) and the open alerts. */
  scan(ctx: Context, asOf: Date): Promise<{ notifications: { key: string; kind: string; asOf: string; text: string; data: Record<string, unknown> }[] }>;
  /** Rendered lines of the alerts open now, for the digest. */
  openAlerts(ctx: Context): Promise<string[]>;
}

export interface JobDeps {
  /** A context acting for the system (manager rights) in the workspace, with its clock at `at`. */
  contextFor(workspaceId: string, at: Date): Promise<Context>;
  claims: Claims;
  notifier: Notifier;
  charts: ChartRenderer;
  alerts: AlertScanner;
  clock: Clock;
  /** Identifies this worker in claims. */
  owner: string;
}

async function runDigest(deps: JobDeps, job: Job): Promise<void> {
  const at = new Date(job.scheduledFor);
  const ctx = await deps.contextFor(job.workspaceId, at);
  const targets = job.channel ? [job.channel] : digestChannels(await ctx.store.getSettings(job.workspaceId));
  if (targets.length === 0) return;
  const digest = await composeDigest({ ctx, at, openAlerts: await deps.alerts.openAlerts(ctx) });
  const png = digest.chart ? await deps.charts.render(digest.chart) : null;
  for (const to of targets) {
    // An on-demand digest is its own event; the scheduled one is once per channel and week.
    const key = job.channel
      ? `digest-now:${job.workspaceId}:${to.adapter}:${to.channel}:${job.scheduledFor}`
      : `digest:${job.workspaceId}:${to.adapter}:${to.channel}:${digest.period}`;
    await once(deps.claims, key, deps.owner, deps.clock.now, () =>
      deps.notifier.post(job.workspaceId, to, {
        text: digest.text,
        data: digest.data,
        ...(png && { image: { png, title: `Funnel ${digest.period}`, filename: `funnel-${digest.period}.png` } }),
      }),
    );
  }
}

async function runNudges(deps: JobDeps, job: Job): Promise<void> {
  const ctx = await deps.contextFor(job.workspaceId, new Date(job.scheduledFor));
  const { deals } = await staleQuery(ctx, {});
  for (const d of deals) {
    // At most once per deal per stay in a stage.
    const key = `nudge:${job.workspaceId}:${d.name}:${d.stage}:${d.stageEnteredAt}`;
    const text = t(ctx.workspace.locale, 'nudge', {
      name: d.name,
      stage: d.stageName,
      days: Math.floor(d.days),
      limit: Math.round(d.limit),
      quoted: JSON.stringify(d.name),
    });
    await once(deps.claims, key, deps.owner, deps.clock.now, () => deps.notifier.direct(job.workspaceId, d.owner, { text, data: { deal: d } }));
  }
}

async function runAlertScan(deps: JobDeps, job: Job): Promise<void> {
  const at = new Date(job.scheduledFor);
  const ctx = await deps.contextFor(job.workspaceId, at);
  const { notifications } = await deps.alerts.scan(ctx, at);
  if (notifications.length === 0) return;
  const targets = digestChannels(await ctx.store.getSettings(job.workspaceId));
  for (const n of notifications) {
    for (const to of targets) {
      await once(deps.claims, `alert:${job.workspaceId}:${n.key}:${n.kind}:${n.asOf}:${to.adapter}:${to.channel}`, deps.owner, deps.clock.now, () =>
        deps.notifier.post(job.workspaceId, to, { text: n.text, data: n.data }),
      );
    }
  }
}

export function jobHandler(deps: JobDeps): JobHandler {
  return async (job) => {
    switch (job.kind) {
      case 'digest':
        return runDigest(deps, job);
      case 'stale-nudge':
        return runNudges(deps, job);
      case 'alert-scan':
        return runAlertScan(deps, job);
    }
  };
}
