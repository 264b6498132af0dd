import { describe, expect, it } from 'vitest';
import { addStage, defaultPipeline, moveStage, removeStage, renameStage, resolveStage, setRequirements } from '../../src/core/pipeline.js';

const keys = (p: { key: string }[]) => p.map((s) => s.key);

describe('pipeline', () => {
  const p = defaultPipeline();

  it('resolves stages by key, name or alias, in any case, English or Chinese', () => {
    expect(resolveStage(p, 'QUALIFIED')?.key).toBe('qualified');
    expect(resolveStage(p, '合格机会')?.key).toBe('qualified');
    expect(resolveStage(p, '丢单')?.key).toBe('lost');
    expect(resolveStage(p, '输单')?.key).toBe('lost');
    expect(resolveStage(p, '赢单')?.key).toBe('won');
    expect(resolveStage(p, 'closed won')?.key).toBe('won');
    expect(resolveStage(p, 'nowhere')).toBeUndefined();
  });

  it('adds stages among the open ones, never after won/lost', () => {
    const end = addStage(p, 'Contract');
    expect(end.ok && keys(end.pipeline)).toEqual(['lead', 'opportunity', 'qualified', 'proposal', 'negotiation', 'contract', 'won', 'lost']);
    const mid = addStage(p, 'Demo', 'qualified');
    expect(mid.ok && keys(mid.pipeline).indexOf('demo')).toBe(3);
    expect(addStage(p, '机会').ok).toBe(false);
    expect(addStage(p, 'x', 'nowhere')).toMatchObject({ ok: false, error: 'STAGE_NOT_FOUND' });
    expect(addStage(p, '   ')).toMatchObject({ ok: false, error: 'INVALID' });
  });

  it('renames without changing the key and keeps the old name as an alias', () => {
    const r = renameStage(p, 'proposal', 'Quote Sent');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.stage).toMatchObject({ key: 'proposal', name: 'Quote Sent' });
    expect(resolveStage(r.pipeline, 'Proposal')?.key).toBe('proposal');
    expect(resolveStage(r.pipeline, 'quote sent')?.key).toBe('proposal');
    expect(renameStage(p, 'proposal', 'Lead')).toMatchObject({ ok: false, error: 'DUPLICATE' });
  });

  it('reorders and removes open stages only', () => {
    const moved = moveStage(p, 'lead', 'qualified');
    expect(moved.ok && keys(moved.pipeline)).toEqual(['opportunity', 'qualified', 'lead', 'proposal', 'negotiation', 'won', 'lost']);
    expect(moveStage(p, 'won', 'lead')).toMatchObject({ ok: false, error: 'INVALID' });
    const removed = removeStage(p, 'negotiation');
    expect(removed.ok && keys(removed.pipeline)).not.toContain('negotiation');
    expect(removeStage(p, 'lost')).toMatchObject({ ok: false, error: 'INVALID' });
  });

  it('sets requirements without duplicates', () => {
    const r = setRequirements(p, 'lead', ['team', 'team', 'contact']);
    expect(r.ok && r.stage.requires).toEqual(['team', 'contact']);
  });
});
