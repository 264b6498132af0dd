// /healthz (the process is up) and /readyz (the database, and Redis when configured,
// answer). Served on PORT beside the Slack receiver, or on their own server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Probe = () => Promise<void>;

export interface HealthChecks {
  database: Probe;
  redis?: Probe;
  /** False once shutdown began: load balancers stop sending work. */
  accepting: () => boolean;
}

async function within(probe: Probe, ms: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
    return null;
  } catch (err) {
    // Only the kind of failure: connection strings and secrets stay out of the answer.
    return (err as Error).name === 'Error' ? 'unreachable' : (err as Error).name;
  } finally {
    clearTimeout(timer);
  }
}

/** Handles the two paths; answers false for any other path so callers can chain. */
export function healthHandler(checks: HealthChecks) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      return true;
    }
    if (path !== '/readyz') return false;
    const [database, redis] = await Promise.all([
      within(checks.database, 2_000),
      checks.redis ? within(checks.redis, 2_000) : Promise.resolve(null),
    ]);
    const body = {
      ok: database === null && redis === null && checks.accepting(),
      database: database ?? 'ok',
      ...(checks.redis && { redis: redis ?? 'ok' }),
      accepting: checks.accepting(),
    };
    res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    return true;
  };
}

export function startHealthServer(port: number, checks: HealthChecks): Promise<Server> {
  const handle = healthHandler(checks);
  const server = createServer((req, res) => {
    void handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}
