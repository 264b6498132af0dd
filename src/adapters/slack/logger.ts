// Bolt's logger interface on top of the app's pino logger (same redaction, JSON on stderr).
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../log.js';

function line(parts: unknown[]): string {
  return parts
    .map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p)))
    .join(' ');
}

function boltLevel(pinoLevel: string): LogLevel {
  if (pinoLevel === 'trace' || pinoLevel === 'debug') return LogLevel.DEBUG;
  if (pinoLevel === 'info') return LogLevel.INFO;
  if (pinoLevel === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  return {
    debug: (...m: unknown[]) => log.debug(line(m)),
    info: (...m: unknown[]) => log.info(line(m)),
    warn: (...m: unknown[]) => log.warn(line(m)),
    error: (...m: unknown[]) => log.error(line(m)),
    // The level is the app's LOG_LEVEL; Bolt may ask for it but does not change it.
    setLevel: () => {},
    getLevel: () => boltLevel(log.level),
    setName: () => {},
  };
}
