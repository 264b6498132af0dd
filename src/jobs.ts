// Composition of scheduled work: scheduler (in-process, or BullMQ when REDIS_URL is
// set), the job handler with its ports, and `digest now` for the chat commands.
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { createChartRenderer } from './adapters/charts/index.js';
import { DbAlertStore } from './adapters/db/alert-store.js';
import { DbClaims } from './adapters/db/claims.js';
import { BullScheduler, startWorker } from './adapters/jobs/bullmq.js';
import { InProcessScheduler } from './adapters/jobs/in-process.js';
import { redisConnection } from './adapters/jobs/redis.js';
import type { Logger } from './adapters/log.js';
import { compositeNotifier, type ChannelPoster } from './adapters/notify/notifier.js';
import { saveImage } from './adapters/notify/terminal.js';
import type { App } from './app.js';
import type { Config } from './config.js';
import { alertScanner } from './core/jobs/alert-scan.js';
import { chartSavedText, composeDigest } from './core/jobs/digest.js';
import { jobHandler } from './core/jobs/handlers.js';
import { DEFAULT_RULES, type JobHandler, type JobScheduler } from './core/jobs/ports.js';
import type { DigestService } from './core/usecases/context.js';

export interface JobsRuntime {
  scheduler: JobScheduler;
  handler: JobHandler;
  /** Present when this process works BullMQ jobs. */
  worker: Worker | undefined;
  /** Creates the recurring jobs of every known workspace (idempotent). */
  ensureSchedules(): Promise<void>;
  /** Scaled mode: answers when Redis does (for /readyz). */
  pingRedis: (() => Promise<void>) | undefined;
  close(): Promise<void>;
}

export interface JobsOptions {
  posters: ChannelPoster[];
  logger: Logger;
  /** BullMQ: work jobs in this process (default true). In-process mode always works them. */
  work?: boolean;
  /** How often the in-process scheduler looks for due jobs. */
  tickMs?: number;
}

export function digestService(app: App, config: Config, posters: ChannelPoster[]): DigestService {
  const charts = createChartRenderer(config);
  const notifier = compositeNotifier(posters);
  const alerts = alertScanner(new DbAlertStore(app.db.prisma));
  return {
    async now(ctx, to) {
      const at = ctx.clock.now();
      const digest = await composeDigest({ ctx, at, openAlerts: await alerts.openAlerts(ctx) });
      const png = digest.chart ? await charts.render(digest.chart) : null;
      const image = png ? { png, title: `Funnel ${digest.period}`, filename: `digest-${ctx.workspace.id.replace(/\W+/g, '-')}-${digest.period}.png` } : undefined;
      if (to.adapter === 'terminal') {
        // The terminal's reply is the digest itself; the chart goes to a file.
        const path = image ? saveImage(join(config.dataDir, 'charts'), { text: '', image }) : null;
        const text = path ? `${digest.text}\n\n${chartSavedText(ctx.workspace.locale, path)}` : digest.text;
        return { text, data: { ...digest.data, chart: path } };
      }
      await notifier.post(ctx.workspace.id, to, { text: digest.text, data: digest.data, ...(image && { image }) });
      return { text: digest.text, data: { ...digest.data, posted: to } };
    },
  };
}

export async function startJobs(app: App, config: Config, options: JobsOptions): Promise<JobsRuntime> {
  const log = options.logger.child({ component: 'jobs' });
  const deps = {
    contextFor: (ws: string, at: Date) => app.systemContext(ws, at),
    claims: new DbClaims(app.db.prisma),
    notifier: compositeNotifier(options.posters),
    charts: createChartRenderer(config),
    alerts: alertScanner(new DbAlertStore(app.db.prisma)),
    clock: app.clock,
    owner: `${hostname()}:${process.pid}`,
  };
  const handler: JobHandler = async (job) => {
    log.info({ job }, 'job started');
    await jobHandler(deps)(job);
    log.info({ job: { kind: job.kind, workspaceId: job.workspaceId } }, 'job done');
  };
  const onError = (err: unknown) => log.error({ err }, 'job error');

  let scheduler: JobScheduler;
  let worker: Worker | undefined;
  let pingRedis: (() => Promise<void>) | undefined;
  if (config.redisUrl) {
    const connection = redisConnection(config.redisUrl);
    const bull = new BullScheduler(connection, undefined, onError);
    scheduler = bull;
    pingRedis = async () => {
      await bull.queue.count();
    };
    if (options.work !== false) worker = startWorker(connection, handler, { onError });
  } else {
    scheduler = new InProcessScheduler(handler, app.clock, { tickMs: options.tickMs ?? 30_000, onError: (err) => onError(err) });
  }
  app.attachDigests(digestService(app, config, options.posters));

  const ensureSchedules = async () => {
    const workspaces = await app.store.listWorkspaces();
    for (const ws of workspaces) await scheduler.ensure(ws.id, ws.timezone, DEFAULT_RULES);
  };
  // Workspaces appear as chat users arrive; re-ensuring hourly picks them up (upserts are idempotent).
  const refresh = setInterval(() => void ensureSchedules().catch(onError), 3_600_000);
  refresh.unref();
  try {
    await ensureSchedules();
  } catch (err) {
    // Redis down at start: commands still work; schedules are created on the next refresh.
    onError(err);
  }

  return {
    scheduler,
    handler,
    worker,
    ensureSchedules,
    pingRedis,
    async close() {
      clearInterval(refresh);
      // worker.close() waits for the jobs in flight to finish.
      await Promise.allSettled([worker?.close(), scheduler.close()]);
    },
  };
}
