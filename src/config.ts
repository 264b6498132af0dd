// The only module that reads the environment. Settings are parsed once, at the edge,
// and passed in; a bad setting stops start-up with a message naming it and the fix.
import { resolve } from 'node:path';
import { z } from 'zod';
import { LOCALES } from './core/model.js';

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
  DATA_DIR: optionalText.transform((v) => resolve(v ?? 'data')),
  DEFAULT_LOCALE: optionalText.pipe(z.enum(LOCALES).default('en')),
  DEFAULT_TIMEZONE: optionalText.pipe(
    z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin or Asia/Shanghai')
      .default('UTC'),
  ),
  LOCAL_USER: optionalText.pipe(z.string().max(100).default('local')),
  LOG_LEVEL: optionalText.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  defaultLocale: (typeof LOCALES)[number];
  defaultTimezone: string;
  localUser: string;
  logLevel: string;
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
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    defaultLocale: c.DEFAULT_LOCALE,
    defaultTimezone: c.DEFAULT_TIMEZONE,
    localUser: c.LOCAL_USER,
    logLevel: c.LOG_LEVEL,
  };
}
