// Structured JSON logs on stderr (stdout belongs to replies). Secrets are redacted by
// key wherever they appear in logged objects.
import { pino, type Logger } from 'pino';

export type { Logger };

const SECRET_PATHS = ['*.token', '*.password', '*.secret', '*.signingSecret', '*.botToken', '*.appToken', '*.databaseUrl', '*.redisUrl', 'config.*'];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: SECRET_PATHS, censor: '[redacted]' }, base: { app: 'stagecoach' } }, pino.destination(2));
}
