// The control socket's wire format: frames of [type: 1 byte][length: uint32 BE][payload].
// The client sends one REQUEST (JSON: argv and working directory); the server answers
// with STDOUT and STDERR chunks as the command writes them (an export streams its CSV
// this way, never held whole in memory) and ends with EXIT (the exit code in ASCII).
// A connection that closes before EXIT means the bot stopped mid-request.
import { join } from 'node:path';

export const FRAME = { request: 0x51, stdout: 0x4f, stderr: 0x45, exit: 0x58 } as const;
export type FrameType = (typeof FRAME)[keyof typeof FRAME];

export interface ControlRequest {
  argv: string[];
  cwd: string;
}

/** Unix socket paths are limited to about 108 bytes; longer data directories get no socket. */
export const MAX_SOCKET_PATH = 100;

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'control.sock');
}

export function encodeFrame(type: FrameType, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** Requests are small: a bigger first frame is not a client of ours. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Frames out of a byte stream, however it was split into chunks. */
export async function* readFrames(chunks: AsyncIterable<Buffer>): AsyncGenerator<{ type: number; payload: Buffer }> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 5) {
      const length = pending.readUInt32BE(1);
      if (pending.length < 5 + length) break;
      yield { type: pending[0] ?? 0, payload: pending.subarray(5, 5 + length) };
      pending = pending.subarray(5 + length);
    }
  }
}

export function parseRequest(payload: Buffer): ControlRequest | undefined {
  try {
    const value = JSON.parse(payload.toString('utf8')) as Partial<ControlRequest>;
    const argvOk = Array.isArray(value.argv) && value.argv.every((a) => typeof a === 'string');
    return argvOk && typeof value.cwd === 'string' ? { argv: value.argv as string[], cwd: value.cwd } : undefined;
  } catch {
    return undefined;
  }
}
