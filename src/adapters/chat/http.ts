// JSON over HTTP for the platform APIs (Feishu, DingTalk): a rate-limited answer (429)
// is waited out and retried a bounded number of times; anything else is returned.

export interface RetryPolicy {
  /** Retries after a 429 (default 3). */
  retries: number;
  /** Longest wait honoured for one retry, in ms (default 30 s); the wait is capped to it. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, maxWaitMs: 30_000 };

export class RateLimitedError extends Error {
  constructor(readonly url: string) {
    super(`rate limited by ${new URL(url).host} after retries`);
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Seconds to wait from the answer's headers: Retry-After, or Feishu's x-ogw-ratelimit-reset. */
function waitMs(res: Response): number {
  for (const name of ['retry-after', 'x-ogw-ratelimit-reset']) {
    const v = Number(res.headers.get(name));
    if (Number.isFinite(v) && v >= 0 && res.headers.has(name)) return v * 1000;
  }
  return 1000;
}

/** A kept-alive connection the server closed while idle: the request never reached it. */
function staleConnection(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET';
}

async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    if (!staleConnection(err)) throw err;
    return fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  }
}

/** fetch with bounded 429 retries; the last 429 becomes RateLimitedError. */
export async function fetchRetrying(url: string, init: RequestInit, policy: RetryPolicy = DEFAULT_RETRY): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetchOnce(url, init);
    if (res.status !== 429) return res;
    await res.body?.cancel();
    if (attempt >= policy.retries) throw new RateLimitedError(url);
    await new Promise((r) => setTimeout(r, Math.min(waitMs(res), policy.maxWaitMs)));
  }
}

/** The JSON body of an answer; a non-JSON body is an ApiError with the HTTP status. */
export async function jsonOf(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object') return body as Record<string, unknown>;
  } catch {
    // falls through
  }
  throw new ApiError(res.status, String(res.status), `HTTP ${res.status}: not JSON`);
}
