import { describe, expect, it } from 'vitest';
import { classifyMove, evaluateGate } from '../../src/core/gates.js';
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

  it('need nothing to move back, and only the target gate to close or reopen', () => {
    expect(ids(deal({ stage: 'negotiation' }), 'lead')).toEqual([]);
    expect(ids(deal({ stage: 'negotiation' }), 'lost')).toEqual(['lost_reason']);
    expect(ids(deal({ stage: 'lost', lostReason: 'price' }), 'won')).toEqual(['amount']);
    expect(classifyMove(pipeline, stage('won'), stage('lead'))).toBe('reopen');
    expect(classifyMove(pipeline, stage('lead'), stage('lead'))).toBe('same');
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
