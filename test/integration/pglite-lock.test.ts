// The embedded lock has exactly one holder: real processes race to take over a stale
// lock (left by a dead process) at the same instant, round after round.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryLockedError, lockDirectory } from '../../src/adapters/db/pglite-lock.js';

const workerScript = fileURLToPath(new URL('../support/lock-worker.ts', import.meta.url));
const WORKERS = 4;
const ROUNDS = 50;

interface Worker {
  proc: ChildProcessWithoutNullStreams;
  next(): Promise<string>;
}

function startWorker(): Worker {
  const proc = spawn(process.execPath, ['--import', 'tsx', workerScript], { stdio: 'pipe' });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  return {
    proc,
    async next() {
      const { value, done } = await lines.next();
      if (done) throw new Error('lock worker exited');
      return value as string;
    },
  };
}

/** The pid of a process that has exited: what a crashed bot leaves in its lock. */
function deadPid(): number {
  const pid = spawnSync('true').pid;
  if (!pid) throw new Error('cannot spawn true');
  return pid;
}

describe('the embedded data directory lock', { timeout: 120_000 }, () => {
  const workers = Array.from({ length: WORKERS }, startWorker);
  afterAll(() => workers.forEach((w) => w.proc.kill()));

  it(`has exactly one holder when ${WORKERS} processes take over a stale lock at once, ${ROUNDS} rounds`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stagecoach-lock-'));
    const lockFile = join(dir, 'stagecoach.lock');
    const holders: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      writeFileSync(lockFile, `${deadPid()}\n${hostname()}\nround-${round}\n`);
      const at = Date.now() + 30;
      for (const w of workers) w.proc.stdin.write(`go ${dir} ${at}\n`);
      const answers = await Promise.all(workers.map((w) => w.next()));
      const winners = workers.filter((_, i) => answers[i] === 'held');
      holders.push(winners.length);
      if (winners.length === 1) expect(Number(readFileSync(lockFile, 'utf8').split('\n')[0])).toBe(winners[0]?.proc.pid);
      for (const w of winners) w.proc.stdin.write('release\n');
      await Promise.all(winners.map((w) => w.next()));
    }
    expect(holders).toHaveLength(ROUNDS);
    expect(holders.map((count, round) => ({ round, count })).filter((r) => r.count !== 1)).toEqual([]);
    // no claim or half-written lock files are left behind
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses while a live process holds it, and is free again after release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stagecoach-lock-'));
    const lock = lockDirectory(dir);
    expect(() => lockDirectory(dir)).toThrow(DirectoryLockedError);
    lock.release();
    lockDirectory(dir).release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
