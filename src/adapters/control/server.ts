// The running bot's control socket: a Unix socket in DATA_DIR, mode 0600 (only the
// user the bot runs as may connect), through which `bin/stagecoach run|import|export|
// demo|workspaces` reach the open database instead of answering LOCKED.
import { chmodSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { Logger } from '../log.js';
import { controlSocketPath, encodeFrame, FRAME, MAX_REQUEST_BYTES, MAX_SOCKET_PATH, parseRequest, type ControlRequest } from './protocol.js';

export interface ControlIo {
  stdout: Writable;
  stderr: Writable;
  cwd: string;
}

export type ControlHandler = (argv: string[], io: ControlIo) => Promise<number>;

export interface ControlServer {
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

function framed(socket: Socket, type: typeof FRAME.stdout | typeof FRAME.stderr): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (socket.destroyed) return callback();
      socket.write(encodeFrame(type, chunk), () => callback());
    },
  });
}

/** The one frame a client sends. Read by events: ending an async iteration would destroy the socket. */
function firstRequest(socket: Socket): Promise<ControlRequest | undefined> {
  return new Promise((resolve) => {
    let pending: Buffer = Buffer.alloc(0);
    const finish = (request: ControlRequest | undefined) => {
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(request);
    };
    const onClose = () => finish(undefined);
    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < 5) return;
      const length = pending.readUInt32BE(1);
      if (pending[0] !== FRAME.request || length > MAX_REQUEST_BYTES) return finish(undefined);
      if (pending.length >= 5 + length) finish(parseRequest(pending.subarray(5, 5 + length)));
    };
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

async function serve(socket: Socket, handle: ControlHandler, logger: Logger): Promise<void> {
  const request = await firstRequest(socket);
  if (!request) {
    socket.destroy();
    return;
  }
  const stdout = framed(socket, FRAME.stdout);
  const stderr = framed(socket, FRAME.stderr);
  let code: number;
  try {
    code = await handle(request.argv, { stdout, stderr, cwd: request.cwd });
  } catch (err) {
    logger.error({ err, argv: request.argv[0] }, 'control request failed');
    stderr.write('INTERNAL: the command failed inside the bot; see its log.\n');
    code = 1;
  }
  await Promise.all([new Promise((r) => stdout.end(r)), new Promise((r) => stderr.end(r))]);
  if (!socket.destroyed) socket.end(encodeFrame(FRAME.exit, String(code)));
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // not there
  }
}

/** Listens on DATA_DIR/control.sock; the caller holds the data directory's lock, so a socket file there is stale. */
export async function startControlServer(dataDir: string, handle: ControlHandler, logger: Logger): Promise<ControlServer | undefined> {
  const path = controlSocketPath(dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    logger.warn({ path }, 'no control socket: the data directory path is too long for a Unix socket; the CLI answers LOCKED while the bot runs');
    return undefined;
  }
  unlinkQuietly(path);
  const sockets = new Set<Socket>();
  const inFlight = new Set<Promise<void>>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    const done = serve(socket, handle, logger).finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  // The socket is created under umask 0177, so it is never connectable by others, not even for a moment.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
  logger.info({ path }, 'control socket listening');
  return {
    async close(graceMs = 10_000) {
      const closed = new Promise((resolve) => server.close(resolve));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await closed;
      unlinkQuietly(path);
    },
  };
}
