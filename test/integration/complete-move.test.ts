// "Complete and move" in core: the submitted fields and the retried move are one write,
// so a move that still fails keeps none of them; the form's values obey the typed rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeMove, retriedMove, saveCompletionStep } from '../../src/core/usecases/complete.js';
import type { Context } from '../../src/core/usecases/context.js';
import { backends } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';

describe('the retried command', () => {
  it('passes a loss reason and note from the form to the retried deal lost', () => {
    const cmd = retriedMove({ type: 'deal.lost', name: 'Acme', reason: 'other' }, { lost_reason: 'price', lost_note: 'too dear' });
    expect(cmd).toEqual({ type: 'deal.lost', name: 'Acme', reason: 'price', note: 'too dear' });
    expect(retriedMove({ type: 'deal.lost', name: 'Acme', reason: 'other' }, { lost_reason: 'not-a-reason' })).toEqual({
      type: 'deal.lost',
      name: 'Acme',
      reason: 'other',
    });
    expect(retriedMove({ type: 'deal.move', name: 'Acme', stage: 'qualified' }, { lost_reason: 'price' })).toEqual({
      type: 'deal.move',
      name: 'Acme',
      stage: 'qualified',
    });
  });
});

describe.each(backends)('complete and move on $name', (backend) => {
  let t: TestApp;
  let ctx: (user?: string) => Promise<Context>;
  let beta: number | undefined;
  beforeAll(async () => {
    t = await testApp(await backend.open());
    ctx = (user = 'alice') =>
      t.app.context({ workspaceId: 'w1', workspaceName: 'w1', userId: user, role: user === 'alice' ? 'admin' : 'rep' });
  });
  afterAll(() => t.close());

  const version = async (name: string) => (await t.app.store.findDeal('w1', name))?.version;
  const full = { contact_name: 'Wang Wei', contact_role: 'decision_maker', contact_title: 'CTO', competitor: 'none', close_date: '2027-01-31' };

  it('applies the fields and moves in one write, with one history event', async () => {
    await t.run('deal new "Acme Corp" 50000 industry=software source=referral');
    const before = await version('Acme Corp');
    const out = await completeMove(await ctx(), { type: 'deal.move', name: 'Acme Corp', stage: 'qualified' }, full);
    expect(out.kind).toBe('done');
    expect(out.reply.ok).toBe(true);
    const deal = await t.app.store.findDeal('w1', 'Acme Corp');
    expect(deal).toMatchObject({ stage: 'qualified', closeDate: '2027-01-31', noCompetitor: true, version: before! + 1 });
    expect(deal?.contacts.map((c) => [c.name, c.role, c.title])).toEqual([['Wang Wei', 'decision_maker', 'CTO']]);
    expect((await t.app.store.history('w1', deal!.id)).map((e) => [e.from, e.to])).toEqual([
      [null, 'lead'],
      ['lead', 'qualified'],
    ]);
  });

  it('keeps none of the fields when the move still fails', async () => {
    await t.run('deal new Beta 50000 industry=software source=referral');
    beta = await version('Beta');
    // The close date is missing from the submission: the gate still blocks.
    const { close_date: _, ...partial } = full;
    const out = await completeMove(await ctx(), { type: 'deal.move', name: 'Beta', stage: 'qualified' }, partial);
    expect(out.kind).toBe('done');
    expect(out.reply.code).toBe('GATE_BLOCKED');
    expect((out.reply.data?.missing as { id: string }[]).map((m) => m.id)).toEqual(['close_date']);
    const deal = await t.app.store.findDeal('w1', 'Beta');
    expect(deal).toMatchObject({ stage: 'lead', noCompetitor: false, version: beta });
    expect(deal?.contacts).toEqual([]);
  });

  it('refuses a value the typed command would refuse, and writes nothing', async () => {
    const out = await completeMove(await ctx(), { type: 'deal.move', name: 'Beta', stage: 'qualified' }, { ...full, close_date: '2027-02-30' });
    expect(out.kind).toBe('invalid');
    expect(out.reply.code).toBe('USAGE');
    expect((await t.app.store.findDeal('w1', 'Beta'))?.version).toBe(beta);
  });

  it('checks permissions like the commands: a rep cannot complete someone else’s deal', async () => {
    const out = await completeMove(await ctx('bob'), { type: 'deal.move', name: 'Beta', stage: 'qualified' }, full);
    expect(out.reply.code).toBe('FORBIDDEN');
    expect((await t.app.store.findDeal('w1', 'Beta'))?.version).toBe(beta);
  });

  it('records a loss with the reason from the form', async () => {
    const out = await completeMove(await ctx(), { type: 'deal.lost', name: 'Beta', reason: 'other' }, { lost_reason: 'price', lost_note: 'too dear' });
    expect(out.reply.ok).toBe(true);
    expect(await t.app.store.findDeal('w1', 'Beta')).toMatchObject({ stage: 'lost', lostReason: 'price', lostNote: 'too dear' });
  });

  it('saves one step of a longer form in one write', async () => {
    await t.run('deal new Gamma');
    const before = await version('Gamma');
    const out = await saveCompletionStep(await ctx(), 'Gamma', { industry: 'retail', source: 'event' });
    expect(out.reply.ok).toBe(true);
    expect(await t.app.store.findDeal('w1', 'Gamma')).toMatchObject({ industry: 'retail', source: 'event', stage: 'lead', version: before! + 1 });
  });
});
