// `stagecoach demo`: replays the deterministic sample plan (plan.ts) through the real
// use cases. Every change is a core Command run by runCommand with the acting rep's or
// manager's Context and a clock set to the step's time in the past, so the stage gates,
// permissions and history are exactly those of a team typing the commands by hand.

import type { AppPort, Identity } from '../core/app-port.js';
import type { Command } from '../core/commands.js';
import { defineTexts } from '../core/i18n.js';
import type { Locale } from '../core/model.js';
import { fail, ok, type Reply } from '../core/reply.js';
import { runCommand, type Context } from '../core/usecases/index.js';
import { buildPlan, DEMO_SEED, type DemoPlan, type PlanDeal, type PlanStep } from './plan.js';

const texts = defineTexts(
  'demo',
  {
    notEmpty:
      'This workspace already holds deals, so the demo was not loaded (nothing was changed). Load it into an empty workspace, e.g. with a fresh DATA_DIR.',
    loaded:
      'Demo loaded: {deals} deals ({won} won, {lost} lost, {open} open) with {events} stage changes, {reps} reps in {teams} teams ({teamList}), from {from} to {to}.\nTry: deal list all · deal list stage=negotiation · deal history "{example}" · role list',
    broken: 'The demo plan is inconsistent: {failed} of {total} steps failed (a bug in the demo, not in your data). First failures:',
  },
  {
    notEmpty: '此工作区已有商机，未加载演示数据（未做任何修改）。请在空工作区中加载，例如使用新的 DATA_DIR。',
    loaded:
      '演示数据已加载：{deals} 个商机（赢单 {won}，输单 {lost}，进行中 {open}），{events} 次阶段变更，{reps} 名销售，{teams} 个团队（{teamList}），时间从 {from} 到 {to}。\n试试：deal list all · deal list stage=negotiation · deal history "{example}" · role list',
    broken: '演示计划不一致：{total} 个步骤中有 {failed} 个失败（这是演示程序的缺陷，与你的数据无关）。前几个失败：',
  },
);

export interface DemoOptions {
  /** Default: the app's clock. */
  now?: Date;
  /** Default: DEMO_SEED. */
  seed?: number;
  /** A ready plan (tests); overrides now and seed. */
  plan?: DemoPlan;
}

export interface DemoFailure {
  deal: string;
  at: string;
  user: string;
  command: Command['type'];
  code: string;
  text: string;
}

const STAGE_COMMANDS: ReadonlySet<Command['type']> = new Set(['deal.new', 'deal.move', 'deal.won', 'deal.lost']);
const SHOWN_FAILURES = 5;

/** All steps of all deals in time order; a deal's own steps keep their order. */
function timeline(plan: DemoPlan): { deal: PlanDeal; step: PlanStep }[] {
  const all = plan.deals.flatMap((deal, d) => deal.steps.map((step, s) => ({ deal, step, d, s })));
  all.sort((a, b) => a.step.at.getTime() - b.step.at.getTime() || a.d - b.d || a.s - b.s);
  return all.map(({ deal, step }) => ({ deal, step }));
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

export async function loadDemo(app: AppPort, identity: Identity, options: DemoOptions = {}): Promise<Reply> {
  const started = performance.now();
  const locale: Locale = identity.locale ?? app.config.defaultLocale;
  const ws = identity.workspaceId;

  // Checked before anything is written (not even the workspace or its members).
  if ((await app.store.listDeals(ws, { limit: 1 })).length > 0) {
    return fail('DUPLICATE', texts(locale, 'notEmpty'), { workspace: ws });
  }

  const plan = options.plan ?? buildPlan(options.now ?? app.clock.now(), options.seed ?? DEMO_SEED);

  // One context per member of the sample team, all registered up front.
  const contexts = new Map<string, Context>();
  for (const u of plan.users) {
    contexts.set(
      u.userId,
      await app.context({
        workspaceId: identity.workspaceId,
        workspaceName: identity.workspaceName,
        locale: identity.locale,
        timezone: identity.timezone,
        userId: u.userId,
        displayName: u.displayName,
        role: u.role,
      }),
    );
    // The sample team's managers are managers as if an admin had run `role set`: a role
    // asserted for a request is never stored, and `role list` should show the team.
    if (u.role !== 'rep') await app.store.setRole(identity.workspaceId, u.userId, u.role);
  }

  const steps = timeline(plan);
  const failures: DemoFailure[] = [];
  let failed = 0;
  let events = 0;
  for (const { deal, step } of steps) {
    const ctx = contexts.get(step.userId);
    let reply: Reply;
    if (!ctx) {
      reply = fail('INTERNAL', `unknown demo user ${step.userId}`);
    } else {
      const at = step.at.getTime();
      try {
        reply = await runCommand({ ...ctx, clock: { now: () => new Date(at) } }, step.command);
      } catch (err) {
        reply = fail('INTERNAL', err instanceof Error ? err.message : String(err));
      }
    }
    if (!reply.ok) {
      failed++;
      if (failures.length < 20) {
        failures.push({
          deal: deal.name,
          at: step.at.toISOString(),
          user: step.userId,
          command: step.command.type,
          code: reply.code ?? 'INTERNAL',
          text: firstLine(reply.text),
        });
      }
      continue;
    }
    // A creation always writes the first history event; a move writes one unless it was a no-op.
    if (STAGE_COMMANDS.has(step.command.type) && (step.command.type === 'deal.new' || reply.data?.event !== undefined)) {
      events++;
    }
  }

  const pipeline = await app.store.getPipeline(ws);
  const kindOf = new Map(pipeline.map((s) => [s.key, s.kind]));
  const stored = await app.store.listDeals(ws, {});
  const won = stored.filter((d) => kindOf.get(d.stage) === 'won').length;
  const lost = stored.filter((d) => kindOf.get(d.stage) === 'lost').length;
  const reps = plan.users.filter((u) => u.role === 'rep').length;
  const managers = plan.users.filter((u) => u.role === 'manager').length;
  const elapsedMs = Math.round(performance.now() - started);
  const counts = {
    deals: stored.length,
    events,
    won,
    lost,
    open: stored.length - won - lost,
    reps,
    managers,
    teams: plan.teams.length,
    steps: steps.length,
  };
  const range = { from: plan.start.toISOString().slice(0, 10), to: plan.now.toISOString().slice(0, 10) };

  if (failed > 0) {
    const lines = failures
      .slice(0, SHOWN_FAILURES)
      .map((f) => `  • ${f.deal} @ ${f.at} by ${f.user}: ${f.command} → ${f.code}: ${f.text}`);
    return fail('INTERNAL', [texts(locale, 'broken', { failed, total: steps.length }), ...lines].join('\n'), {
      ...counts,
      failed,
      failures,
      seed: plan.seed,
      ...range,
      elapsedMs,
    });
  }

  const example = plan.deals.find((d) => d.finalStage === 'won')?.name ?? plan.deals[0]?.name ?? '';
  const text = texts(locale, 'loaded', { ...counts, teamList: plan.teams.join(', '), ...range, example });
  return ok(text, { ...counts, seed: plan.seed, ...range, elapsedMs });
}
