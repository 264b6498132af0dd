// A real App on PGlite, a fake Discord on 127.0.0.1 and one or more Discord front
// doors connected to it, with logs captured for asserts.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { App } from '../../src/app.js';
import { createDiscordDoor, type DiscordDoor } from '../../src/adapters/discord/door.js';
import type { Logger } from '../../src/adapters/log.js';
import { pgliteDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';
import { FakeDiscord, snowflake, type FakeGuild, type FakeUser } from '../support/fake-discord.js';

export interface Harness {
  fake: FakeDiscord;
  t: TestApp;
  app: App;
  doors: DiscordDoor[];
  logs: Record<string, any>[];
  /** Extra delay of every App.context call (a slow database), in ms. */
  setSlow(ms: number): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  guilds?: FakeGuild[];
  doors?: number;
  managerRole?: string;
  deferAfterMs?: number;
}

export function captureLogger(logs: Record<string, any>[]): Logger {
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  return pino({ level: 'debug' }, stream);
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start(options.guilds ? { guilds: options.guilds } : {});
  const db = await pgliteDb();
  const t = await testApp(db);
  let slow = 0;
  const app: App = {
    ...t.app,
    async context(identity) {
      if (slow) await new Promise((r) => setTimeout(r, slow));
      return t.app.context(identity);
    },
  };
  const logs: Record<string, any>[] = [];
  const logger = captureLogger(logs);
  const doors: DiscordDoor[] = [];
  for (let n = 0; n < (options.doors ?? 1); n++) {
    const door = createDiscordDoor({
      app,
      logger,
      config: { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, managerRole: options.managerRole },
      ...(options.deferAfterMs !== undefined && { deferAfterMs: options.deferAfterMs }),
      readyTimeoutMs: 20_000,
    });
    await door.start();
    doors.push(door);
  }
  return {
    fake,
    t,
    app,
    doors,
    logs,
    setSlow(ms) {
      slow = ms;
    },
    async close() {
      await Promise.allSettled(doors.map((d) => d.stop()));
      await fake.close();
      await t.close();
    },
  };
}

export function member(name: string, extra: Partial<FakeUser> = {}): FakeUser {
  return { id: snowflake(), username: name, ...extra };
}
