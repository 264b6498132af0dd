// A TCP proxy the test can cut and restore: a database or Redis "outage" without
// stopping the shared service other test files are using.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Proxy {
  port: number;
  /** Drops every connection and refuses new ones. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, targetHost);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server?.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  const down = async () => {
    // close() waits for open connections, so cut them first.
    const closing = new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    for (const s of sockets) s.destroy();
    await closing;
    server = undefined;
  };
  return { get port() { return port; }, down, up: listen, close: down };
}
