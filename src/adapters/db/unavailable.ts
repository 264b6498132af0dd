// Tells "the database is down" apart from a bug, so commands can answer UNAVAILABLE
// (and recover by themselves when it returns) instead of INTERNAL.

const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|terminating connection|Can't reach database|database system is (starting up|shutting down)|the database system is in recovery|PGlite is closed|P1001|P1017|57P0[123]|0800[0-6]/i;

export function isConnectionError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  const text = `${String(e.code ?? '')} ${String(e.message ?? '')}`;
  return CONNECTION_ERROR.test(text) || (e.cause !== undefined && e.cause !== err && isConnectionError(e.cause));
}

/** Wraps every method so that connection failures carry `unavailable: true`. */
export function markUnavailable<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(obj, args);
        } catch (err) {
          if (isConnectionError(err)) throw Object.assign(new Error('database unavailable', { cause: err }), { unavailable: true });
          throw err;
        }
      };
    },
  });
}
