// PGlite is single-process: two processes writing one data directory corrupt it.
// A lock file guards the directory. It is written whole under a unique name and then
// link()ed into place, which fails if a lock exists: readers never see half a lock.
// A lock left by a dead process is taken over through a claim file named after that
// lock's content: creating the claim is exclusive, so exactly one process may replace
// that stale lock (by rename), and it checks the lock is still the stale one first.
import { createHash, randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DirectoryLockedError extends Error {
  readonly code = 'LOCKED';
  constructor(
    readonly dir: string,
    readonly holderPid: number,
  ) {
    super(`The data directory ${dir} is in use by another Stagecoach process (pid ${holderPid}).`);
  }
}

export interface DirectoryLock {
  release(): void;
}

interface Holder {
  /** The file's whole text: what a takeover compares, unique per lock (it holds a nonce). */
  text: string;
  pid: number;
  host: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | null {
  try {
    const text = readFileSync(path, 'utf8');
    const [pid, host] = text.split('\n');
    return { text, pid: Number(pid), host: host ?? '' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** A lock from another host (shared volume) cannot be checked: it counts as live. */
function isLive(holder: Holder): boolean {
  return Number.isInteger(holder.pid) && holder.pid > 0 && (holder.host !== hostname() || isAlive(holder.pid));
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** A claimant is inside a two-syscall step: wait a moment rather than spin. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

type Step = 'held' | 'retry' | Holder;

/**
 * One attempt to take over `stale`: only the process that creates its claim may
 * replace it, and only while it is still in place. A claim whose maker died is removed.
 */
function takeOver(path: string, mine: string, stale: Holder): Step {
  const claim = `${path}.takeover-${createHash('sha256').update(stale.text).digest('hex').slice(0, 16)}`;
  if (!tryLink(mine, claim)) {
    const claimant = readHolder(claim);
    if (claimant && !isLive(claimant)) unlinkQuietly(claim);
    else pause(2);
    return 'retry';
  }
  try {
    const current = readHolder(path);
    if (current?.text !== stale.text) return 'retry';
    renameSync(mine, path);
    return 'held';
  } finally {
    unlinkQuietly(claim);
  }
}

function attempt(path: string, mine: string): Step {
  if (tryLink(mine, path)) return 'held';
  const holder = readHolder(path);
  if (!holder) return 'retry';
  if (isLive(holder)) return holder;
  return takeOver(path, mine, holder);
}

export function lockDirectory(dir: string): DirectoryLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'stagecoach.lock');
  const nonce = randomUUID();
  const text = `${process.pid}\n${hostname()}\n${nonce}\n`;
  const mine = `${path}.${nonce}`;
  writeFileSync(mine, text, { flag: 'wx' });
  try {
    for (let tries = 0; tries < 100; tries++) {
      const step = attempt(path, mine);
      if (step === 'held') return ownLock(path, text);
      if (step !== 'retry') throw new DirectoryLockedError(dir, step.pid);
    }
    throw new DirectoryLockedError(dir, readHolder(path)?.pid ?? -1);
  } finally {
    unlinkQuietly(mine);
  }
}

function ownLock(path: string, text: string): DirectoryLock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      // Only our own lock: never remove one another process holds.
      if (readHolder(path)?.text === text) unlinkQuietly(path);
    },
  };
}
