// The demo sample, end to end: the plan is deterministic, it replays through the real
// use cases (and so the stage gates) into a real PGlite database without a single
// failing step, and the stored data carries the patterns the analytics should find.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/connect.js';
import { localIdentity, openApp, type App, type Identity } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Deal, StageEvent } from '../../src/core/model.js';
import type { Reply } from '../../src/core/reply.js';
import { loadDemo } from '../../src/demo/load.js';
import { buildPlan, DEMO_DAYS, DEMO_SEED } from '../../src/demo/plan.js';

const NOW = new Date('2026-06-15T10:30:00Z');
const DAY = 86_400_000;
const LOAD_TIMEOUT = 600_000;

const OPEN_ORDER = ['lead', 'opportunity', 'qualified', 'proposal', 'negotiation'];
const CLOSED = new Set(['won', 'lost']);
/** Funnel rank: closed stages sit after every open one. */
function rank(stage: string): number {
  const i = OPEN_ORDER.indexOf(stage);
  return i >= 0 ? i : OPEN_ORDER.length;
}
const QUALIFIED = rank('qualified');

interface Rate {
  won: number;
  closed: number;
  rate: number;
}

function rate(deals: Deal[]): Rate {
  const closed = deals.filter((d) => CLOSED.has(d.stage));
  const won = closed.filter((d) => d.stage === 'won').length;
  return { won, closed: closed.length, rate: closed.length ? won / closed.length : 0 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

describe('demo plan', () => {
  it('is deterministic for the same now and seed, and differs for another seed', () => {
    const a = buildPlan(NOW, DEMO_SEED);
    const b = buildPlan(NOW, DEMO_SEED);
    expect(a).toEqual(b);
    expect(buildPlan(NOW, DEMO_SEED + 1)).not.toEqual(a);
    expect(buildPlan(new Date(NOW.getTime() + 7 * DAY), DEMO_SEED)).not.toEqual(a);
  });

  it('keeps every step in the window, in order, and by a member of the sample team', () => {
    const plan = buildPlan(NOW, DEMO_SEED);
    const users = new Map(plan.users.map((u) => [u.userId, u]));
    const names = new Set<string>();
    for (const deal of plan.deals) {
      expect(names.has(deal.name.toLowerCase())).toBe(false);
      names.add(deal.name.toLowerCase());
      expect(deal.steps[0]?.command.type).toBe('deal.new');
      expect(deal.steps[0]?.at).toEqual(deal.createdAt);
      let prev = 0;
      for (const step of deal.steps) {
        const t = step.at.getTime();
        expect(t).toBeGreaterThan(prev);
        expect(t).toBeLessThan(NOW.getTime());
        expect(t).toBeGreaterThanOrEqual(NOW.getTime() - (DEMO_DAYS + 1) * DAY);
        expect(users.get(step.userId)?.role).toBe(step.role);
        prev = t;
      }
    }
  });
});

describe('demo load (PGlite)', () => {
  let dir: string;
  let app: App | undefined; // stays undefined when opening fails, and afterAll still runs
  let identity: Identity;
  let reply: Reply;
  let loadMs: number;
  let deals: Deal[];
  const histories = new Map<string, StageEvent[]>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stagecoach-demo-'));
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    const opened = await openApp(config, { db, clock: { now: () => new Date(NOW) } });
    app = opened;
    identity = localIdentity(config);
    const started = performance.now();
    reply = await loadDemo(opened, identity);
    loadMs = performance.now() - started;
    console.log(`demo load: ${(loadMs / 1000).toFixed(1)} s`, reply.data);
    deals = await opened.store.listDeals(identity.workspaceId, {});
    for (const d of deals) histories.set(d.id, await opened.store.history(identity.workspaceId, d.id));
  }, LOAD_TIMEOUT);

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads without a failing step and reports the counts', () => {
    if (!reply.ok) throw new Error(reply.text);
    const data = reply.data as { deals: number; events: number; won: number; lost: number; open: number; reps: number; teams: number };
    expect(data.deals).toBe(deals.length);
    expect(deals.length).toBeGreaterThanOrEqual(250);
    expect(deals.length).toBeLessThanOrEqual(350);
    expect(data.won).toBeGreaterThan(20);
    expect(data.lost).toBeGreaterThan(data.won);
    expect(data.open).toBeGreaterThan(20);
    expect(data.won + data.lost + data.open).toBe(deals.length);
    expect(data.reps).toBeGreaterThanOrEqual(6);
    expect(data.reps).toBeLessThanOrEqual(8);
    expect(data.teams).toBeGreaterThanOrEqual(2);
    expect(data.teams).toBeLessThanOrEqual(3);
    const stored = [...histories.values()].reduce((n, h) => n + h.length, 0);
    expect(data.events).toBe(stored);
  });

  it('is the plan for the app clock and the default seed', () => {
    const plan = buildPlan(NOW, DEMO_SEED);
    expect(deals.map((d) => d.name).sort()).toEqual(plan.deals.map((d) => d.name).sort());
    const byName = new Map(plan.deals.map((d) => [d.name, d]));
    for (const d of deals) expect(d.stage).toBe(byName.get(d.name)?.finalStage);
  });

  it('refuses to load twice and writes nothing', async () => {
    const again = await loadDemo(app!, identity);
    expect(again.ok).toBe(false);
    expect(again.code).toBe('DUPLICATE');
    expect((await app!.store.listDeals(identity.workspaceId, {})).length).toBe(deals.length);
  });

  it('reports a plan step that the use cases refuse instead of skipping it', async () => {
    const at = (days: number) => new Date(NOW.getTime() - days * DAY);
    const plan = buildPlan(NOW, DEMO_SEED, { deals: 0 });
    plan.deals = [
      {
        name: 'Broken Co',
        owner: 'alice',
        team: 'east',
        createdAt: at(10),
        profile: { industry: 'retail', source: 'website', competitor: null, decisionMaker: 'never', blocker: false, winIfQualified: false },
        finalStage: 'qualified',
        steps: [
          { at: at(10), userId: 'alice', role: 'rep', command: { type: 'deal.new', name: 'Broken Co', fields: {} } },
          // Skips every gate: the use case must refuse it.
          { at: at(9), userId: 'alice', role: 'rep', command: { type: 'deal.move', name: 'Broken Co', stage: 'qualified' } },
        ],
      },
    ];
    const broken = await loadDemo(app!, { ...identity, workspaceId: 'broken-demo', workspaceName: 'Broken' }, { plan });
    expect(broken.ok).toBe(false);
    expect(broken.code).toBe('INTERNAL');
    expect(broken.text).toContain('Broken Co');
    expect(broken.text).toContain('GATE_BLOCKED');
    expect(broken.data?.failed).toBe(1);
  });

  it('has a consistent history for every deal', () => {
    for (const d of deals) {
      const events = histories.get(d.id) ?? [];
      expect(events.length).toBeGreaterThanOrEqual(1);
      expect(events[0]?.from).toBeNull();
      expect(events[0]?.to).toBe('lead');
      expect(events[0]?.at).toEqual(d.createdAt);
      for (let i = 1; i < events.length; i++) {
        const [prev, cur] = [events[i - 1] as StageEvent, events[i] as StageEvent];
        expect(cur.from).toBe(prev.to);
        expect(cur.at.getTime()).toBeGreaterThan(prev.at.getTime());
      }
      const last = events[events.length - 1] as StageEvent;
      expect(last.to).toBe(d.stage);
      expect(last.at).toEqual(d.stageEnteredAt);
      expect(last.at.getTime()).toBeLessThan(NOW.getTime());
      expect(d.createdAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - (DEMO_DAYS + 1) * DAY);
      expect(events.every((e) => !e.imported)).toBe(true);
    }
  });

  it('holds every kind of event and realistic deal data', async () => {
    const members = new Map((await app!.store.listMembers(identity.workspaceId)).map((m) => [m.userId, m.role]));
    const kinds = new Set<string>();
    for (const events of histories.values()) {
      for (const e of events) {
        if (e.from === null) kinds.add('created');
        else if (CLOSED.has(e.from)) kinds.add('reopen');
        else if (e.to === 'won') kinds.add('won');
        else if (e.to === 'lost') kinds.add('lost');
        else if (rank(e.to) > rank(e.from) + 1) kinds.add('skip');
        else if (rank(e.to) > rank(e.from)) kinds.add('forward');
        else kinds.add('back');
        if (e.overrideReason !== null) {
          kinds.add('override');
          expect(members.get(e.by)).toBe('manager');
        }
      }
    }
    expect([...kinds].sort()).toEqual(['back', 'created', 'forward', 'lost', 'override', 'reopen', 'skip', 'won']);

    // Every open stage holds some deals; every loss reason occurs; competitor losses name the winner.
    for (const stage of OPEN_ORDER) expect(deals.filter((d) => d.stage === stage).length).toBeGreaterThan(0);
    const lost = deals.filter((d) => d.stage === 'lost');
    for (const reason of ['price', 'competitor', 'no_decision', 'timing', 'no_budget']) {
      expect(lost.filter((d) => d.lostReason === reason).length).toBeGreaterThan(0);
    }
    for (const d of lost.filter((x) => x.lostReason === 'competitor')) expect(d.competitors.length).toBeGreaterThan(0);

    expect(new Set(deals.map((d) => d.industry).filter(Boolean)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(deals.map((d) => d.source).filter(Boolean)).size).toBe(5);
    expect(new Set(deals.flatMap((d) => d.competitors)).size).toBeGreaterThanOrEqual(3);
    expect(deals.some((d) => d.noCompetitor)).toBe(true);
    expect(new Set(deals.flatMap((d) => d.contacts.map((c) => c.role))).size).toBe(6);
    const amounts = deals.map((d) => d.amount).filter((a): a is number => a !== null);
    expect(Math.min(...amounts)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...amounts)).toBeLessThanOrEqual(200_000);
    expect(deals.every((d) => d.currency === 'USD')).toBe(true);
    expect(deals.some((d) => d.tags.length > 0)).toBe(true);
    expect(deals.filter((d) => rank(d.stage) >= QUALIFIED).every((d) => d.closeDate !== null || d.stage === 'lost')).toBe(true);
  });

  it('shows the decision-maker pattern: deals with a DM/EB before Qualified win far more often', () => {
    // The default gate lets a deal into Qualified only with a decision maker or economic
    // buyer (DM/EB) on record, unless a manager overrides it (the reason is in the history).
    // So among the closed deals that reached Qualified, "had a DM/EB before Qualified" is
    // "entered Qualified (or jumped past it) without an override".
    const before: Deal[] = [];
    const without: Deal[] = [];
    for (const d of deals) {
      if (!CLOSED.has(d.stage)) continue;
      const events = histories.get(d.id) ?? [];
      const entry = events.find((e) => e.from !== null && rank(e.from) < QUALIFIED && rank(e.to) >= QUALIFIED && e.to !== 'lost');
      if (!entry) continue;
      if (entry.overrideReason === null) {
        before.push(d);
        // Contacts are never removed, so the DM/EB that satisfied the gate is still there.
        expect(d.contacts.some((c) => c.role === 'decision_maker' || c.role === 'economic_buyer')).toBe(true);
      } else {
        without.push(d);
      }
    }
    const withDm = rate(before);
    const withoutDm = rate(without);
    console.log('win rate with DM/EB before Qualified', withDm, 'without', withoutDm);
    expect(withDm.closed).toBeGreaterThanOrEqual(40);
    expect(withoutDm.closed).toBeGreaterThanOrEqual(8);
    expect(withDm.rate).toBeGreaterThanOrEqual(0.4);
    expect(withoutDm.rate).toBeLessThanOrEqual(0.25);
    expect(withDm.rate - withoutDm.rate).toBeGreaterThanOrEqual(0.25);

    // Counting also the closed deals that never reached Qualified (all lost), a DM/EB on
    // record makes an even larger difference.
    const anyDm = deals.filter((d) => d.contacts.some((c) => c.role === 'decision_maker' || c.role === 'economic_buyer'));
    const noDm = deals.filter((d) => !anyDm.includes(d));
    expect(rate(anyDm).rate - rate(noDm).rate).toBeGreaterThanOrEqual(0.25);
  });

  it('shows the other baked-in patterns', () => {
    const bySource = (s: string) => rate(deals.filter((d) => d.source === s));
    expect(bySource('referral').rate).toBeGreaterThan(bySource('outbound').rate + 0.15);

    const against = (c: string) => rate(deals.filter((d) => d.competitors.includes(c)));
    expect(against('Zoho').rate).toBeGreaterThan(against('Salesforce').rate + 0.1);
    const lostTo = (c: string) => deals.filter((d) => d.lostReason === 'competitor' && d.competitors.includes(c)).length;
    expect(lostTo('Salesforce')).toBeGreaterThan(2 * lostTo('Zoho'));

    const owners = [...new Set(deals.map((d) => d.owner))];
    const best = owners.map((o) => ({ o, r: rate(deals.filter((d) => d.owner === o)).rate })).sort((a, b) => b.r - a.r);
    expect(best[0]?.o).toBe('carol');
    expect((best[0]?.r ?? 0) - (best[1]?.r ?? 0)).toBeGreaterThanOrEqual(0.05);

    // Days spent in Proposal (each stay that ended), by team.
    const stays = new Map<string, number[]>();
    for (const d of deals) {
      const events = histories.get(d.id) ?? [];
      for (let i = 0; i + 1 < events.length; i++) {
        const [e, next] = [events[i] as StageEvent, events[i + 1] as StageEvent];
        if (e.to !== 'proposal') continue;
        const list = stays.get(d.team ?? '') ?? [];
        list.push((next.at.getTime() - e.at.getTime()) / DAY);
        stays.set(d.team ?? '', list);
      }
    }
    const west = median(stays.get('west') ?? []);
    const others = median([...(stays.get('east') ?? []), ...(stays.get('enterprise') ?? [])]);
    expect(west).toBeGreaterThan(1.5 * others);
  });
});
