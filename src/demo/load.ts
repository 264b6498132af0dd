import type { App, Identity } from '../app.js';
import { fail, type Reply } from '../core/reply.js';

export async function loadDemo(_app: App, _identity: Identity): Promise<Reply> {
  return fail('INVALID', 'demo: not yet implemented');
}
