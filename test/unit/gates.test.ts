import { describe, expect, it } from 'vitest';
import { classifyMove, evaluateGate, furthestOpenStage } from '../../src/core/gates.js';
import type { Deal } from '../../src/core/model.js';
import { defaultPipeline, resolveStage } from '../../src/core/pipeline.js';
import { REQUIREMENT_IDS, missingRequirements } from '../../src/core/requirements.js';

const pipeline = defaultPipeline();
const stage = (k: string) => {
  const s = resolveStage(pipeline, k);
  if (!s) throw new Error(k);
  return s;
};

function deal(over: Partial<Deal> = {}): Deal {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id: 'd1', workspaceId: 'w', name: 'D', owner: 'u', stage: 'lead', stageEnteredAt: at,
    amount: null, currency: 'USD', closeDate: null, industry: null, source: null, team: null,
    competitors: [], noCompetitor: false, tags: [], contacts: [], notes: null, lostReason: null, lostNote: null,
    createdAt: at, updatedAt: at, version: 1, ...over,
  };
}
const ids = (d: Deal, to: string) => evaluateGate(pipeline, d, stage(to), 'en').missing.map((m) => m.id);

describe('stage gates', () => {
  it('require contact, industry and source for opportunity', () => {
    expect(ids(deal(), 'opportunity')).toEqual(['contact', 'industry', 'source']);
    expect(ids(deal({ contacts: [{ name: 'A', title: null, role: 'user' }], industry: 'x', source: 'y' }), 'opportunity')).toEqual([]);
  });

  it('require amount, a decision maker or economic buyer, a competitor (or none) and a close date for qualified', () => {
    const ready = deal({ stage: 'opportunity', contacts: [{ name: 'A', title: null, role: 'user' }], industry: 'x', source: 'y' });
    expect(ids(ready, 'qualified')).toEqual(['amount', 'decision_maker', 'competitor', 'close_date']);
    const eb = { ...ready, amount: 10, closeDate: '2026-05-01', noCompetitor: true, contacts: [{ name: 'B', title: null, role: 'economic_buyer' as const }] };
    expect(ids(eb, 'qualified')).toEqual([]);
    expect(ids({ ...eb, amount: 0 }, 'qualified')).toEqual(['amount']);
  });

  it('apply the gates of every stage a forward jump passes, in pipeline order', () => {
    expect(ids(deal(), 'proposal')).toEqual(['contact', 'industry', 'source', 'amount', 'decision_maker', 'competitor', 'close_date']);
  });

  it('need nothing to move back, and only the target gate to close', () => {
    expect(ids(deal({ stage: 'negotiation' }), 'lead')).toEqual([]);
    expect(ids(deal({ stage: 'negotiation' }), 'lost')).toEqual(['lost_reason']);
    expect(classifyMove(pipeline, stage('won'), stage('lead'))).toBe('reopen');
    expect(classifyMove(pipeline, stage('lead'), stage('lead'))).toBe('same');
  });

  it('gate a reopen like a forward jump from the furthest open stage reached before the close', () => {
    const events = (...to: string[]) => to.map((t) => ({ to: t }));
    const reopen = (d: Deal, to: string, history: { to: string }[]) => evaluateGate(pipeline, d, stage(to), 'en', history);
    const lost = deal({ stage: 'lost', lostReason: 'price' });
    // Lead → Lost → Won: every gate from Opportunity to Won, as Lead → Won would.
    expect(reopen(lost, 'won', events('lead', 'lost')).missing.map((m) => m.id)).toEqual(['contact', 'industry', 'source', 'amount', 'decision_maker', 'competitor', 'close_date']);
    expect(reopen(lost, 'won', events('lead', 'lost')).gatedStages).toEqual(['opportunity', 'qualified', 'proposal', 'negotiation', 'won']);
    // The furthest stage counts, not the last one before the close.
    expect(reopen(lost, 'won', events('lead', 'negotiation', 'lead', 'lost')).gatedStages).toEqual(['won']);
    expect(reopen(lost, 'proposal', events('lead', 'opportunity', 'lost')).gatedStages).toEqual(['qualified', 'proposal']);
    // Back to a stage it had passed: that stage's own gate.
    expect(reopen(lost, 'opportunity', events('lead', 'qualified', 'lost')).gatedStages).toEqual(['opportunity']);
    // Won → Lost: the lost gate alone; a removed stage in the history is skipped.
    expect(reopen(deal({ stage: 'won', lostReason: 'price' }), 'lost', events('lead', 'won')).gatedStages).toEqual(['lost']);
    expect(reopen(lost, 'won', events('gone', 'negotiation', 'lost')).gatedStages).toEqual(['won']);
    expect(furthestOpenStage(pipeline, events('lead', 'qualified', 'opportunity', 'won'))?.key).toBe('qualified');
  });

  it('ask for the competitor of a competitor loss and a note for "other"', () => {
    expect(ids(deal({ lostReason: 'competitor' }), 'lost')).toEqual(['lost_competitor']);
    expect(ids(deal({ lostReason: 'competitor', competitors: ['Zoho'] }), 'lost')).toEqual([]);
    expect(ids(deal({ lostReason: 'other' }), 'lost')).toEqual(['lost_reason']);
    expect(ids(deal({ lostReason: 'other', lostNote: 'merger' }), 'lost')).toEqual([]);
  });

  it('give every requirement a hint in both locales', () => {
    const empty = deal({ lostReason: 'competitor' });
    for (const locale of ['en', 'zh-CN'] as const) {
      const all = missingRequirements({ ...empty, lostReason: null }, REQUIREMENT_IDS, locale);
      for (const m of all) expect(m.hint.length).toBeGreaterThan(5);
    }
    expect(missingRequirements(deal(), ['amount'], 'zh-CN')[0]?.hint).toMatch(/[\u4e00-\u9fff]/);
  });
});
