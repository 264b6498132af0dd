// Where a member's role comes from: the stored role (`role set`, rep on first sight),
// raised for one request by what the chat platform says (Identity.platformRole), or
// replaced for one run by the terminal's `--role` (Identity.role). Neither is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf, type DiscordMemberRef } from '../../src/adapters/discord/identity.js';
import { localIdentity, type Identity } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/core/model.js';
import { backends } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';

const storedRoles = async (t: TestApp, ws: string) => {
  const r = await t.app.run({ workspaceId: ws, workspaceName: ws, userId: 'root', role: 'admin' }, 'role list');
  return Object.fromEntries((r.data as { members: { userId: string; role: Role }[] }).members.map((m) => [m.userId, m.role]));
};

describe.each(backends)('roles on $name', (backend) => {
  let t: TestApp;
  let n = 0;
  let ws: string;
  beforeAll(async () => {
    t = await testApp(await backend.open());
  });
  afterAll(() => t?.close());
  const fresh = () => (ws = `roles-${backend.name}-${++n}`);
  const member = (userId: string, extra: Partial<Identity> = {}): Identity => ({ workspaceId: ws, workspaceName: ws, userId, ...extra });

  it('a platform admin seen first is stored as rep; the admin signal holds for that request only', async () => {
    fresh();
    const asAdmin = await t.app.run(member('pat', { platformRole: 'admin' }), 'gates set opportunity require team');
    expect(asAdmin.ok).toBe(true);
    expect((await storedRoles(t, ws)).pat).toBe('rep');
    // The platform no longer says admin: the stored role applies again.
    expect((await t.app.run(member('pat'), 'gates set opportunity require contact')).code).toBe('FORBIDDEN');
    expect((await storedRoles(t, ws)).pat).toBe('rep');
  });

  it('the effective role is the higher of the stored role and the platform signal', async () => {
    fresh();
    await t.app.run(member('mia'), 'deal list');
    expect((await t.app.run(member('root', { role: 'admin' }), 'role set mia admin')).ok).toBe(true);
    // A lower platform signal never lowers a stored role...
    expect((await t.app.run(member('mia', { platformRole: 'manager' }), 'gates set opportunity require team')).ok).toBe(true);
    // ...and a higher one raises a stored rep for that request.
    await t.app.run(member('sam'), 'deal new "Sam Co"');
    expect((await t.app.run(member('max'), 'deal set "Sam Co" team=east')).code).toBe('FORBIDDEN');
    expect((await t.app.run(member('max', { platformRole: 'manager' }), 'deal set "Sam Co" team=east')).ok).toBe(true);
    expect(await storedRoles(t, ws)).toMatchObject({ mia: 'admin', sam: 'rep', max: 'rep' });
  });

  it("an asserted role (the CLI's --role) applies to that run only and is never stored, even on first sight", async () => {
    fresh();
    const asManager = await t.app.run(member('ruth', { role: 'manager' }), 'deal new "Ruth Co"');
    expect(asManager.ok).toBe(true);
    expect((await storedRoles(t, ws)).ruth).toBe('rep');
    await t.app.run(member('olga'), 'deal new "Olga Co"');
    expect((await t.app.run(member('ruth'), 'deal set "Olga Co" team=east')).code).toBe('FORBIDDEN');
    // It can also lower: an admin acting as rep is a rep for that run.
    expect((await t.app.run(member('root', { role: 'admin' }), 'role set adam admin')).ok).toBe(true);
    expect((await t.app.run(member('adam', { role: 'rep' }), 'gates set opportunity require team')).code).toBe('FORBIDDEN');
    expect((await storedRoles(t, ws)).adam).toBe('admin');
  });

  it('the terminal: the local operator is an admin for the run, --as/--role are not stored', async () => {
    const config = loadConfig({});
    const rita = localIdentity(config, 'rita', 'manager');
    expect((await t.app.run(rita, 'deal list')).ok).toBe(true);
    expect((await t.app.store.getMember('local', 'rita'))?.role).toBe('rep');
    expect((await t.app.run(localIdentity(config, 'rita'), 'gates set opportunity require team')).code).toBe('FORBIDDEN');
    expect((await t.app.run(localIdentity(config), 'gates show')).ok).toBe(true);
    expect((await t.app.run(localIdentity(config, undefined, 'rep'), 'gates set opportunity require team')).code).toBe('FORBIDDEN');
  });

  it('Discord: Manage Server or the manager role raise the role per interaction; losing them takes it away', async () => {
    fresh();
    const guildId = ws;
    const ref = (manageGuild: boolean, roleNames: string[] = []): DiscordMemberRef => ({ guildId, userId: 'dee', manageGuild, roleIds: [], roleNames });
    const run = (r: DiscordMemberRef, text: string) => t.app.run(identityOf(r, 'Sales Manager'), text);
    expect((await run(ref(true), 'gates set opportunity require team')).ok).toBe(true);
    expect((await run(ref(false), 'gates set opportunity require contact')).code).toBe('FORBIDDEN');
    await run(ref(false), 'deal new "Dee Co"');
    const other = { ...ref(false), userId: 'eve' };
    await run(other, 'deal new "Eve Co"');
    expect((await run(ref(false, ['Sales Manager']), 'deal set "Eve Co" team=east')).ok).toBe(true);
    expect((await run(ref(false), 'deal set "Eve Co" team=west')).code).toBe('FORBIDDEN');
    expect((await t.app.store.getMember(`discord:${guildId}`, 'dee'))?.role).toBe('rep');
  });
});
