// An App on a real test database with a clock the test controls.
import type { Database } from '../../src/adapters/db/connect.js';
import { openApp, type App, type Identity } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/core/model.js';
import type { Reply } from '../../src/core/reply.js';

export class TestClock {
  constructor(public current = new Date('2026-03-02T09:00:00Z')) {}
  now = () => new Date(this.current);
  advanceDays(days: number) {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface TestApp {
  app: App;
  clock: TestClock;
  /** Runs a command as `user` (default "alice", admin) in workspace `ws` (default "w1"). */
  run(input: string, as?: { user?: string; role?: Role; ws?: string }): Promise<Reply>;
  close(): Promise<void>;
}

export async function testApp(db: Database): Promise<TestApp> {
  const clock = new TestClock();
  const app = await openApp(loadConfig({}), {
    db,
    clock,
    onError: (err) => {
      throw err;
    },
  });
  return {
    app,
    clock,
    run(input, as = {}) {
      const identity: Identity = {
        workspaceId: as.ws ?? 'w1',
        workspaceName: as.ws ?? 'w1',
        userId: as.user ?? 'alice',
        role: as.role ?? 'admin',
      };
      return app.run(identity, input);
    },
    close: () => app.close(),
  };
}

/** An App whose context() can be made slow (a slow database), for the chat platforms' timing tests. */
export function slowable(base: App): { app: App; setSlow(ms: number): void } {
  let slow = 0;
  const app: App = {
    ...base,
    async context(identity) {
      if (slow) await new Promise((r) => setTimeout(r, slow));
      return base.context(identity);
    },
  };
  return {
    app,
    setSlow(ms) {
      slow = ms;
    },
  };
}
