// Scaled mode's scheduler: BullMQ on Redis. One job scheduler per workspace and job
// kind (upsertJobScheduler with a stable id, so any number of processes starting
// together still make one), any number of workers, at-least-once delivery; handlers
// are idempotent through claims.
import { Queue, Worker, type ConnectionOptions, type Job as BullJob } from 'bullmq';
import { cronOf, type ScheduleRule } from '../../core/jobs/schedule.js';
import type { Job, JobHandler, JobKind, JobScheduler } from '../../core/jobs/ports.js';

export const DEFAULT_QUEUE = 'stagecoach-jobs';

const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 1000 },
} as const;

type Data = Omit<Job, 'scheduledFor'> & { scheduledFor?: string };

export class BullScheduler implements JobScheduler {
  readonly queue: Queue<Data>;

  constructor(connection: ConnectionOptions, queueName = DEFAULT_QUEUE, onError?: (err: unknown) => void) {
    this.queue = new Queue<Data>(queueName, { connection, defaultJobOptions: JOB_OPTIONS });
    // Without a listener a Redis outage would throw from the event emitter and end the process.
    this.queue.on('error', (err) => onError?.(err));
  }

  async ensure(workspaceId: string, timezone: string, rules: Readonly<Record<JobKind, ScheduleRule>>): Promise<void> {
    for (const [kind, rule] of Object.entries(rules) as [JobKind, ScheduleRule][]) {
      await this.queue.upsertJobScheduler(
        `${kind}:${workspaceId}`,
        { pattern: cronOf(rule), tz: timezone },
        { name: kind, data: { kind, workspaceId }, opts: JOB_OPTIONS },
      );
    }
  }

  async enqueue(job: Job): Promise<void> {
    await this.queue.add(job.kind, job);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/** The instant a BullMQ job stands for: stable across its retries. */
export function scheduledFor(job: BullJob<Data>): string {
  if (job.data.scheduledFor) return job.data.scheduledFor;
  return new Date(job.timestamp + (job.opts.delay ?? 0)).toISOString();
}

export interface WorkerOptions {
  concurrency?: number;
  /** How long a job's lock lasts without renewal; a worker that died loses its jobs after this. */
  lockDurationMs?: number;
  /** How often stalled jobs (their worker died) are moved back to waiting. */
  stalledIntervalMs?: number;
  queueName?: string;
  onError?: (err: unknown) => void;
}

export function startWorker(connection: ConnectionOptions, handler: JobHandler, options: WorkerOptions = {}): Worker<Data> {
  const worker = new Worker<Data>(
    options.queueName ?? DEFAULT_QUEUE,
    async (job) => handler({ ...job.data, scheduledFor: scheduledFor(job) } as Job),
    {
      connection,
      concurrency: options.concurrency ?? 4,
      ...(options.lockDurationMs && { lockDuration: options.lockDurationMs }),
      ...(options.stalledIntervalMs && { stalledInterval: options.stalledIntervalMs }),
    },
  );
  worker.on('error', (err) => options.onError?.(err));
  return worker;
}
