// Tenant isolation: two workspaces with the same deal names and different data. Every
// command of the grammar runs in workspace A; after each one, workspace B's stored data
// (deals, contacts, events, pipeline, gates, roles, settings) is byte-for-byte what it
// was, and A's reply never contains a value that exists only in B.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/connect.js';
import type { Identity } from '../../src/app.js';
import type { ChannelRef } from '../../src/core/jobs/ports.js';
import type { Role } from '../../src/core/model.js';
import type { Reply } from '../../src/core/reply.js';
import { backends } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';

const A = 'iso-a';
const B = 'iso-b';
const CHANNEL_A: ChannelRef = { adapter: 'slack', channel: 'C-ALPHA' };
const CHANNEL_B: ChannelRef = { adapter: 'slack', channel: 'C-BSECRET' };

/** Values that exist only in workspace B; none may ever appear in a reply to A. */
const B_MARKERS = [
  'bob_secret', 'bella_mgr', '4242424', '4,242,424', '3131313', '3,131,313', 'B-SECRET-NOTE', 'b-secret-industry',
  'b-secret-source', 'b-secret-team', 'bsecrettag', 'Bella Secret', 'SecretCompetitorB', 'BSecretStage', 'BOnlyStage',
  'Zenith Secret Deal', 'C-BSECRET', 'B-LOST-NOTE', 'B-OVERRIDE-REASON', 'B-Chief',
];

async function snapshot(db: Database, ws: string): Promise<Record<string, string>> {
  const q = async (sql: string) => {
    const rows = await db.prisma.$queryRawUnsafe<{ j: string }[]>(`SELECT coalesce(json_agg(x)::text, '[]') AS j FROM (${sql}) x`, ws);
    return rows[0]!.j;
  };
  return {
    workspace: await q(`SELECT * FROM workspace WHERE id = $1`),
    members: await q(`SELECT * FROM member WHERE workspace_id = $1 ORDER BY user_id`),
    pipeline: await q(`SELECT * FROM stage WHERE workspace_id = $1 ORDER BY position, key`),
    deals: await q(`SELECT * FROM deal WHERE workspace_id = $1 ORDER BY name_key`),
    contacts: await q(`SELECT c.* FROM contact c JOIN deal d ON d.id = c.deal_id WHERE d.workspace_id = $1 ORDER BY c.id`),
    events: await q(`SELECT id::text AS id, workspace_id, deal_id, from_stage, to_stage, at, by, override_reason, imported FROM stage_event WHERE workspace_id = $1 ORDER BY id`),
    alerts: await q(`SELECT * FROM alert_state WHERE workspace_id = $1 ORDER BY key`),
  };
}

interface Step {
  text: string;
  /** Expected reply code in A ('ok' for success); the isolation checks apply either way. */
  expect: string;
  as?: { user: string; role: Role };
  /** B values the command itself names (echoed back legitimately), excluded from the leak search. */
  echoes?: string[];
  /** B values A legitimately holds from this step on (A gave one of its own members that user id). */
  adopts?: string[];
}

// Every command of the grammar, run in A against names that also exist in B.
const steps: Step[] = [
  { text: 'help', expect: 'ok' },
  { text: 'help deal', expect: 'ok' },
  { text: 'deal show "Acme Corp"', expect: 'ok' },
  { text: 'deal show acme corp', expect: 'ok' },
  { text: 'deal show 阿里巴巴', expect: 'ok' },
  { text: 'deal show Zenith', expect: 'DEAL_NOT_FOUND' }, // only B has "Zenith Secret Deal": no suggestion may name it
  { text: 'deal show Initech', expect: 'DEAL_NOT_FOUND' },
  { text: 'deal history "Acme Corp"', expect: 'ok' },
  { text: 'deal history Globex', expect: 'ok' },
  { text: 'deal list all', expect: 'ok' },
  { text: 'deal list mine', expect: 'ok' },
  { text: 'deal list stage=qualified', expect: 'ok' },
  { text: 'deal list stage=lead', expect: 'ok' },
  { text: 'deal list owner=bob_secret', expect: 'ok', echoes: ['bob_secret'] },
  { text: 'deal list owner=ann', expect: 'ok' },
  { text: 'deal move "Acme Corp" BSecretStage', expect: 'STAGE_NOT_FOUND', echoes: ['BSecretStage'] },
  { text: 'deal new Initech 1000 industry=retail source=event', expect: 'ok' }, // the name exists in B only
  { text: 'deal new "Acme Corp"', expect: 'DUPLICATE' },
  { text: 'deal move Initech opportunity', expect: 'GATE_BLOCKED' },
  { text: 'deal contact "Acme Corp" "Anna Alpha" role=decision_maker title="CEO"', expect: 'ok' },
  { text: 'deal competitor "Acme Corp" none', expect: 'ok' },
  { text: 'deal set "Acme Corp" amount=1234 close=2026-09-30 notes="alpha note" team=alpha-team', expect: 'ok' },
  { text: 'deal tag "Acme Corp" alphatag', expect: 'ok' },
  { text: 'deal move "Acme Corp" qualified', expect: 'ok' },
  { text: 'deal move Globex opportunity --override "alpha reason"', expect: 'ok' },
  { text: 'deal move "Acme Corp" opportunity', expect: 'ok' },
  { text: 'deal won "Acme Corp" 1500', expect: 'ok' },
  { text: 'deal lost Globex reason=competitor competitor=AlphaRival', expect: 'ok' },
  { text: 'deal move Globex lead', expect: 'ok' }, // reopen
  { text: 'deal contact 阿里巴巴 "Li Alpha" role=champion', expect: 'ok' },
  { text: 'deal set 阿里巴巴 owner=ari', expect: 'ok' },
  { text: 'deal tag 阿里巴巴 cn', expect: 'ok', as: { user: 'ari', role: 'rep' } },
  { text: 'deal set Globex industry=x', expect: 'FORBIDDEN', as: { user: 'ari', role: 'rep' } },
  { text: 'gates show', expect: 'ok' },
  { text: 'gates set qualified require amount close_date', expect: 'ok' },
  { text: 'stage list', expect: 'ok' },
  { text: 'stage add Demo after=lead', expect: 'ok' },
  { text: 'stage rename Demo "Demo Call"', expect: 'ok' },
  { text: 'stage move Demo after=opportunity', expect: 'ok' },
  { text: 'stage remove Demo', expect: 'ok' },
  { text: 'stage rename proposal Offer', expect: 'ok' },
  { text: 'role list', expect: 'ok' },
  { text: 'role set ari manager', expect: 'ok' },
  { text: 'funnel', expect: 'ok' },
  { text: 'funnel all by=owner', expect: 'ok' },
  { text: 'metrics all', expect: 'ok' },
  { text: 'metrics all by=industry', expect: 'ok' },
  { text: 'winloss all', expect: 'ok' },
  { text: 'competitors all', expect: 'ok' },
  { text: 'stale', expect: 'ok' },
  { text: 'stale owner=bob_secret', expect: 'ok', echoes: ['bob_secret'] },
  { text: 'stale mine', expect: 'ok' },
  { text: 'digest status', expect: 'ok' },
  { text: 'digest subscribe', expect: 'ok' },
  { text: 'digest unsubscribe', expect: 'ok' },
  { text: 'digest subscribe', expect: 'ok' },
  // A user id that is also a member of B: A's member changes, B's stays as it was.
  { text: 'role set bob_secret manager', expect: 'ok', echoes: ['bob_secret'], adopts: ['bob_secret'] },
  { text: 'role list', expect: 'ok' },
];

describe.each(backends)('workspace isolation on $name', (backend) => {
  let t: TestApp;
  let db: Database;
  const adopted: string[] = [];
  beforeAll(async () => {
    db = await backend.open();
    t = await testApp(db);
    const must = async (ws: string, user: string, role: Role, text: string, channel?: ChannelRef) => {
      const r = await run(ws, user, role, text, channel);
      expect(r.ok, `${ws} ${text} → ${r.code}: ${r.text}`).toBe(true);
    };
    // Workspace B: the same names, distinctive values everywhere.
    const b = (text: string, channel?: ChannelRef) => must(B, 'bella_mgr', 'admin', text, channel);
    await must(B, 'bob_secret', 'rep', 'help');
    await b('role set bob_secret rep');
    await b('stage rename proposal BSecretStage');
    await b('stage add BOnlyStage after=lead');
    for (const name of ['"Acme Corp"', 'Globex', '阿里巴巴', 'Initech', '"Zenith Secret Deal"']) {
      await b(
        `deal new ${name} 4242424 currency=EUR close=2027-12-24 industry=b-secret-industry source=b-secret-source team=b-secret-team tags=bsecrettag owner=bob_secret`,
      );
      await b(`deal set ${name} notes="B-SECRET-NOTE"`);
      await b(`deal contact ${name} "Bella Secret" role=economic_buyer title="B-Chief"`);
      await b(`deal competitor ${name} SecretCompetitorB`);
    }
    await b('deal move "Acme Corp" BSecretStage');
    await b('deal won Globex 3131313');
    await b('deal lost 阿里巴巴 reason=other note="B-LOST-NOTE"');
    await b('gates set negotiation require amount notes champion');
    await b('deal move "Acme Corp" negotiation --override "B-OVERRIDE-REASON"');
    await b('digest subscribe', CHANNEL_B);
    // Workspace A: same deal names, plain values.
    const a = (text: string) => must(A, 'ann', 'admin', text);
    await must(A, 'ari', 'rep', 'help');
    await a('deal new "Acme Corp" 1000 industry=software source=referral');
    await a('deal new Globex 2000 industry=retail source=web');
    await a('deal contact Globex "Gary Alpha" role=user');
    await a('deal new 阿里巴巴 3000');
  });
  afterAll(() => t.close());

  function run(ws: string, user: string, role: Role, text: string, channel?: ChannelRef): Promise<Reply> {
    const identity: Identity = { workspaceId: ws, workspaceName: ws, userId: user, role, ...(channel && { channel }) };
    return t.app.run(identity, text);
  }

  it('starts from two workspaces that share deal names', async () => {
    const names = async (ws: string) => {
      const r = await run(ws, 'ann', 'admin', 'deal list all');
      return (r.data as { deals: { name: string }[] }).deals.map((d) => d.name).sort();
    };
    expect(await names(A)).toEqual(['Acme Corp', 'Globex', '阿里巴巴'].sort());
    expect(await names(B)).toEqual(['Acme Corp', 'Globex', 'Initech', 'Zenith Secret Deal', '阿里巴巴'].sort());
    // The snapshot really holds B's values (so "unchanged" below means something).
    const b = await snapshot(db, B);
    for (const part of ['deals', 'contacts', 'events', 'pipeline', 'members', 'workspace'] as const) expect(b[part]).not.toBe('[]');
    expect(b.deals).toContain('B-SECRET-NOTE');
    expect(b.events).toContain('B-OVERRIDE-REASON');
    expect(b.workspace).toContain('C-BSECRET');
  });

  it.each(steps)('A: $text → $expect; B untouched, nothing of B in the reply', async (step) => {
    const beforeB = await snapshot(db, B);
    const beforeA = await snapshot(db, A);
    const who = step.as ?? { user: 'ann', role: 'admin' as const };
    const reply = await run(A, who.user, who.role, step.text, CHANNEL_A);
    expect(reply.ok ? 'ok' : reply.code, reply.text).toBe(step.expect);

    expect(await snapshot(db, B)).toEqual(beforeB);

    const json = JSON.stringify(reply).toLowerCase();
    const allowed = new Set([...(step.echoes ?? []), ...adopted]);
    for (const marker of B_MARKERS.filter((m) => !allowed.has(m))) {
      expect(json.includes(marker.toLowerCase()), `reply to "${step.text}" contains B's "${marker}": ${reply.text}`).toBe(false);
    }
    adopted.push(...(step.adopts ?? []));

    // A's changes happen in A (a sanity check that the command did run somewhere).
    const afterA = await snapshot(db, A);
    if (reply.ok && /^(deal (new|move|set|contact|competitor|tag|won|lost)|gates set|stage (add|rename|remove|move)|role set|digest (un)?subscribe)\b/.test(step.text)) {
      expect(afterA).not.toEqual(beforeA);
    }
  });

  it("ends with B's data exactly as B left it, and B still sees only its own values", async () => {
    const show = await run(B, 'bella_mgr', 'admin', 'deal show "Acme Corp"');
    const deal = (show.data as { deal: Record<string, unknown> }).deal;
    expect(deal).toMatchObject({ amount: 4242424, owner: 'bob_secret', industry: 'b-secret-industry', stage: 'negotiation' });
    const json = JSON.stringify(await run(B, 'bella_mgr', 'admin', 'deal list all')).toLowerCase();
    for (const alpha of ['anna alpha', 'alpha note', 'alphatag', 'alpharival', 'alpha reason', '"owner":"ann"', 'c-alpha']) {
      expect(json.includes(alpha), alpha).toBe(false);
    }
    const members = (await run(B, 'bella_mgr', 'admin', 'role list')).data as { members: { userId: string; role: string }[] };
    expect(members.members.find((m) => m.userId === 'bob_secret')?.role).toBe('rep');
    const digest = (await run(B, 'bella_mgr', 'admin', 'digest status')).data as { channels: ChannelRef[] };
    expect(digest.channels).toEqual([CHANNEL_B]);
  });
});
