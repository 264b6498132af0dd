// Embedded mode's scheduler: timers in this process, wall-clock rules in each
// workspace's time zone. A run missed while the process was down happens once at start.
import { nextOccurrence, type ScheduleRule } from '../../core/jobs/schedule.js';
import type { Job, JobHandler, JobKind, JobScheduler } from '../../core/jobs/ports.js';
import type { Clock } from '../../core/ports.js';

interface Entry {
  kind: JobKind;
  workspaceId: string;
  timezone: string;
  rule: ScheduleRule;
  next: Date;
}

export interface InProcessOptions {
  /** How often to look for due jobs. Tests call tick() themselves and pass 0. */
  tickMs?: number;
  onError?: (err: unknown, job: Job) => void;
}

export class InProcessScheduler implements JobScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly handler: JobHandler,
    private readonly clock: Clock,
    private readonly options: InProcessOptions = {},
  ) {
    const tickMs = options.tickMs ?? 30_000;
    if (tickMs > 0) {
      this.timer = setInterval(() => void this.tick(), tickMs);
      this.timer.unref();
    }
  }

  async ensure(workspaceId: string, timezone: string, rules: Readonly<Record<JobKind, ScheduleRule>>): Promise<void> {
    const now = this.clock.now();
    for (const [kind, rule] of Object.entries(rules) as [JobKind, ScheduleRule][]) {
      const id = `${kind}:${workspaceId}`;
      const existing = this.entries.get(id);
      const same = existing && existing.timezone === timezone && JSON.stringify(existing.rule) === JSON.stringify(rule);
      if (same) continue;
      this.entries.set(id, { kind, workspaceId, timezone, rule, next: nextOccurrence(now, rule, timezone) });
    }
  }

  async enqueue(job: Job): Promise<void> {
    if (this.closed) throw new Error('scheduler is closed');
    this.launch(job);
  }

  /** Runs every job that is due at the clock's current time; resolves when they finish. */
  async tick(): Promise<void> {
    if (this.closed) return;
    const now = this.clock.now();
    const started: Promise<void>[] = [];
    for (const entry of this.entries.values()) {
      if (entry.next.getTime() > now.getTime()) continue;
      const job: Job = { kind: entry.kind, workspaceId: entry.workspaceId, scheduledFor: entry.next.toISOString() };
      entry.next = nextOccurrence(now, entry.rule, entry.timezone);
      started.push(this.launch(job));
    }
    await Promise.all(started);
  }

  /** When each recurring job runs next (for status displays and tests). */
  nextRuns(): { id: string; next: string }[] {
    return [...this.entries.entries()].map(([id, e]) => ({ id, next: e.next.toISOString() }));
  }

  private launch(job: Job): Promise<void> {
    const run = this.handler(job)
      .catch((err) => this.options.onError?.(err, job))
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.running]);
  }
}
