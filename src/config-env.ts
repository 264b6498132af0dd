// The few settings the CLI needs before it loads the full configuration (zod alone costs
// more than a command answered by the running bot may take): where the control socket is.
import { resolve } from 'node:path';
import type { Locale } from './core/model.js';

export function resolveDataDir(value: string | undefined): string {
  return resolve(value ?? 'data');
}

export interface EarlyEnv {
  /** Set when DATABASE_URL is: no embedded database, so no bot to go through. */
  postgres: boolean;
  dataDir: string;
  locale: Locale;
}

export function earlyEnv(env: Record<string, string | undefined> = process.env): EarlyEnv {
  const dir = env.DATA_DIR?.trim();
  return {
    postgres: Boolean(env.DATABASE_URL?.trim()),
    dataDir: resolveDataDir(dir ? dir : undefined),
    locale: env.DEFAULT_LOCALE?.trim() === 'zh-CN' ? 'zh-CN' : 'en',
  };
}
