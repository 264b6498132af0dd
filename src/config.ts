// The only module that reads the environment. Settings are parsed once, at the edge,
// and passed in; a bad setting stops start-up with a message naming it and the fix.
import { z } from 'zod';
import { resolveDataDir } from './config-env.js';
import { LOCALES } from './core/model.js';
import { isTimeZone } from './core/timezone.js';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must look like postgres://user@host:5432/dbname')
      .optional(),
  ),
  DATA_DIR: optionalText.transform(resolveDataDir),
  DEFAULT_LOCALE: optionalText.pipe(z.enum(LOCALES).default('en')),
  DEFAULT_TIMEZONE: optionalText.pipe(
    z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin or Asia/Shanghai')
      .default('UTC'),
  ),
  LOCAL_USER: optionalText.pipe(z.string().max(100).default('local')),
  LOG_LEVEL: optionalText.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number (0-65535)')
      .transform(Number)
      .refine((n) => n <= 65535, 'must be a port number (0-65535)')
      .default(3000),
  ),
  SLACK_BOT_TOKEN: optionalText.pipe(z.string().regex(/^xoxb-/, 'must start with xoxb- (the Bot User OAuth Token)').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(z.string().regex(/^xapp-/, 'must start with xapp- (an App-Level Token with connections:write)').optional()),
  SLACK_API_URL: optionalText.pipe(z.url('must be a URL such as https://slack.com/api/').optional()),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.pipe(z.string().regex(/^\d{5,25}$/, 'must be the numeric application id').optional()),
  DISCORD_API_URL: optionalText.pipe(z.url('must be a URL such as https://discord.com/api').optional()),
  DISCORD_MANAGER_ROLE: optionalText,
  REDIS_URL: optionalText.pipe(z.string().regex(/^rediss?:\/\/\S+$/, 'must look like redis://host:6379').optional()),
  QUICKCHART_URL: optionalText.pipe(z.url('must be a URL such as http://quickchart.internal:3400').optional()),
  FEISHU_APP_ID: optionalText.pipe(z.string().regex(/^cli_[0-9a-fA-F]{16}$/, 'must be the App ID, cli_ and 16 hex digits (Credentials & Basic Info)').optional()),
  FEISHU_APP_SECRET: optionalText,
  FEISHU_DOMAIN: optionalText.pipe(
    z
      .string()
      .refine((v) => v === 'feishu' || v === 'lark' || /^https?:\/\/\S+$/.test(v), 'must be feishu, lark or a URL such as https://open.feishu.cn')
      .default('feishu'),
  ),
  FEISHU_MODE: optionalText.pipe(z.enum(['ws', 'http']).default('ws')),
  FEISHU_VERIFICATION_TOKEN: optionalText,
  FEISHU_ENCRYPT_KEY: optionalText,
  FEISHU_MANAGER_CHAT: optionalText.pipe(z.string().regex(/^oc_\w+$/, 'must be a group chat id (oc_...)').optional()),
  DINGTALK_CLIENT_ID: optionalText,
  DINGTALK_CLIENT_SECRET: optionalText,
  DINGTALK_ROBOT_CODE: optionalText,
  DINGTALK_API_URL: optionalText.pipe(z.url('must be a URL such as https://api.dingtalk.com').optional()),
  DINGTALK_MANAGER_ROLE: optionalText,
});

const FEISHU_DOMAINS: Record<string, string> = { feishu: 'https://open.feishu.cn', lark: 'https://open.larksuite.com' };

export interface SlackConfig {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  apiUrl: string | undefined;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  apiUrl: string | undefined;
  managerRole: string | undefined;
}

export interface FeishuConfig {
  appId: string;
  appSecret: string;
  /** Open API and long-connection base URL (Feishu, Lark, or another URL such as a test fake). */
  domain: string;
  /** ws: long connection (no public URL); http: event callbacks on PORT at /feishu/events. */
  mode: 'ws' | 'http';
  verificationToken: string | undefined;
  encryptKey: string | undefined;
  /** Members of this group chat are managers. */
  managerChat: string | undefined;
}

export interface DingTalkConfig {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** One base URL for the stream gateway and the OpenAPI (tests, proxies); unset = DingTalk's hosts. */
  apiUrl: string | undefined;
  /** Members with this DingTalk role (name) are managers. */
  managerRole: string | undefined;
}

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  defaultLocale: (typeof LOCALES)[number];
  /** True when DEFAULT_LOCALE was set: it then wins over a platform's own default language. */
  defaultLocaleSet: boolean;
  defaultTimezone: string;
  localUser: string;
  logLevel: string;
  port: number;
  /** Set when Slack is configured (bot token plus a signing secret or an app token). */
  slack: SlackConfig | undefined;
  /** Set when Discord is configured (token plus application id). */
  discord: DiscordConfig | undefined;
  /** Set when Feishu/Lark is configured (app id plus app secret). */
  feishu: FeishuConfig | undefined;
  /** Set when DingTalk is configured (client id, client secret and robot code). */
  dingtalk: DingTalkConfig | undefined;
  redisUrl: string | undefined;
  quickchartUrl: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every setting.`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const c = parsed.data;
  const problems: string[] = [];
  // Half a configuration is refused: nothing starts half-configured.
  if ((c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) && !c.SLACK_BOT_TOKEN) {
    problems.push('SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set (OAuth & Permissions → Bot User OAuth Token)');
  }
  if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
    problems.push('SLACK_SIGNING_SECRET or SLACK_APP_TOKEN: one is required with SLACK_BOT_TOKEN (HTTP mode needs the signing secret, Socket Mode the app token)');
  }
  if (Boolean(c.DISCORD_TOKEN) !== Boolean(c.DISCORD_APPLICATION_ID)) {
    problems.push('DISCORD_TOKEN and DISCORD_APPLICATION_ID: set both or neither (Developer Portal → your application)');
  }
  if (Boolean(c.FEISHU_APP_ID) !== Boolean(c.FEISHU_APP_SECRET)) {
    problems.push('FEISHU_APP_ID and FEISHU_APP_SECRET: set both or neither (developer console → your app → Credentials & Basic Info)');
  }
  if (c.FEISHU_APP_ID && c.FEISHU_MODE === 'http' && !c.FEISHU_VERIFICATION_TOKEN) {
    problems.push('FEISHU_VERIFICATION_TOKEN: required with FEISHU_MODE=http (Events & Callbacks → Encryption Strategy)');
  }
  if (c.FEISHU_APP_ID && c.FEISHU_MODE === 'http' && c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN) {
    problems.push('FEISHU_MODE=http and Slack HTTP mode both listen on PORT: use FEISHU_MODE=ws or Slack Socket Mode (SLACK_APP_TOKEN)');
  }
  const dingtalk = [c.DINGTALK_CLIENT_ID, c.DINGTALK_CLIENT_SECRET, c.DINGTALK_ROBOT_CODE];
  if (dingtalk.some(Boolean) && !dingtalk.every(Boolean)) {
    problems.push('DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET and DINGTALK_ROBOT_CODE: set all three or none (developer console → your app → Credentials, and the robot\'s RobotCode)');
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    defaultLocale: c.DEFAULT_LOCALE,
    defaultLocaleSet: env.DEFAULT_LOCALE !== undefined && env.DEFAULT_LOCALE.trim() !== '',
    defaultTimezone: c.DEFAULT_TIMEZONE,
    localUser: c.LOCAL_USER,
    logLevel: c.LOG_LEVEL,
    port: c.PORT,
    slack: c.SLACK_BOT_TOKEN
      ? { botToken: c.SLACK_BOT_TOKEN, signingSecret: c.SLACK_SIGNING_SECRET, appToken: c.SLACK_APP_TOKEN, apiUrl: c.SLACK_API_URL }
      : undefined,
    discord:
      c.DISCORD_TOKEN && c.DISCORD_APPLICATION_ID
        ? { token: c.DISCORD_TOKEN, applicationId: c.DISCORD_APPLICATION_ID, apiUrl: c.DISCORD_API_URL, managerRole: c.DISCORD_MANAGER_ROLE }
        : undefined,
    feishu:
      c.FEISHU_APP_ID && c.FEISHU_APP_SECRET
        ? {
            appId: c.FEISHU_APP_ID,
            appSecret: c.FEISHU_APP_SECRET,
            domain: (FEISHU_DOMAINS[c.FEISHU_DOMAIN] ?? c.FEISHU_DOMAIN).replace(/\/+$/, ''),
            mode: c.FEISHU_MODE,
            verificationToken: c.FEISHU_VERIFICATION_TOKEN,
            encryptKey: c.FEISHU_ENCRYPT_KEY,
            managerChat: c.FEISHU_MANAGER_CHAT,
          }
        : undefined,
    dingtalk:
      c.DINGTALK_CLIENT_ID && c.DINGTALK_CLIENT_SECRET && c.DINGTALK_ROBOT_CODE
        ? {
            clientId: c.DINGTALK_CLIENT_ID,
            clientSecret: c.DINGTALK_CLIENT_SECRET,
            robotCode: c.DINGTALK_ROBOT_CODE,
            apiUrl: c.DINGTALK_API_URL?.replace(/\/+$/, ''),
            managerRole: c.DINGTALK_MANAGER_ROLE,
          }
        : undefined,
    redisUrl: c.REDIS_URL,
    quickchartUrl: c.QUICKCHART_URL,
  };
}
