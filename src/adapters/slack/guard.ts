// Checks on Slack's HTTP requests that Bolt does not make, before Bolt sees them: Bolt
// refuses old timestamps but not ones from the future (401 here), and takes a form body
// as it comes, so a repeated `team_id` becomes a list and an empty one a workspace named
// "slack:". A signed request that does not name exactly one team and one user gets 400.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isValidSlackRequest, type HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../log.js';

const MAX_SKEW_S = 5 * 60;

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

const oneId = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** What is wrong with the team and user a form body names, or null. */
function identityProblem(rawBody: string): string | null {
  const form = new URLSearchParams(rawBody);
  if (form.get('ssl_check') === '1') return null;
  const payloads = form.getAll('payload');
  if (payloads.length > 1) return 'payload repeated';
  if (payloads.length === 1) {
    let p: { user?: { id?: unknown; team_id?: unknown }; team?: { id?: unknown } | null };
    try {
      p = JSON.parse(payloads[0] as string) as typeof p;
    } catch {
      return null; // Bolt answers a malformed payload with 400 itself.
    }
    if (!oneId(p.user?.id)) return 'payload user missing';
    return oneId(p.team?.id ?? p.user?.team_id) ? null : 'payload team missing';
  }
  for (const key of ['team_id', 'user_id']) {
    const values = form.getAll(key);
    if (values.length !== 1 || !oneId(values[0])) return `${key} missing, empty or repeated`;
  }
  return null;
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return typeof v === 'string' ? v : '';
}

/** Wraps the receiver's request listener with the checks above on `endpoint` (form bodies only). */
export function guardRequests(receiver: HTTPReceiver, signingSecret: string, logger: Logger, endpoint = '/slack/events'): void {
  const inner: RequestListener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const form = header(req, 'content-type') === 'application/x-www-form-urlencoded';
    if (req.method !== 'POST' || path !== endpoint || !form) return inner(req, res);
    const ts = Number(header(req, 'x-slack-request-timestamp'));
    if (Number.isFinite(ts) && ts - Date.now() / 1000 > MAX_SKEW_S) {
      logger.warn({ ts }, 'slack request from the future refused');
      return refuse(res, 401);
    }
    void (async () => {
      // Buffered here, Bolt reads the same raw body (and verifies it again).
      const buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
      const body = buffered.rawBody.toString();
      const signed = isValidSlackRequest({
        signingSecret,
        body,
        headers: { 'x-slack-signature': header(req, 'x-slack-signature'), 'x-slack-request-timestamp': ts },
      });
      const problem = signed ? identityProblem(body) : null;
      if (problem) {
        logger.warn({ problem }, 'slack request refused');
        return refuse(res, 400);
      }
      inner(buffered, res);
    })().catch((err: unknown) => {
      // Too large or cut off: Bolt's own answers for these.
      const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && (err as { statusCode: number }).statusCode === 413;
      if (!res.headersSent) refuse(res, tooLarge ? 413 : 400);
    });
  };
}
