// A platform's admin/manager signal raises a member's role for one request; it never
// lowers a role given with `role set`, and losing it on the platform takes it away here.
import type { Role } from '../../core/model.js';
import type { Context } from '../../core/usecases/index.js';

const RANK: Record<Role, number> = { rep: 0, manager: 1, admin: 2 };

/** The context with `role` as a floor under the stored role. */
export function withRoleFloor(ctx: Context, role: Role | undefined): Context {
  if (role === undefined || RANK[ctx.actor.role] >= RANK[role]) return ctx;
  return { ...ctx, actor: { ...ctx.actor, role } };
}

/** `work`'s answer, or `fallback` when it fails or takes longer than `ms` (a slow directory never blocks a command). */
export async function within<T>(ms: number, work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([work.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}
