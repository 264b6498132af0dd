// PGlite is single-process: two processes writing one data directory corrupt it.
// An exclusive lock file (created with O_EXCL) guards the directory; a lock left by a
// dead process is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): { pid: number; host: string } | null {
  try {
    const [pid, host] = readFileSync(path, 'utf8').split('\n');
    return { pid: Number(pid), host: host ?? '' };
  } catch {
    return null;
  }
}

export function lockDirectory(dir: string): DirectoryLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'stagecoach.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n${hostname()}\n`);
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(path);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      // A lock from another host (shared volume) cannot be checked: treat it as live.
      if (holder && Number.isInteger(holder.pid) && (holder.host !== hostname() || isAlive(holder.pid))) {
        throw new DirectoryLockedError(dir, holder.pid);
      }
      try {
        unlinkSync(path);
      } catch {
        // another process removed the stale lock first; retry the exclusive create
      }
    }
  }
  throw new DirectoryLockedError(dir, readHolder(path)?.pid ?? -1);
}
