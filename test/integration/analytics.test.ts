// Funnel analytics on a small fixed dataset whose every number is worked out by hand
// below (in the comments and the expected values), on PGlite and on PostgreSQL.
//
// Pipeline (default): lead 0, opportunity 1, qualified 2, proposal 3, negotiation 4, won 5.
// Day n = 2026-01-01 + n days, 10:00 UTC. "Now" = day 90 = 2026-04-01 10:00 UTC.
//
//  deal  owner team source    competitor   amount  history (day: stage)                                   now
//  A     alice east referral  Zoho         10000   0 lead, 2 opp, 5 qual, 10 prop, 15 neg, 20 won           won
//  B     bob   east referral  Salesforce   30000   1 lead, 3 opp, 8 qual, 30 won (skips prop + neg)         won
//  C     alice east outbound  —            —       2 lead, 4 lost (no_budget)                               lost
//  D     bob   east outbound  Salesforce   5000    3 lead, 5 opp, 9 lost (competitor)                        lost
//  E     carol west website   none         20000   4 lead, 6 qual (skips opp), 10 prop, 12 qual (back),
//                                                  14 prop, 25 lost (price)                                  lost
//  F     carol west website   HubSpot      40000   5 lead, 6 opp, 9 qual, 12 prop, 16 neg, 20 lost,
//                                                  40 neg (reopened), 50 won                                 won
//  G     alice east event     HubSpot      8000    10 lead, 12 opp                                           open
//  H     bob   east event     Zoho         50000   20 lead, 22 opp, 24 qual, 30 prop                         open
//  I     alice east referral  Zoho         15000   -12 lead, -5 opp, 5 qual, 15 won (created in 2025)       won
//  J     carol west referral  —            —       60 lead                                                   open
//  L     alice east outbound  —            —       80 lead, 85 lost (timing)                                 lost
//  M     bob   east event     —            —       created 2026-04-01 08:00, lead                            open
//  K     (workspace w2) 999999, lead → won: never counted in w1.
//
// Contacts (day added): A decision maker 1; B economic buyer 4; D champion 4; E decision
// maker 20 (after it reached Qualified); F decision maker 7; H decision maker 23; I decision maker -10.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/connect.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/db.js';

type Data = Record<string, any>;
const data = (r: { data?: Data }) => r.data as Data;

const DAY = 86_400_000;
const day = (n: number, hour = 10) => new Date(Date.UTC(2026, 0, 1, hour) + n * DAY);
const NOW = day(90);

interface SeedDeal {
  name: string;
  owner?: string;
  team?: string;
  source?: string;
  industry?: string;
  amount?: number;
  competitors?: string[];
  noCompetitor?: boolean;
  tags?: string[];
  lostReason?: string;
  /** [stage, at] in order; the first is the creation. */
  history: [string, Date][];
  contacts?: [string, Date][];
}

async function seed(db: Database, workspaceId: string, deals: SeedDeal[]): Promise<void> {
  for (const d of deals) {
    const first = d.history[0] as [string, Date];
    const last = d.history[d.history.length - 1] as [string, Date];
    const row = await db.prisma.deal.create({
      data: {
        workspaceId,
        name: d.name,
        nameKey: d.name.toLowerCase(),
        owner: d.owner ?? 'alice',
        stage: last[0],
        stageEnteredAt: last[1],
        amount: d.amount ?? null,
        industry: d.industry ?? null,
        source: d.source ?? null,
        team: d.team ?? null,
        competitors: d.competitors ?? [],
        noCompetitor: d.noCompetitor ?? false,
        tags: d.tags ?? [],
        lostReason: d.lostReason ?? null,
        createdAt: first[1],
        updatedAt: last[1],
      },
    });
    let from: string | null = null;
    for (const [to, at] of d.history) {
      await db.prisma.stageEvent.create({ data: { workspaceId, dealId: row.id, fromStage: from, toStage: to, at, by: d.owner ?? 'alice' } });
      from = to;
    }
    for (const [i, [role, at]] of (d.contacts ?? []).entries()) {
      await db.prisma.contact.create({ data: { dealId: row.id, name: `${d.name} contact ${i}`, role, createdAt: at } });
    }
  }
}

const W1: SeedDeal[] = [
  {
    name: 'A', owner: 'alice', team: 'east', source: 'referral', competitors: ['Zoho'], amount: 10000,
    history: [['lead', day(0)], ['opportunity', day(2)], ['qualified', day(5)], ['proposal', day(10)], ['negotiation', day(15)], ['won', day(20)]],
    contacts: [['decision_maker', day(1)]],
  },
  {
    name: 'B', owner: 'bob', team: 'east', source: 'referral', competitors: ['Salesforce'], amount: 30000,
    history: [['lead', day(1)], ['opportunity', day(3)], ['qualified', day(8)], ['won', day(30)]],
    contacts: [['economic_buyer', day(4)]],
  },
  {
    name: 'C', owner: 'alice', team: 'east', source: 'outbound', lostReason: 'no_budget',
    history: [['lead', day(2)], ['lost', day(4)]],
  },
  {
    name: 'D', owner: 'bob', team: 'east', source: 'outbound', competitors: ['Salesforce'], amount: 5000, lostReason: 'competitor',
    history: [['lead', day(3)], ['opportunity', day(5)], ['lost', day(9)]],
    contacts: [['champion', day(4)]],
  },
  {
    name: 'E', owner: 'carol', team: 'west', source: 'website', noCompetitor: true, amount: 20000, lostReason: 'price',
    history: [['lead', day(4)], ['qualified', day(6)], ['proposal', day(10)], ['qualified', day(12)], ['proposal', day(14)], ['lost', day(25)]],
    contacts: [['decision_maker', day(20)]],
  },
  {
    name: 'F', owner: 'carol', team: 'west', source: 'website', competitors: ['HubSpot'], amount: 40000,
    history: [
      ['lead', day(5)], ['opportunity', day(6)], ['qualified', day(9)], ['proposal', day(12)], ['negotiation', day(16)],
      ['lost', day(20)], ['negotiation', day(40)], ['won', day(50)],
    ],
    contacts: [['decision_maker', day(7)]],
  },
  {
    name: 'G', owner: 'alice', team: 'east', source: 'event', competitors: ['HubSpot'], amount: 8000,
    history: [['lead', day(10)], ['opportunity', day(12)]],
  },
  {
    name: 'H', owner: 'bob', team: 'east', source: 'event', competitors: ['Zoho'], amount: 50000,
    history: [['lead', day(20)], ['opportunity', day(22)], ['qualified', day(24)], ['proposal', day(30)]],
    contacts: [['decision_maker', day(23)]],
  },
  {
    name: 'I', owner: 'alice', team: 'east', source: 'referral', competitors: ['Zoho'], amount: 15000,
    history: [['lead', day(-12)], ['opportunity', day(-5)], ['qualified', day(5)], ['won', day(15)]],
    contacts: [['decision_maker', day(-10)]],
  },
  { name: 'J', owner: 'carol', team: 'west', source: 'referral', history: [['lead', day(60)]] },
  {
    name: 'L', owner: 'alice', team: 'east', source: 'outbound', lostReason: 'timing',
    history: [['lead', day(80)], ['lost', day(85)]],
  },
  { name: 'M', owner: 'bob', team: 'east', source: 'event', history: [['lead', day(90, 8)]] },
];

const Q1 = '2026-01-01..2026-03-31';

function stage(funnel: Data, key: string): Data {
  return funnel.stages.find((s: Data) => s.stage === key);
}

describe.each(backends)('analytics on $name', (backend) => {
  let t: TestApp;
  let db: Database;

  beforeAll(async () => {
    db = await backend.open();
    t = await testApp(db);
    t.clock.current = new Date(NOW);
    // Create the workspaces (and their default pipelines) through the app first.
    for (const ws of ['w1', 'w2', 'w3', 'w4']) expect((await t.run('stage list', { ws })).ok).toBe(true);
    await seed(db, 'w1', W1);
    await seed(db, 'w2', [{ name: 'K', amount: 999999, source: 'referral', competitors: ['Zoho'], history: [['lead', day(0)], ['won', day(10)]] }]);
    // w3: everything lost.
    await seed(db, 'w3', [
      { name: 'X', amount: 7000, source: 'web', history: [['lead', day(1)], ['opportunity', day(2)], ['qualified', day(3)], ['lost', day(4)]], lostReason: 'price' },
      { name: 'Y', source: 'web', history: [['lead', day(1)], ['lost', day(3)]], lostReason: 'timing' },
    ]);
  });
  afterAll(() => t.close());

  it('funnel, cohort view: reached, conversion, lost and open per stage, median days', async () => {
    const r = await t.run(`funnel ${Q1}`);
    expect(r.ok).toBe(true);
    const f = data(r).funnel;
    expect(data(r).view).toBe('cohort');
    expect(data(r).period).toMatchObject({ from: '2026-01-01', to: '2026-03-31', timezone: 'UTC', start: '2026-01-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' });
    // Cohort: A B C D E F G H J L (I was created in 2025, M in April, K elsewhere).
    expect(f.deals).toBe(10);
    // Furthest rank: A B F won (5); C L 0; D 1; E 3 (skipped opportunity, moved back, lost); G 1; H 3; J 0.
    expect(f.stages.map((s: Data) => s.reached)).toEqual([10, 7, 5, 5, 3]);
    expect(f.won).toBe(3);
    expect(f.lost).toBe(4);
    expect(f.stages.map((s: Data) => s.lost)).toEqual([2, 1, 0, 1, 0]);
    expect(f.stages.map((s: Data) => s.open)).toEqual([1, 1, 0, 1, 0]);
    expect(stage(f, 'lead').conversion).toBeCloseTo(7 / 10, 10);
    expect(stage(f, 'opportunity').conversion).toBeCloseTo(5 / 7, 10);
    expect(stage(f, 'qualified').conversion).toBe(1);
    expect(stage(f, 'proposal').conversion).toBeCloseTo(3 / 5, 10);
    expect(stage(f, 'negotiation').conversion).toBe(1);
    expect(stage(f, 'negotiation').next).toBe('won');
    expect(stage(f, 'lead').dropOff).toBeCloseTo(2 / 10, 10);
    expect(f.winRate).toBeCloseTo(3 / 10, 10);
    // Completed stays of the cohort's deals, in days:
    // lead  A2 B2 C2 D2 E2 F1 G2 H2 L5       → median 2
    // opp   A3 B5 D4 F3 H2                   → median 3
    // qual  A5 B22 E4 E2 F3 H6               → median 4.5
    // prop  A5 E2 E11 F4                     → median 4.5
    // neg   A5 F4 F10                        → median 5
    expect(f.stages.map((s: Data) => s.medianDays)).toEqual([2, 3, 4.5, 4.5, 5]);
    expect(f.stages.map((s: Data) => s.stays)).toEqual([9, 5, 6, 4, 3]);
    expect(r.text).toContain('Funnel, cohort view');
    expect(r.text).toMatch(/Opportunity\s+7\s+71%/);
  });

  it('funnel, activity view: first entries, standing wins and losses in the period', async () => {
    const r = await t.run(`funnel ${Q1} view=activity`);
    const f = data(r).funnel;
    // Entered for the first time in Q1: lead = created in Q1 (10); opportunity A B D E(skip) F G H (7);
    // qualified A B E F H I (6); proposal A B(skip) E F H I(skip) (6); negotiation A B F I (4).
    expect(f.stages.map((s: Data) => s.reached)).toEqual([10, 7, 6, 6, 4]);
    // Standing wins in Q1: A B F I; standing losses: C L (lead), D (opportunity), E (proposal).
    expect(f.won).toBe(4);
    expect(f.stages.map((s: Data) => s.lost)).toEqual([2, 1, 0, 1, 0]);
    expect(f.stages.every((s: Data) => s.open === null)).toBe(true);
    expect(stage(f, 'qualified').conversion).toBe(1);
    expect(stage(f, 'opportunity').conversion).toBeCloseTo(6 / 7, 10);
    expect(f.winRate).toBeNull();
    // Stays that ended in Q1 add I's opportunity (10) and qualified (10) stays.
    expect(stage(f, 'opportunity').medianDays).toBe(3.5);
    expect(stage(f, 'qualified').medianDays).toBe(5);
    expect(r.text).toContain('activity view');
  });

  it('metrics, cohort view: the eight metrics by hand', async () => {
    const r = await t.run(`metrics ${Q1}`);
    expect(r.ok).toBe(true);
    const m = data(r).metrics;
    expect(m.leadToOpportunity).toBeCloseTo(0.7, 10);
    expect(m.opportunityToQualified).toBeCloseTo(5 / 7, 10);
    expect(m.leadToQualified).toBeCloseTo(0.5, 10);
    // Closed after reaching Qualified: A B F won, E lost (C D L never got there).
    expect(m.qualifiedWinRate).toBeCloseTo(0.75, 10);
    // Created → won: A 20, B 29, F 45 days (F's reopen counts once, at its standing win).
    expect(m.salesCycleDays.n).toBe(3);
    expect(m.salesCycleDays.median).toBeCloseTo(29, 6);
    expect(m.salesCycleDays.mean).toBeCloseTo(94 / 3, 6);
    expect(m.salesCycleDays.p75).toBeCloseTo(37, 6); // type 7: 29 + 0.5 × (45 − 29)
    expect(m.qualifiedPerWin).toBeCloseTo(5 / 3, 10);
    expect(m.averageDealSize).toEqual({ mean: expect.closeTo(80000 / 3, 6), median: 30000, n: 3, total: 80000 });
    // Open now in w1: J and M (lead, no amount), G (opportunity 8000), H (proposal 50000).
    // All-time win rate of closed deals that reached each stage (A B F I won; C D E L lost):
    // lead 4/8, opportunity 4/6 (D E), qualified 4/5 (E), proposal 4/5 (E), negotiation 4/4.
    expect(m.pipelineValueByStage).toEqual([
      { stage: 'lead', name: 'Lead', count: 2, value: 0, winRate: 0.5, weighted: 0, unpriced: 2 },
      { stage: 'opportunity', name: 'Opportunity', count: 1, value: 8000, winRate: expect.closeTo(4 / 6, 10), weighted: expect.closeTo(8000 * 4 / 6, 6), unpriced: 0 },
      { stage: 'qualified', name: 'Qualified', count: 0, value: 0, winRate: 0.8, weighted: 0, unpriced: 0 },
      { stage: 'proposal', name: 'Proposal', count: 1, value: 50000, winRate: 0.8, weighted: 40000, unpriced: 0 },
      { stage: 'negotiation', name: 'Negotiation', count: 0, value: 0, winRate: 1, weighted: 0, unpriced: 0 },
    ]);
    const c = data(r).counts;
    expect(c).toMatchObject({ leads: 10, opportunities: 7, qualified: 5, won: 3, lost: 4, qualifiedClosed: 4, pipelineCount: 4, pipelineValue: 58000 });
    expect(c.pipelineWeighted).toBeCloseTo(8000 * 4 / 6 + 40000, 6);
    expect(c.qualifiedWinRateLow).toBeLessThan(0.75);
    expect(c.qualifiedWinRateHigh).toBeGreaterThan(0.75);
    expect(r.text).toContain('4. Qualified win rate');
  });

  it('metrics, activity view', async () => {
    const m = data(await t.run(`metrics ${Q1} activity`)).metrics;
    expect(m.leadToOpportunity).toBeCloseTo(7 / 10, 10);
    expect(m.opportunityToQualified).toBeCloseTo(6 / 7, 10);
    expect(m.leadToQualified).toBeCloseTo(6 / 10, 10);
    // Closed in Q1 after Qualified: A B F I won, E lost.
    expect(m.qualifiedWinRate).toBeCloseTo(4 / 5, 10);
    // Won in Q1: A 20, I 27, B 29, F 45 days.
    expect(m.salesCycleDays).toEqual({ median: expect.closeTo(28, 6), mean: expect.closeTo(30.25, 6), p75: expect.closeTo(33, 6), n: 4 });
    expect(m.qualifiedPerWin).toBeCloseTo(6 / 4, 10);
    expect(m.averageDealSize).toEqual({ mean: 23750, median: 22500, n: 4, total: 95000 });
  });

  it('metrics by=source: the same metrics per segment', async () => {
    const r = await t.run(`metrics ${Q1} by=source`);
    const segs: Data[] = data(r).segments;
    const by = (v: string) => segs.find((s) => s.value === v) as Data;
    expect(segs.map((s) => s.value).sort()).toEqual(['event', 'outbound', 'referral', 'website']);
    expect(by('referral').counts).toMatchObject({ leads: 3, opportunities: 2, qualified: 2, won: 2 });
    expect(by('referral').metrics.qualifiedWinRate).toBe(1);
    expect(by('outbound').counts).toMatchObject({ leads: 3, opportunities: 1, qualified: 0, won: 0, lost: 3 });
    expect(by('outbound').metrics.qualifiedWinRate).toBeNull();
    expect(by('website').metrics.leadToOpportunity).toBe(1); // E skipped opportunity: still passed it
    expect(by('website').metrics.qualifiedWinRate).toBeCloseTo(0.5, 10);
    expect(by('event').metrics.leadToQualified).toBeCloseTo(0.5, 10);
    // Pipeline per segment: event holds G, H and M.
    expect(by('event').counts.pipelineValue).toBe(58000);
    expect(data(r).metrics.leadToOpportunity).toBeCloseTo(0.7, 10);
    expect(r.text).toContain('By lead source:');
  });

  it('splits by a contact role reached before a stage', async () => {
    const r = await t.run(`funnel ${Q1} by=dm-or-eb-before-qualified`);
    const segs: Data[] = data(r).segments;
    // yes: A (DM day 1 < qualified day 5), B (EB 4 < 8), F (7 < 9), H (23 < 24).
    // no: E (DM only after Qualified), C D G J L (no DM/EB at all).
    expect(segs.map((s) => [s.value, s.funnel.deals, s.funnel.won])).toEqual([
      ['yes', 4, 3],
      ['no', 6, 0],
    ]);
    const dm = data(await t.run(`funnel ${Q1} by=dm-before-qualified`)).segments as Data[];
    expect(dm.map((s) => [s.value, s.funnel.deals])).toEqual([
      ['yes', 3],
      ['no', 7],
    ]); // B's economic buyer is not a decision maker
    const unknown = await t.run('funnel by=dm-before-nowhere');
    expect(unknown.code).toBe('STAGE_NOT_FOUND');
  });

  it('winloss: won/closed per value, role factor, and "not enough data" below the minimum sample', async () => {
    const r = await t.run('winloss');
    expect(r.ok).toBe(true);
    const d = data(r);
    // All closed deals of w1: A B F I won; C D E L lost.
    expect(d.population).toEqual({ won: 4, lost: 4, closed: 8, winRate: 0.5 });
    expect(d.from).toBe('lead');
    const f = (dim: string, value: string | null) => d.factors.find((x: Data) => x.dimension === dim && x.value === value) as Data;
    expect(f('dm_or_eb-before-qualified', 'yes')).toMatchObject({ won: 4, closed: 4, status: 'notEnoughData', p: null, q: null });
    expect(f('dm_or_eb-before-qualified', 'no')).toMatchObject({ won: 0, closed: 4 });
    expect(f('source', 'referral')).toMatchObject({ won: 3, closed: 3, restWon: 1, restClosed: 5 });
    // Competitor: a deal with none recorded (C, L) is left out of "the rest".
    expect(f('competitor', 'salesforce')).toMatchObject({ won: 1, closed: 2, restWon: 3, restClosed: 4 });
    expect(f('competitor', null)).toMatchObject({ closed: 2, status: 'notRecorded' });
    expect(d.tested).toBe(0);
    expect(d.coaching).toEqual([]);
    expect(r.text).toContain('Not enough data yet');

    const q = data(await t.run('winloss from=qualified'));
    // Reached Qualified and closed: A B F I won, E lost.
    expect(q.population).toEqual({ won: 4, lost: 1, closed: 5, winRate: 0.8 });
    const qf = (dim: string, value: string | null) => q.factors.find((x: Data) => x.dimension === dim && x.value === value) as Data;
    expect(qf('competitor', 'zoho')).toMatchObject({ won: 2, closed: 2 }); // A, I
    expect(qf('competitor', 'none')).toMatchObject({ won: 0, closed: 1 }); // E
    expect((await t.run('winloss from=lost')).code).toBe('STAGE_NOT_FOUND');
  });

  it('winloss over a period: the cohort created in it, or (activity) the deals closed in it', async () => {
    const byValue = (d: Data) =>
      Object.fromEntries((d.factors as Data[]).map((x) => [`${x.dimension}=${x.value}`, `${x.won}/${x.closed}`]));
    // Created in Q1 and closed: A B F won, C D E L lost (I was created in 2025).
    const cohort = data(await t.run(`winloss ${Q1}`));
    expect(cohort.population).toMatchObject({ won: 3, lost: 4 });
    expect(byValue(cohort)).toMatchObject({
      'competitor=zoho': '1/1',
      'competitor=salesforce': '1/2',
      'competitor=hubspot': '1/1',
      'competitor=none': '0/1',
      'competitor=null': '0/2',
      'owner=alice': '1/3',
      'dm_or_eb-before-qualified=yes': '3/3',
    });
    // Closed in Q1 (standing win or loss): the same plus I, won on day 15.
    const activity = data(await t.run(`winloss ${Q1} view=activity`));
    expect(activity.population).toMatchObject({ won: 4, lost: 4 });
    expect(byValue(activity)).toMatchObject({ 'competitor=zoho': '2/2', 'owner=alice': '2/4' });
    // Reached Qualified among those: A B F I won, E lost.
    const qualified = data(await t.run(`winloss ${Q1} view=activity from=qualified by=competitor`));
    expect(qualified.population).toMatchObject({ won: 4, lost: 1 });
    expect(byValue(qualified)).toMatchObject({ 'competitor=zoho': '2/2', 'competitor=none': '0/1' });
  });

  it('competitors: deals, outcomes and value per competitor', async () => {
    const r = await t.run('competitors');
    const rows: Data[] = data(r).competitors;
    const row = (v: string | null) => rows.find((x) => x.value === v) as Data;
    expect(row('zoho')).toMatchObject({ label: 'Zoho', deals: 3, open: 1, won: 2, lost: 0, wonValue: 25000, lostValue: 0, winRate: 1 });
    expect(row('salesforce')).toMatchObject({ deals: 2, open: 0, won: 1, lost: 1, lostToCompetitor: 1, wonValue: 30000, lostValue: 5000, winRate: 0.5 });
    expect(row('hubspot')).toMatchObject({ deals: 2, open: 1, won: 1, lost: 0, wonValue: 40000 });
    expect(row('none')).toMatchObject({ label: 'none (recorded)', deals: 1, won: 0, lost: 1, lostValue: 20000 });
    expect(row(null)).toMatchObject({ deals: 4, open: 2, lost: 2 });
    expect(row('zoho').low).toBeGreaterThan(0.3); // Wilson for 2/2
    expect(r.text).toContain('Salesforce');
    // Cohort Q1: I (Zoho, created 2025) drops out.
    const q1 = data(await t.run(`competitors ${Q1}`)).competitors as Data[];
    expect(q1.find((x) => x.value === 'zoho')).toMatchObject({ deals: 2, won: 1 });
  });

  it('stale: open deals past the 75th percentile of past stays in their stage', async () => {
    const r = await t.run('stale');
    const d = data(r);
    // All completed stays of w1 (I's included): lead [1 2 2 2 2 2 2 2 5 7] → p75 2;
    // opportunity [2 3 3 4 5 10] → p75 4.75; qualified [2 3 4 5 6 10 22] → p75 8;
    // proposal (4 stays) and negotiation (3 stays): fewer than 5 → default 30 days.
    expect(d.limits.map((l: Data) => [l.stage, l.days, l.basis, l.n])).toEqual([
      ['lead', 2, 'p75', 10],
      ['opportunity', 4.75, 'p75', 6],
      ['qualified', 8, 'p75', 7],
      ['proposal', 30, 'default', 4],
      ['negotiation', 30, 'default', 3],
    ]);
    // G 78 days in opportunity (÷ 4.75), J 30 days in lead (÷ 2), H 60 days in proposal (÷ 30); M is 2 hours old.
    expect(d.deals.map((x: Data) => [x.name, x.owner, x.stage, Math.round(x.days)])).toEqual([
      ['G', 'alice', 'opportunity', 78],
      ['J', 'carol', 'lead', 30],
      ['H', 'bob', 'proposal', 60],
    ]);
    expect(d.checked).toBe(4);
    expect(d.stale).toBe(3);
    const mine = data(await t.run('stale mine', { user: 'bob', role: 'rep' }));
    expect(mine.deals.map((x: Data) => x.name)).toEqual(['H']);
    expect(mine.checked).toBe(2);
    const limit = data(await t.run('stale days=70'));
    expect(limit.deals.map((x: Data) => x.name)).toEqual(['G']);
  });

  it('never counts another workspace, and handles an empty workspace and an empty period', async () => {
    const w2 = data(await t.run('metrics all', { ws: 'w2' }));
    expect(w2.counts).toMatchObject({ leads: 1, won: 1 });
    expect(w2.metrics.averageDealSize.total).toBe(999999);
    const all = data(await t.run('metrics all'));
    expect(all.counts.leads).toBe(12);
    expect(all.metrics.averageDealSize.total).toBe(95000);

    const empty = await t.run('metrics', { ws: 'w4' });
    expect(empty.ok).toBe(true);
    expect(data(empty).metrics).toMatchObject({
      leadToOpportunity: null,
      qualifiedWinRate: null,
      qualifiedPerWin: null,
      salesCycleDays: { median: null, mean: null, p75: null, n: 0 },
      averageDealSize: { mean: null, median: null, n: 0, total: 0 },
    });
    expect(data(empty).metrics.pipelineValueByStage.every((p: Data) => p.count === 0 && p.value === 0 && p.winRate === null)).toBe(true);
    const funnel = await t.run('funnel', { ws: 'w4' });
    expect(funnel.text).toContain('No deals were created');
    expect((await t.run('winloss', { ws: 'w4' })).text).toContain('Not enough data');
    expect((await t.run('competitors', { ws: 'w4' })).ok).toBe(true);
    expect(data(await t.run('stale', { ws: 'w4' }))).toMatchObject({ checked: 0, stale: 0, deals: [] });

    const quiet = await t.run('funnel 2025-06 view=activity');
    expect(data(quiet).funnel.stages.every((s: Data) => s.reached === 0)).toBe(true);
    expect(quiet.text).toContain('Nothing moved');
  });

  it('counts a deal once per competitor or tag, however often and in whatever case it is listed', async () => {
    const ws = 'multi';
    expect((await t.run('stage list', { ws })).ok).toBe(true);
    await seed(db, ws, [
      // P lists Zoho twice (different case and spacing) and HubSpot; tags VIP twice.
      { name: 'P', team: 'East', amount: 1000, competitors: ['Zoho', ' zoho', 'HubSpot'], tags: ['VIP', 'vip'], history: [['lead', day(1)], ['opportunity', day(2)], ['won', day(5)]] },
      { name: 'Q', team: ' east', amount: 2000, competitors: ['ZOHO'], tags: ['vip'], history: [['lead', day(1)], ['lost', day(3)]], lostReason: 'price' },
      { name: 'R', amount: 4000, history: [['lead', day(1)]] },
      { name: 'S', amount: 8000, history: [['lead', day(1)], ['lost', day(2)]], lostReason: 'timing' },
    ]);
    // Rows written outside the app may hold NULL instead of an empty list: not recorded, like empty.
    await db.sql.query("UPDATE deal SET competitors = NULL, tags = NULL WHERE workspace_id = $1 AND name = 'S'", [ws]);
    const comp = data(await t.run('competitors', { ws })).competitors as Data[];
    const zohoRow = comp.find((c) => c.value === 'zoho') as Data;
    expect(zohoRow).toMatchObject({ deals: 2, won: 1, lost: 1, wonValue: 1000, lostValue: 2000 });
    expect(['Zoho', 'zoho', 'ZOHO']).toContain(zohoRow.label); // one of the spellings as typed
    expect(comp.find((c) => c.value === 'hubspot')).toMatchObject({ deals: 1, won: 1, wonValue: 1000 });
    expect(comp.find((c) => c.value === null)).toMatchObject({ deals: 2, open: 1, lost: 1 });

    const f = data(await t.run('funnel all by=tag', { ws }));
    expect(f.funnel.deals).toBe(4); // the whole population counts each deal once
    expect((f.segments as Data[]).find((s) => s.value === null)?.funnel).toMatchObject({ deals: 2, lost: 1 });
    const vip = (f.segments as Data[]).find((s) => s.value === 'vip') as Data;
    expect(vip.funnel).toMatchObject({ deals: 2, won: 1, lost: 1 });
    expect(stage(vip.funnel, 'opportunity').reached).toBe(1);

    const m = data(await t.run('metrics all by=competitor', { ws }));
    const zoho = (m.segments as Data[]).find((s) => s.value === 'zoho') as Data;
    expect(zoho.counts).toMatchObject({ leads: 2, won: 1, lost: 1 });

    const w = data(await t.run('winloss by=tag', { ws }));
    expect(w.population).toMatchObject({ won: 1, lost: 2 });
    expect((w.factors as Data[]).find((x) => x.value === 'vip')).toMatchObject({ won: 1, closed: 2, restClosed: 0 });
    expect((w.factors as Data[]).find((x) => x.value === null)).toMatchObject({ won: 0, closed: 1 });
    // Free text in any case and spacing is one value (team East / east).
    const teams = data(await t.run('winloss by=team', { ws })).factors as Data[];
    expect(teams.filter((x) => x.value === 'east')).toEqual([expect.objectContaining({ won: 1, closed: 2 })]);
    const comps = data(await t.run('winloss', { ws })).factors as Data[];
    expect(comps.filter((x) => x.dimension === 'competitor' && x.value === 'zoho')).toEqual([expect.objectContaining({ won: 1, closed: 2 })]);
  });

  it('all lost: win rate 0, no cycle, no deal size, no qualified per win', async () => {
    const m = data(await t.run('metrics all', { ws: 'w3' })).metrics;
    expect(m.qualifiedWinRate).toBe(0); // X lost after Qualified
    expect(m.leadToQualified).toBeCloseTo(0.5, 10);
    expect(m.qualifiedPerWin).toBeNull();
    expect(m.salesCycleDays.n).toBe(0);
    expect(m.averageDealSize.n).toBe(0);
  });

  it('follows a customised pipeline: added, renamed and reordered stages', async () => {
    const ws = 'custom';
    expect((await t.run('stage add discovery after=lead', { ws })).ok).toBe(true);
    expect((await t.run('stage rename qualified "Sales Qualified"', { ws })).ok).toBe(true);
    await seed(db, ws, [
      // lead 0, discovery 1, opportunity 2, qualified 3, proposal 4, negotiation 5, won 6
      { name: 'P', history: [['lead', day(1)], ['discovery', day(2)], ['qualified', day(4)], ['won', day(9)]] },
      { name: 'Q', history: [['lead', day(1)], ['discovery', day(3)], ['lost', day(5)]] },
      { name: 'R', history: [['lead', day(2)]] },
    ]);
    const f = data(await t.run(`funnel ${Q1}`, { ws })).funnel;
    expect(f.stages.map((s: Data) => [s.stage, s.reached])).toEqual([
      ['lead', 3],
      ['discovery', 2],
      ['opportunity', 1],
      ['qualified', 1],
      ['proposal', 1],
      ['negotiation', 1],
    ]);
    expect(stage(f, 'qualified').name).toBe('Sales Qualified');
    const m = data(await t.run(`metrics ${Q1}`, { ws }));
    expect(m.anchors).toEqual({ lead: 'lead', opportunity: 'opportunity', qualified: 'qualified' });
    expect(m.metrics.leadToOpportunity).toBeCloseTo(1 / 3, 10);
    // Reorder: discovery after opportunity. Q (lead → discovery → lost) now reached the
    // second rank only through discovery, and P passed opportunity and discovery.
    expect((await t.run('stage move discovery after=opportunity', { ws })).ok).toBe(true);
    const g = data(await t.run(`funnel ${Q1}`, { ws })).funnel;
    expect(g.stages.map((s: Data) => [s.stage, s.reached])).toEqual([
      ['lead', 3],
      ['opportunity', 2],
      ['discovery', 2],
      ['qualified', 1],
      ['proposal', 1],
      ['negotiation', 1],
    ]);
  });

  it('uses the workspace time zone for period boundaries', async () => {
    const ws = 'tz';
    await db.prisma.workspace.create({ data: { id: ws, name: ws, timezone: 'Asia/Shanghai' } });
    expect((await t.run('stage list', { ws })).ok).toBe(true);
    await seed(db, ws, [
      // 2026-01-01 01:00 in Shanghai: inside Q1 there, outside in UTC.
      { name: 'early', history: [['lead', new Date('2025-12-31T17:00:00Z')]] },
      // 2026-04-01 01:00 in Shanghai: after Q1 there.
      { name: 'late', history: [['lead', new Date('2026-03-31T17:00:00Z')]] },
    ]);
    const r = data(await t.run(`funnel ${Q1}`, { ws }));
    expect(r.period).toMatchObject({ timezone: 'Asia/Shanghai', start: '2025-12-31T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z' });
    expect(r.funnel.deals).toBe(1);
    expect(data(await t.run('funnel 2026-Q1', { ws })).funnel.deals).toBe(1);
  });

  it('answers USAGE for a bad period or dimension', async () => {
    expect((await t.run('funnel montth')).code).toBe('USAGE');
    expect((await t.run('metrics by=colour')).code).toBe('USAGE');
    expect((await t.run('winloss by=ceo-before-qualified')).code).toBe('USAGE');
  });
});
