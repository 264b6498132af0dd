// Every command answers with a Reply; errors are values with stable codes, never exceptions.

export const ERROR_CODES = [
  'USAGE',
  'DEAL_NOT_FOUND',
  'STAGE_NOT_FOUND',
  'GATE_BLOCKED',
  'FORBIDDEN',
  'CONFLICT',
  'LOCKED',
  'DUPLICATE',
  'INVALID',
  'STAGE_IN_USE',
  'DEAL_CLOSED',
  /** Input over a size limit (a CSV file's bytes, rows, row or cell length). */
  'TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Reply {
  ok: boolean;
  code?: ErrorCode;
  text: string;
  data?: Record<string, unknown>;
}

export function ok(text: string, data?: Record<string, unknown>): Reply {
  return data === undefined ? { ok: true, text } : { ok: true, text, data };
}

export function fail(code: ErrorCode, text: string, data?: Record<string, unknown>): Reply {
  return data === undefined ? { ok: false, code, text } : { ok: false, code, text, data };
}

/** Exit status for CLIs: 0 ok, 2 usage, 1 any other domain error. */
export function exitCodeOf(reply: Reply): number {
  if (reply.ok) return 0;
  return reply.code === 'USAGE' ? 2 : 1;
}
