// Scheduled work: what a job is, how it is scheduled, and how its effects are made
// exactly-once. Two schedulers implement JobScheduler: in-process (embedded mode) and
// BullMQ on Redis (scaled mode).

import type { ScheduleRule } from './schedule.js';

export const JOB_KINDS = ['digest', 'alert-scan', 'stale-nudge'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** Where a message goes: a channel of one chat front door. */
export interface ChannelRef {
  adapter: 'slack' | 'discord' | 'feishu' | 'dingtalk' | 'terminal';
  channel: string;
}

/** The channels subscribed to the digest (and alerts), from the workspace settings. */
export function digestChannels(settings: Record<string, unknown>): ChannelRef[] {
  const list = settings.digestChannels;
  return Array.isArray(list) ? (list as ChannelRef[]).filter((c) => c && typeof c.channel === 'string') : [];
}

export interface Job {
  kind: JobKind;
  workspaceId: string;
  /** The instant this run stands for (the scheduled time, or the request time for "now"). */
  scheduledFor: string;
  /** A single target for on-demand runs (`digest now` answers where it was asked). */
  channel?: ChannelRef;
}

export type JobHandler = (job: Job) => Promise<void>;

export interface JobScheduler {
  /** Makes each recurring job of a workspace exist exactly once, however many processes call it. */
  ensure(workspaceId: string, timezone: string, rules: Readonly<Record<JobKind, ScheduleRule>>): Promise<void>;
  /** Runs a job as soon as a worker is free. */
  enqueue(job: Job): Promise<void>;
  /** Stops scheduling; in-flight jobs finish first. */
  close(): Promise<void>;
}

/** Default schedule, in the workspace's time zone: digest Monday 09:00, scans daily. */
export const DEFAULT_RULES: Readonly<Record<JobKind, ScheduleRule>> = {
  digest: { kind: 'weekly', weekday: 1, hour: 9, minute: 0 },
  'alert-scan': { kind: 'daily', hour: 7, minute: 30 },
  'stale-nudge': { kind: 'daily', hour: 9, minute: 30 },
};

/**
 * Exactly-once side effects: a worker claims a key (e.g. digest:ws:channel:2026-W48)
 * before posting and completes it after. A claim held by a worker that died (lease
 * expired, never completed) can be taken over; a completed one never.
 */
export type ClaimResult = 'claimed' | 'done' | 'busy';

export interface Claims {
  /** 'claimed': go ahead; 'done': already happened; 'busy': another worker holds a live lease. */
  claim(key: string, owner: string, now: Date, leaseMs: number): Promise<ClaimResult>;
  complete(key: string, now: Date): Promise<void>;
}

/** Thrown so the queue retries later: the lease holder may have died, and then its lease expires. */
export class ClaimBusyError extends Error {
  constructor(readonly key: string) {
    super(`another worker is handling ${key}`);
  }
}

export interface OutboundMessage {
  text: string;
  data?: Record<string, unknown>;
  image?: { png: Uint8Array; title: string; filename: string };
}

/** Posts to chat channels and members, through whichever front doors exist. */
export interface Notifier {
  post(workspaceId: string, to: ChannelRef, message: OutboundMessage): Promise<void>;
  direct(workspaceId: string, userId: string, message: OutboundMessage): Promise<void>;
}

/** Runs `effect` once per key across all workers and retries. */
export async function once(
  claims: Claims,
  key: string,
  owner: string,
  now: () => Date,
  effect: () => Promise<void>,
  leaseMs = 10 * 60_000,
): Promise<boolean> {
  const claim = await claims.claim(key, owner, now(), leaseMs);
  if (claim === 'done') return false;
  if (claim === 'busy') throw new ClaimBusyError(key);
  await effect();
  await claims.complete(key, now());
  return true;
}
