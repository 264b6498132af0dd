// Answers through a payload's response_url (valid 30 minutes, 5 uses). A 429 is waited
// out (Retry-After) and a network or server error, or an attempt left unanswered, retried
// a bounded number of times, so an answer is not lost and a hung Slack holds nothing forever.
import type { Logger } from '../log.js';
import type { SlackMessage } from './blocks.js';

export interface RespondOptions {
  /** Replace the message the interaction came from (a blocked move's card). */
  replace?: boolean;
}

export type Responder = (url: string, message: SlackMessage, options?: RespondOptions) => Promise<boolean>;

const MAX_ATTEMPTS = 5;
const MAX_WAIT_S = 60;
const ATTEMPT_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryAfterSeconds(res: Response): number {
  const n = Number(res.headers.get('retry-after'));
  return Number.isFinite(n) && n >= 0 ? Math.min(n, MAX_WAIT_S) : 1;
}

export function createResponder(logger: Logger, options: { attemptTimeoutMs?: number } = {}): Responder {
  const attemptTimeoutMs = options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS;
  return async (url, message, options = {}) => {
    const body = JSON.stringify({
      response_type: 'ephemeral',
      replace_original: options.replace ?? false,
      text: message.text,
      blocks: message.blocks,
    });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      let wait = 500 * 2 ** (attempt - 1);
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body,
          signal: AbortSignal.timeout(attemptTimeoutMs),
        });
        await res.text().catch(() => '');
        if (res.ok) return true;
        if (res.status === 429) wait = retryAfterSeconds(res) * 1000;
        else if (res.status < 500) {
          // 404 / 410: the response_url expired or was used up; retrying cannot help.
          logger.warn({ status: res.status }, 'slack response_url refused the answer');
          return false;
        }
        logger.warn({ status: res.status, attempt, waitMs: wait }, 'slack response_url busy; retrying');
      } catch (err) {
        logger.warn({ err, attempt, waitMs: wait }, 'slack response_url unreachable; retrying');
      }
      if (attempt < MAX_ATTEMPTS) await sleep(wait);
    }
    logger.error('slack response_url: answer not delivered');
    return false;
  };
}
