// Every command × every role (rep, manager, admin), on one's own deal and on a deal
// owned by someone else: allowed commands succeed, FORBIDDEN ones write nothing.
// Each case runs in its own fresh workspace, so cases cannot influence each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/connect.js';
import type { Identity } from '../../src/app.js';
import type { ChannelRef } from '../../src/core/jobs/ports.js';
import type { Role } from '../../src/core/model.js';
import type { Reply } from '../../src/core/reply.js';
import { backends } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';

const ACTOR: Record<Role, string> = { rep: 'rita', manager: 'mona', admin: 'adam' };
const OTHER = 'olga'; // a rep owning the "Theirs*" deals
const ALL: Role[] = ['rep', 'manager', 'admin'];
const MANAGERS: Role[] = ['manager', 'admin'];
const ADMINS: Role[] = ['admin'];
const SUBSCRIBED: ChannelRef = { adapter: 'slack', channel: 'C-SUBSCRIBED' };
const FRESH: ChannelRef = { adapter: 'slack', channel: 'C-FRESH' };

type Target = 'own' | 'other';
interface Row {
  /** The grammar entry, e.g. "deal move". */
  command: string;
  /** What the row checks beyond the plain command. */
  variant?: string;
  target?: Target;
  text: string;
  allowed: Role[];
  /** An allowed run changes stored data. */
  writes: boolean;
  channel?: ChannelRef;
}

/** Deal-targeted rows: `{d}` is replaced by Mine / Theirs (+ suffix). */
function onDeals(command: string, template: string, own: Role[], other: Role[], writes: boolean, variant?: string, suffix = ''): Row[] {
  return [
    { command, variant, target: 'own', text: template.replace('{d}', `Mine${suffix}`), allowed: own, writes },
    { command, variant, target: 'other', text: template.replace('{d}', `Theirs${suffix}`), allowed: other, writes },
  ];
}

const rows: Row[] = [
  { command: 'deal new', text: 'deal new Fresh 1000 industry=retail', allowed: ALL, writes: true },
  { command: 'deal new', variant: 'owner=someone else', text: `deal new Gift 1000 owner=${OTHER}`, allowed: MANAGERS, writes: true },
  ...onDeals('deal move', 'deal move {d} opportunity', ALL, MANAGERS, true),
  ...onDeals('deal move', 'deal move {d} opportunity --override "CEO intro"', MANAGERS, MANAGERS, true, '--override', 'Bare'),
  ...onDeals('deal move', 'deal move {d} lead', MANAGERS, MANAGERS, true, 'reopen lost', 'Lost'),
  ...onDeals('deal set', 'deal set {d} industry=pharma notes="new notes"', ALL, MANAGERS, true),
  ...onDeals('deal set', 'deal set {d} owner=zed', MANAGERS, MANAGERS, true, 'owner=someone else'),
  ...onDeals('deal contact', 'deal contact {d} "New Person" role=champion title="VP"', ALL, MANAGERS, true),
  ...onDeals('deal competitor', 'deal competitor {d} Zoho', ALL, MANAGERS, true),
  ...onDeals('deal tag', 'deal tag {d} vip q3', ALL, MANAGERS, true),
  ...onDeals('deal won', 'deal won {d} 60000', ALL, MANAGERS, true),
  ...onDeals('deal lost', 'deal lost {d} reason=price note="too dear"', ALL, MANAGERS, true),
  ...onDeals('deal show', 'deal show {d}', ALL, ALL, false),
  ...onDeals('deal history', 'deal history {d}', ALL, ALL, false),
  { command: 'deal list', variant: 'all', text: 'deal list all', allowed: ALL, writes: false },
  { command: 'deal list', variant: 'mine', text: 'deal list mine', allowed: ALL, writes: false },
  { command: 'deal list', variant: 'owner=', text: `deal list owner=${OTHER}`, allowed: ALL, writes: false },
  { command: 'deal list', variant: 'stage=', text: 'deal list stage=lead', allowed: ALL, writes: false },
  { command: 'gates show', text: 'gates show', allowed: ALL, writes: false },
  { command: 'gates set', text: 'gates set opportunity require contact industry source team', allowed: ADMINS, writes: true },
  { command: 'stage list', text: 'stage list', allowed: ALL, writes: false },
  { command: 'stage add', text: 'stage add Demo after=qualified', allowed: ADMINS, writes: true },
  { command: 'stage rename', text: 'stage rename proposal Offer', allowed: ADMINS, writes: true },
  { command: 'stage remove', text: 'stage remove Extra', allowed: ADMINS, writes: true },
  { command: 'stage move', text: 'stage move Extra after=lead', allowed: ADMINS, writes: true },
  { command: 'role set', text: `role set ${OTHER} manager`, allowed: ADMINS, writes: true },
  { command: 'role list', text: 'role list', allowed: ALL, writes: false },
  { command: 'help', text: 'help', allowed: ALL, writes: false },
  { command: 'help', variant: 'topic', text: 'help deal', allowed: ALL, writes: false },
  { command: 'funnel', text: 'funnel all', allowed: ALL, writes: false },
  { command: 'metrics', text: 'metrics all', allowed: ALL, writes: false },
  { command: 'winloss', text: 'winloss all', allowed: ALL, writes: false },
  { command: 'competitors', text: 'competitors all', allowed: ALL, writes: false },
  { command: 'stale', text: 'stale', allowed: ALL, writes: false },
  { command: 'stale', variant: 'owner=', text: `stale owner=${OTHER}`, allowed: ALL, writes: false },
  { command: 'digest subscribe', text: 'digest subscribe', allowed: MANAGERS, writes: true, channel: FRESH },
  { command: 'digest unsubscribe', text: 'digest unsubscribe', allowed: MANAGERS, writes: true, channel: SUBSCRIBED },
  { command: 'digest status', text: 'digest status', allowed: ALL, writes: false, channel: SUBSCRIBED },
];

const cases = rows.flatMap((row) => ALL.map((role) => ({ ...row, variant: row.variant ?? '', target: row.target ?? 'no deal', role, expected: row.allowed.includes(role) ? 'allowed' : 'FORBIDDEN' })));

/** Everything one workspace stores, as canonical JSON text (compared byte for byte). */
async function snapshot(db: Database, ws: string): Promise<Record<string, string>> {
  const q = async (sql: string) => {
    const rows = await db.prisma.$queryRawUnsafe<{ j: string }[]>(`SELECT coalesce(json_agg(x)::text, '[]') AS j FROM (${sql}) x`, ws);
    return rows[0]!.j;
  };
  return {
    workspace: await q(`SELECT id, name, timezone, locale, settings FROM workspace WHERE id = $1`),
    members: await q(`SELECT * FROM member WHERE workspace_id = $1 ORDER BY user_id`),
    pipeline: await q(`SELECT * FROM stage WHERE workspace_id = $1 ORDER BY position, key`),
    deals: await q(`SELECT * FROM deal WHERE workspace_id = $1 ORDER BY name_key`),
    contacts: await q(`SELECT c.* FROM contact c JOIN deal d ON d.id = c.deal_id WHERE d.workspace_id = $1 ORDER BY c.id`),
    history: await q(`SELECT id::text AS id, workspace_id, deal_id, from_stage, to_stage, at, by, override_reason, imported FROM stage_event WHERE workspace_id = $1 ORDER BY id`),
    alerts: await q(`SELECT * FROM alert_state WHERE workspace_id = $1 ORDER BY key`),
  };
}

describe.each(backends)('permissions: every command × role on $name', (backend) => {
  let t: TestApp;
  let db: Database;
  let n = 0;
  beforeAll(async () => {
    db = await backend.open();
    t = await testApp(db);
  });
  afterAll(() => t.close());

  function as(ws: string, user: string, role: Role, text: string, channel?: ChannelRef): Promise<Reply> {
    const identity: Identity = { workspaceId: ws, workspaceName: ws, userId: user, role, ...(channel && { channel }) };
    return t.app.run(identity, text);
  }

  /**
   * A fresh workspace holding what the case needs: the acting members, and the deal it
   * targets (Mine* owned by the actor, Theirs* by OTHER: complete, Bare or Lost). Reads
   * get both complete deals to read; admin rows their empty stage or subscribed channel.
   */
  async function fixture(c: (typeof cases)[number], actor: string): Promise<string> {
    const ws = `perm-${backend.name}-${++n}`;
    const setup = (text: string, channel?: ChannelRef) => as(ws, 'setup', 'admin', text, channel);
    const must = async (p: Promise<Reply>) => {
      const r = await p;
      expect(r.ok, `${r.code}: ${r.text}`).toBe(true);
    };
    // Every actor is a known member before the snapshot: being seen first is not a write we test.
    await must(setup('help'));
    for (const [user, role] of [[actor, c.role], [OTHER, 'rep']] as const) {
      await t.app.store.upsertMember({ workspaceId: ws, userId: user, displayName: user, role });
    }
    const deal = c.text.match(/^deal \w+ ((?:Mine|Theirs)\w*)/)?.[1];
    const wanted = deal ? [deal] : c.writes ? [] : ['Mine', 'Theirs'];
    for (const name of wanted) {
      const owner = name.startsWith('Mine') ? actor : OTHER;
      if (name.endsWith('Bare')) {
        await must(setup(`deal new ${name} owner=${owner}`));
      } else if (name.endsWith('Lost')) {
        await must(setup(`deal new ${name} 1000 owner=${owner}`));
        await must(setup(`deal lost ${name} reason=timing`));
      } else {
        await must(setup(`deal new ${name} 50000 industry=software source=referral close=2026-06-30 owner=${owner}`));
        await must(setup(`deal contact ${name} "Wang Wei" role=decision_maker title="CTO"`));
        await must(setup(`deal competitor ${name} none`));
      }
    }
    if (c.text.includes('Extra')) await must(setup('stage add Extra after=negotiation'));
    if (c.channel === SUBSCRIBED) await must(setup('digest subscribe', SUBSCRIBED));
    return ws;
  }

  it.each(cases)('$command $variant [$target] as $role → $expected', async (c) => {
    const user = ACTOR[c.role];
    const ws = await fixture(c, user);
    const before = await snapshot(db, ws);
    const reply = await as(ws, user, c.role, c.text, c.channel);
    const after = await snapshot(db, ws);
    if (c.expected === 'FORBIDDEN') {
      expect(reply.code, reply.text).toBe('FORBIDDEN');
      expect(reply.ok).toBe(false);
      expect(after).toEqual(before);
    } else {
      expect(reply.ok, `${reply.code}: ${reply.text}`).toBe(true);
      if (c.writes) expect(after).not.toEqual(before);
      else expect(after).toEqual(before);
    }
  });

  it('covers every command of the grammar for every role', () => {
    const grammar = [
      'deal new', 'deal move', 'deal set', 'deal contact', 'deal competitor', 'deal tag', 'deal won', 'deal lost',
      'deal show', 'deal history', 'deal list', 'gates show', 'gates set', 'stage list', 'stage add', 'stage rename',
      'stage remove', 'stage move', 'role set', 'role list', 'help', 'funnel', 'metrics', 'winloss', 'competitors',
      'stale', 'digest subscribe', 'digest unsubscribe', 'digest status',
    ];
    for (const command of grammar) {
      for (const role of ALL) expect(cases.some((c) => c.command === command && c.role === role), `${command} as ${role}`).toBe(true);
    }
    // Where ownership matters, both one's own deal and someone else's are covered.
    for (const row of rows.filter((r) => r.target === 'own')) {
      expect(rows.some((r) => r.command === row.command && r.variant === row.variant && r.target === 'other')).toBe(true);
    }
  });
});
