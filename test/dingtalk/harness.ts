// A real App on a test database, a fake DingTalk on 127.0.0.1 and the DingTalk front
// door connected to its stream gateway, with logs captured.
import { openApp, type App } from '../../src/app.js';
import { loadConfig, type DingTalkConfig } from '../../src/config.js';
import { createDingTalkDoor, type DingTalkDoor } from '../../src/adapters/dingtalk/door.js';
import type { Database } from '../../src/adapters/db/connect.js';
import { captureLogger } from '../discord/harness.js';
import { slowable, TestClock } from '../support/app.js';
import { startFakeDingTalk, type FakeDingTalk } from '../support/fake-dingtalk.js';

export interface DingTalkHarness {
  fake: FakeDingTalk;
  app: App;
  door: DingTalkDoor;
  logs: Record<string, any>[];
  setSlow(ms: number): void;
  close(): Promise<void>;
}

export async function startDingTalk(options: { db: Database; env?: Record<string, string>; config?: Partial<DingTalkConfig>; roleCacheMs?: number }): Promise<DingTalkHarness> {
  const fake = await startFakeDingTalk();
  const base = await openApp(loadConfig(options.env ?? {}), { db: options.db, clock: new TestClock() });
  const { app, setSlow } = slowable(base);
  const logs: Record<string, any>[] = [];
  const config: DingTalkConfig = {
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    robotCode: fake.robotCode,
    apiUrl: fake.url,
    managerRole: undefined,
    ...options.config,
  };
  const door = createDingTalkDoor({ app, config, logger: captureLogger(logs), readyTimeoutMs: 10_000, retry: { retries: 3, maxWaitMs: 2000 }, ...(options.roleCacheMs !== undefined && { roleCacheMs: options.roleCacheMs }) });
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
