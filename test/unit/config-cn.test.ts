// Settings of the Feishu/Lark and DingTalk front doors.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const FEISHU = { FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 's' };
const DINGTALK = { DINGTALK_CLIENT_ID: 'id', DINGTALK_CLIENT_SECRET: 's', DINGTALK_ROBOT_CODE: 'r' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('Feishu/Lark settings', () => {
  it.each([
    [undefined, 'https://open.feishu.cn'],
    ['lark', 'https://open.larksuite.com'],
    ['http://127.0.0.1:9/', 'http://127.0.0.1:9'],
  ])('FEISHU_DOMAIN=%s reaches %s, long connection by default', (domain, url) => {
    const c = loadConfig({ ...FEISHU, ...(domain && { FEISHU_DOMAIN: domain }) });
    expect(c.feishu).toMatchObject({ domain: url, mode: 'ws' });
  });

  it('refuses half a configuration, a malformed app id, a bad domain, and http mode without a token', () => {
    expect(problems({ FEISHU_APP_ID: FEISHU.FEISHU_APP_ID })[0]).toMatch(/^FEISHU_APP_ID and FEISHU_APP_SECRET/);
    expect(problems({ ...FEISHU, FEISHU_APP_ID: 'app-1' })[0]).toMatch(/^FEISHU_APP_ID/);
    expect(problems({ ...FEISHU, FEISHU_DOMAIN: 'open.feishu.cn' })[0]).toMatch(/^FEISHU_DOMAIN/);
    expect(problems({ ...FEISHU, FEISHU_MODE: 'http' })[0]).toMatch(/^FEISHU_VERIFICATION_TOKEN/);
    expect(problems({ ...FEISHU, FEISHU_MODE: 'http', FEISHU_VERIFICATION_TOKEN: 't', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })[0]).toMatch(/PORT/);
  });
});

describe('DingTalk settings', () => {
  it('needs all three of client id, secret and robot code', () => {
    expect(loadConfig(DINGTALK).dingtalk).toMatchObject({ clientId: 'id', robotCode: 'r', apiUrl: undefined });
    expect(problems({ DINGTALK_CLIENT_ID: 'id', DINGTALK_CLIENT_SECRET: 's' })[0]).toMatch(/^DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET and DINGTALK_ROBOT_CODE/);
  });
});

describe('DEFAULT_LOCALE', () => {
  it('tells a set value from the default', () => {
    expect(loadConfig({})).toMatchObject({ defaultLocale: 'en', defaultLocaleSet: false });
    expect(loadConfig({ DEFAULT_LOCALE: 'en' })).toMatchObject({ defaultLocale: 'en', defaultLocaleSet: true });
    expect(loadConfig({ DEFAULT_LOCALE: ' ' })).toMatchObject({ defaultLocaleSet: false });
  });
});
