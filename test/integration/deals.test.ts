import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';

type Data = Record<string, any>;
const data = (r: { data?: Data }) => r.data as Data;

describe.each(backends)('deals and stage gates on $name', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(await backend.open());
  });
  afterAll(() => t.close());

  it('walks the foundation scenario: blocked move, fix, move, history', async () => {
    const created = await t.run('deal new "Acme Corp" 50000 industry=software source=referral');
    expect(created.ok).toBe(true);
    expect(data(created).deal.stage).toBe('lead');

    const blocked = await t.run('deal move "Acme Corp" qualified');
    expect(blocked.code).toBe('GATE_BLOCKED');
    // contact is missing too: a decision maker contact satisfies it below
    expect(data(blocked).missing.map((m: Data) => m.id).sort()).toEqual(['close_date', 'competitor', 'contact', 'decision_maker']);
    for (const m of data(blocked).missing) expect(m.hint.length).toBeGreaterThan(10);
    expect(data(await t.run('deal show "acme corp"')).deal.stage).toBe('lead');

    expect((await t.run('deal contact "Acme Corp" "Li Lei" role=decision_maker title="CTO"')).ok).toBe(true);
    expect((await t.run('deal competitor "Acme Corp" HubSpot')).ok).toBe(true);
    expect((await t.run('deal set "Acme Corp" close=2026-06-30')).ok).toBe(true);
    const moved = await t.run('deal move "Acme Corp" qualified');
    expect(moved.ok).toBe(true);
    expect(data(moved).deal.stage).toBe('qualified');

    const history = await t.run('deal history "Acme Corp"');
    expect(data(history).events.map((e: Data) => [e.from, e.to])).toEqual([
      [null, 'lead'],
      ['lead', 'qualified'],
    ]);
  });

  it('lists every missing requirement of every stage a jump passes', async () => {
    await t.run('deal new Jumper');
    const r = await t.run('deal won Jumper');
    expect(r.code).toBe('GATE_BLOCKED');
    expect(data(r).missing.map((m: Data) => m.id)).toEqual(['contact', 'industry', 'source', 'amount', 'decision_maker', 'competitor', 'close_date']);
    expect(data(r).stage).toBe('won');
  });

  it('understands Chinese names and stage aliases', async () => {
    expect((await t.run('deal new 阿里巴巴 5000')).ok).toBe(true);
    const r = await t.run('deal move 阿里巴巴 机会');
    expect(r.code).toBe('GATE_BLOCKED');
    expect(data(r).stage).toBe('opportunity');
    expect((await t.run('deal new 阿里巴巴')).code).toBe('DUPLICATE');
  });

  it('keeps names unique case-insensitively and suggests close names', async () => {
    await t.run('deal new "Globex Industries"');
    expect((await t.run('deal new "GLOBEX industries"')).code).toBe('DUPLICATE');
    const r = await t.run('deal show globx');
    expect(r.code).toBe('DEAL_NOT_FOUND');
    expect(data(r).suggestions).toContain('Globex Industries');
    expect((await t.run('deal move "Globex Industries" nowhere')).code).toBe('STAGE_NOT_FOUND');
  });

  it('gates a reopen from the furthest stage reached: Lead → Lost → Won needs every gate up to Won', async () => {
    const mona = { user: 'mona', role: 'manager' as const };
    await t.run('deal new Reopen', mona);
    expect((await t.run('deal lost Reopen reason=timing', mona)).ok).toBe(true);
    const won = await t.run('deal won Reopen', mona);
    expect(won.code).toBe('GATE_BLOCKED');
    expect(data(won).missing.map((m: Data) => m.id)).toEqual(['contact', 'industry', 'source', 'amount', 'decision_maker', 'competitor', 'close_date']);
    expect((await t.run('deal move Reopen won', mona)).code).toBe('GATE_BLOCKED');
    expect((await t.run('deal move Reopen qualified', mona)).code).toBe('GATE_BLOCKED');
    expect(data(await t.run('deal show Reopen')).deal.stage).toBe('lost');

    // The override still works for a manager, and its reason is recorded.
    const forced = await t.run('deal won Reopen 900 --override "signed on paper"', mona);
    expect(forced.ok).toBe(true);
    expect(data(forced).event).toMatchObject({ from: 'lost', to: 'won', overrideReason: 'signed on paper' });
    const events = data(await t.run('deal history Reopen')).events;
    expect(events.map((e: Data) => [e.to, e.overrideReason])).toEqual([['lead', null], ['lost', null], ['won', 'signed on paper']]);
  });

  it('reopens without new gates what had passed them before it closed', async () => {
    const mona = { user: 'mona', role: 'manager' as const };
    await t.run('deal new Passed 5000 industry=software source=web close=2026-09-30', mona);
    await t.run('deal contact Passed "Ann" role=decision_maker', mona);
    await t.run('deal competitor Passed none', mona);
    expect((await t.run('deal move Passed negotiation', mona)).ok).toBe(true);
    expect((await t.run('deal move Passed lead', mona)).ok).toBe(true);
    expect((await t.run('deal lost Passed reason=price', mona)).ok).toBe(true);
    const won = await t.run('deal won Passed', mona);
    expect(won.ok).toBe(true);
    expect(data(won).skipped).toEqual([]);
    expect(data(won).event.overrideReason).toBeNull();
  });

  it('moves back freely, records it, and lets only managers reopen closed deals', async () => {
    await t.run('deal new Initech 1000 industry=retail source=event', { user: 'rita', role: 'rep' });
    await t.run('deal contact Initech "Bill" role=user', { user: 'rita', role: 'rep' });
    expect((await t.run('deal move Initech opportunity', { user: 'rita', role: 'rep' })).ok).toBe(true);
    expect((await t.run('deal move Initech lead', { user: 'rita', role: 'rep' })).ok).toBe(true);
    const lost = await t.run('deal lost Initech reason=competitor', { user: 'rita', role: 'rep' });
    expect(lost.code).toBe('GATE_BLOCKED');
    expect(data(lost).missing.map((m: Data) => m.id)).toEqual(['lost_competitor']);
    expect((await t.run('deal lost Initech reason=competitor competitor=Zoho', { user: 'rita', role: 'rep' })).ok).toBe(true);
    expect((await t.run('deal move Initech opportunity', { user: 'rita', role: 'rep' })).code).toBe('FORBIDDEN');
    const reopened = await t.run('deal move Initech opportunity', { user: 'mona', role: 'manager' });
    expect(reopened.ok).toBe(true);
    expect(data(reopened).deal.lostReason).toBeNull();
    const events = data(await t.run('deal history Initech')).events.map((e: Data) => e.to);
    expect(events).toEqual(['lead', 'opportunity', 'lead', 'lost', 'opportunity']);
  });

  it('lets a manager override a gate with a reason, recorded in the history', async () => {
    await t.run('deal new Hooli', { user: 'rita', role: 'rep' });
    expect((await t.run('deal move Hooli opportunity --override "CEO intro"', { user: 'rita', role: 'rep' })).code).toBe('FORBIDDEN');
    const r = await t.run('deal move Hooli opportunity --override "CEO intro"', { user: 'mona', role: 'manager' });
    expect(r.ok).toBe(true);
    const last = data(await t.run('deal history Hooli')).events.at(-1);
    expect(last).toMatchObject({ from: 'lead', to: 'opportunity', by: 'mona', overrideReason: 'CEO intro' });
  });

  it("stops reps from changing another rep's deal, and writes nothing", async () => {
    await t.run('deal new Umbrella', { user: 'rita', role: 'rep' });
    const r = await t.run('deal set Umbrella industry=pharma', { user: 'sam', role: 'rep' });
    expect(r.code).toBe('FORBIDDEN');
    expect(data(await t.run('deal show Umbrella')).deal.industry).toBeNull();
  });

  it('never lets one workspace see another even when names collide', async () => {
    await t.run('deal new Shared 100', { ws: 'w2' });
    await t.run('deal new Shared 999', { ws: 'w3' });
    expect(data(await t.run('deal show Shared', { ws: 'w2' })).deal.amount).toBe(100);
    expect(data(await t.run('deal show Shared', { ws: 'w3' })).deal.amount).toBe(999);
    expect((await t.run('deal show Acme Corp', { ws: 'w2' })).code).toBe('DEAL_NOT_FOUND');
    const list = await t.run('deal list all', { ws: 'w2' });
    expect(data(list).deals.map((d: Data) => d.name)).toEqual(['Shared']);
  });

  it('keeps the time each contact got its role across later saves', async () => {
    await t.run('deal new Timed');
    await t.run('deal contact Timed "Early" role=champion');
    const first = t.clock.now().toISOString();
    t.clock.advanceDays(3);
    await t.run('deal contact Timed "Late" role=user');
    t.clock.advanceDays(3);
    await t.run('deal set Timed industry=retail');
    await t.run('deal contact Timed "Late" role=decision_maker');
    const contacts = data(await t.run('deal show Timed')).deal.contacts;
    expect(contacts.find((c: Data) => c.name === 'Early').addedAt).toBe(first);
    expect(contacts.find((c: Data) => c.name === 'Late').addedAt).toBe(t.clock.now().toISOString());
  });

  it('loses no write when many edits race on one deal', async () => {
    await t.run('deal new Racer 100 industry=x source=y');
    await t.run('deal contact Racer "First" role=champion');
    const people = Array.from({ length: 12 }, (_, i) => `Person ${i}`);
    const replies = await Promise.all([
      ...people.map((p) => t.run(`deal contact Racer "${p}" role=user`)),
      ...Array.from({ length: 6 }, (_, i) => t.run(`deal move Racer ${i % 2 ? 'lead' : 'opportunity'}`)),
    ]);
    for (const r of replies) expect(['ok', 'CONFLICT']).toContain(r.ok ? 'ok' : r.code);
    const contacts = replies.slice(0, people.length).filter((r) => r.ok).length;
    const deal = data(await t.run('deal show Racer')).deal;
    expect(deal.contacts).toHaveLength(contacts + 1);
    const events = data(await t.run('deal history Racer')).events;
    for (let i = 1; i < events.length; i++) expect(events[i].from).toBe(events[i - 1].to);
    expect(events.at(-1).to).toBe(deal.stage);
  });
});
