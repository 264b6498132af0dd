// Pieces the fake platforms (Feishu, DingTalk) share: request bodies, JSON answers,
// polling for what the app did, and closing a server with its WebSockets.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function json(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Resolves with `probe`'s first truthy answer, polling every 20 ms (a first command on a busy machine can take seconds). */
export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 30_000, name = 'fake'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`${name} waitFor: timed out`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Listens on 127.0.0.1 and returns the base URL and a close() that ends every socket. */
export async function listen(server: Server, wss: WebSocketServer, sockets: Set<WebSocket>): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const s of sockets) s.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
