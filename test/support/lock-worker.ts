// A child process for test/integration/pglite-lock.test.ts: races for a data directory's
// lock. Each "go <dir> <at>" line on stdin waits until the wall clock reaches <at> (so
// every worker tries at the same instant), then prints "held" or "locked"; "release"
// lets go of a held lock and prints "released".
//
//   node --import tsx test/support/lock-worker.ts
import { createInterface } from 'node:readline';
import { DirectoryLockedError, lockDirectory, type DirectoryLock } from '../../src/adapters/db/pglite-lock.js';

let held: DirectoryLock | undefined;
const say = (line: string) => process.stdout.write(`${line}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const [command, dir = '', at = '0'] = line.split(' ');
  if (command === 'go') {
    while (Date.now() < Number(at)) {
      // spin: a timer would wake each worker at a different moment
    }
    try {
      held = lockDirectory(dir);
      say('held');
    } catch (err) {
      if (!(err instanceof DirectoryLockedError)) throw err;
      say('locked');
    }
  } else if (command === 'release') {
    held?.release();
    held = undefined;
    say('released');
  }
}
