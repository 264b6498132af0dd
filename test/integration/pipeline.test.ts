import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';

type Data = Record<string, any>;
const data = (r: { data?: Data }) => r.data as Data;
const keys = (r: { data?: Data }) => data(r).stages.map((s: Data) => s.key);

describe.each(backends)('pipeline, gates and roles on $name', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(await backend.open());
  });
  afterAll(() => t.close());

  it('starts with the source article pipeline', async () => {
    expect(keys(await t.run('stage list'))).toEqual(['lead', 'opportunity', 'qualified', 'proposal', 'negotiation', 'won', 'lost']);
  });

  it('adds, reorders, renames and removes stages', async () => {
    expect(keys(await t.run('stage add Demo after=qualified'))).toEqual(['lead', 'opportunity', 'qualified', 'demo', 'proposal', 'negotiation', 'won', 'lost']);
    expect((await t.run('stage add demo')).code).toBe('DUPLICATE');
    expect(keys(await t.run('stage move demo after=proposal'))).toEqual(['lead', 'opportunity', 'qualified', 'proposal', 'demo', 'negotiation', 'won', 'lost']);
    const renamed = await t.run('stage rename demo POC');
    expect(renamed.ok).toBe(true);
    expect(data(await t.run('stage list')).stages.find((s: Data) => s.key === 'demo')).toMatchObject({ name: 'POC' });

    await t.run('deal new Stuck', {});
    await t.run('deal move Stuck poc --override "test"');
    const refused = await t.run('stage remove poc');
    expect(refused.code).toBe('STAGE_IN_USE');
    await t.run('deal move Stuck lead');
    expect((await t.run('stage remove POC')).ok).toBe(true);
    expect((await t.run('stage remove won')).code).toBe('INVALID');
    expect((await t.run('stage remove nowhere')).code).toBe('STAGE_NOT_FOUND');
  });

  it('edits gates (validated) and applies them on the next move', async () => {
    expect((await t.run('gates set opportunity require team', { user: 'rita', role: 'rep' })).code).toBe('FORBIDDEN');
    expect((await t.run('gates set opportunity require teleport')).code).toBe('USAGE');
    expect((await t.run('gates set opportunity require team contact')).ok).toBe(true);
    const shown = data(await t.run('gates show')).gates.find((g: Data) => g.stage === 'opportunity');
    expect(shown.requires.map((r: Data) => r.id)).toEqual(['team', 'contact']);
    await t.run('deal new Gated');
    const r = await t.run('deal move Gated opportunity');
    expect(data(r).missing.map((m: Data) => m.id)).toEqual(['team', 'contact']);
  });

  it('lets only admins change roles', async () => {
    expect((await t.run('role set bob manager', { user: 'mona', role: 'manager' })).code).toBe('FORBIDDEN');
    expect((await t.run('role set bob manager')).ok).toBe(true);
    const list = data(await t.run('role list')).members;
    expect(list.find((m: Data) => m.userId === 'bob').role).toBe('manager');
  });
});

describe.each(backends)('workspace settings and delivery claims on $name', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(await backend.open());
    await t.run('stage list', { ws: 'a' });
    await t.run('stage list', { ws: 'b' });
  });
  afterAll(() => t.close());

  it('merges settings per workspace without losing concurrent keys', async () => {
    const store = t.app.store;
    await Promise.all([store.updateSettings('a', { x: 1 }), store.updateSettings('a', { y: 2 })]);
    expect(await store.getSettings('a')).toEqual({ x: 1, y: 2 });
    expect(await store.getSettings('b')).toEqual({});
  });

  it('claims a delivery key once, whoever asks', async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, () => t.app.store.claimDelivery('slack:T1:abc')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await t.app.store.claimDelivery('slack:T1:def')).toBe(true);
  });
});
