// A real App on a test database, a fake Feishu on 127.0.0.1 and the Feishu front door
// connected to it (long connection by default), with logs captured.
import { openApp, type App } from '../../src/app.js';
import { loadConfig, type FeishuConfig } from '../../src/config.js';
import { createFeishuDoor, type FeishuDoor } from '../../src/adapters/feishu/door.js';
import type { Database } from '../../src/adapters/db/connect.js';
import { captureLogger } from '../discord/harness.js';
import { slowable, TestClock } from '../support/app.js';
import { startFakeFeishu, type FakeFeishu } from '../support/fake-feishu.js';

export interface FeishuHarness {
  fake: FakeFeishu;
  app: App;
  door: FeishuDoor;
  logs: Record<string, any>[];
  /** Extra delay of every App.context call (a slow database), in ms. */
  setSlow(ms: number): void;
  close(): Promise<void>;
}

export interface FeishuHarnessOptions {
  db: Database;
  env?: Record<string, string>;
  config?: Partial<FeishuConfig>;
  roleCacheMs?: number;
}

export async function startFeishu(options: FeishuHarnessOptions): Promise<FeishuHarness> {
  const fake = await startFakeFeishu();
  const base = await openApp(loadConfig(options.env ?? {}), { db: options.db, clock: new TestClock() });
  const { app, setSlow } = slowable(base);
  const logs: Record<string, any>[] = [];
  const config: FeishuConfig = {
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.url,
    mode: 'ws',
    verificationToken: 'verify-token',
    encryptKey: undefined,
    managerChat: undefined,
    ...options.config,
  };
  const door = createFeishuDoor({ app, config, logger: captureLogger(logs), port: 0, host: '127.0.0.1', readyTimeoutMs: 10_000, retry: { retries: 3, maxWaitMs: 2000 }, ...(options.roleCacheMs !== undefined && { roleCacheMs: options.roleCacheMs }) });
  await door.start();
  return {
    fake,
    app,
    door,
    logs,
    setSlow,
    async close() {
      await door.stop();
      await fake.close();
      await base.close();
    },
  };
}

/** The text of a card (header title and markdown elements), for asserts. */
export function cardText(content: Record<string, any>): string {
  const title = content.header?.title?.content ?? '';
  const body = ((content.elements ?? []) as { content?: string }[]).map((e) => e.content ?? '').join('\n');
  return `${title}\n${body}`;
}
