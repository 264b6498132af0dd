// The CLI's side of the control socket: when a bot runs on this data directory, the
// command goes to it and its output comes back as if it had run here.
import { lstatSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { controlSocketPath, encodeFrame, FRAME, MAX_SOCKET_PATH, readFrames } from './protocol.js';

export type Forwarded =
  /** No bot listens: run the command here. */
  | { kind: 'absent' }
  /** A socket is there but not one only we can use. */
  | { kind: 'refused'; path: string }
  | { kind: 'done'; code: number }
  /** The bot went away before it answered. */
  | { kind: 'stopped' }
  /** A bot listens, but the command reads this process's stdin, which does not travel. */
  | { kind: 'stdin' };

function isOurs(path: string): boolean | undefined {
  let info;
  try {
    info = lstatSync(path);
  } catch {
    return undefined;
  }
  return info.isSocket() && info.uid === process.getuid?.() && (info.mode & 0o077) === 0;
}

function connectTo(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => resolve(socket));
    // ECONNREFUSED: the socket file of a bot that crashed. The command runs here instead.
    socket.once('error', () => resolve(undefined));
  });
}

async function writeWithBackPressure(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
}

export async function forwardToBot(
  dataDir: string,
  argv: readonly string[],
  io: { stdout: Writable; stderr: Writable },
  options: { readsStdin: boolean },
): Promise<Forwarded> {
  const path = controlSocketPath(dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) return { kind: 'absent' };
  const ours = isOurs(path);
  if (ours === undefined) return { kind: 'absent' };
  if (!ours) return { kind: 'refused', path };
  const socket = await connectTo(path);
  if (!socket) return { kind: 'absent' };
  if (options.readsStdin) {
    socket.destroy();
    return { kind: 'stdin' };
  }
  socket.on('error', () => {});
  socket.write(encodeFrame(FRAME.request, JSON.stringify({ argv, cwd: process.cwd() })));
  try {
    for await (const frame of readFrames(socket as AsyncIterable<Buffer>)) {
      if (frame.type === FRAME.stdout) await writeWithBackPressure(io.stdout, frame.payload);
      else if (frame.type === FRAME.stderr) await writeWithBackPressure(io.stderr, frame.payload);
      else if (frame.type === FRAME.exit) {
        socket.destroy();
        return { kind: 'done', code: Number(frame.payload.toString()) };
      }
    }
  } catch {
    // ECONNRESET: the bot went away mid-answer.
  }
  return { kind: 'stopped' };
}
