// The Discord adapter end to end: discord.js against a fake Discord on 127.0.0.1 (real
// HTTP and WebSocket), the real App on PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMINISTRATOR, MANAGE_GUILD, snowflake, type FakeGuild, type FakeUser } from '../support/fake-discord.js';
import { member, startHarness, type Harness } from './harness.js';

const EPHEMERAL = 64;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  type: number;
  data: any;
  ephemeral: boolean;
}

describe('Discord adapter against a fake Discord', () => {
  let h: Harness;
  const managerRoleId = snowflake();
  const en: FakeGuild = { id: snowflake(), name: 'Acme Sales', roles: [{ id: managerRoleId, name: 'Sales Manager' }] };
  const zh: FakeGuild = { id: snowflake(), name: '销售团队', locale: 'zh-CN' };
  const rita: FakeUser = member('rita');
  const sam: FakeUser = member('sam');
  const mia: FakeUser = member('mia', { roles: [managerRoleId] });
  const ada: FakeUser = member('ada', { permissions: MANAGE_GUILD });
  const root: FakeUser = member('root', { permissions: ADMINISTRATOR });

  const ws = (guild: { id: string }) => `discord:${guild.id}`;
  const send = (payload: unknown, to: number | 'all' = 0) => h.fake.deliver(payload, to);
  const slash = (user: FakeUser, command: string, sub: string | undefined, options: Record<string, any> = {}, guild = en) =>
    send(h.fake.chatInput({ user, command, ...(sub && { sub }), options, guild }));
  const callback = (sent: { id: string }) => h.fake.callbackOf(sent);
  /**
   * The message a member ends up seeing: the immediate reply, or, when the adapter
   * deferred (a busy machine can make any command slower than 1.5 s), the edit or the
   * ephemeral follow-up that came after.
   */
  const answer = async (sent: { id: string; token: string }): Promise<Answer> => {
    const cb = await callback(sent);
    if (cb.type !== 5) return { type: cb.type, data: cb.data, ephemeral: ((cb.data?.flags ?? 0) & EPHEMERAL) !== 0 };
    const w = await h.fake.waitFor(() => h.fake.webhooksOf(sent).find((x) => x.kind === 'edit' || x.kind === 'followup'), 20_000, 'deferred answer');
    return { type: 4, data: w.body, ephemeral: ((w.body?.flags ?? 0) & EPHEMERAL) !== 0 };
  };
  const embed = (a: { data: any }) => a.data.embeds[0];
  const firstButton = (a: { data: any }) => a.data.components?.[0]?.components?.[0];

  beforeAll(async () => {
    h = await startHarness({ guilds: [en, zh], doors: 2, managerRole: 'Sales Manager' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('identifies with the Guilds intent only (no privileged intents)', () => {
    expect(h.fake.identifies.length).toBeGreaterThanOrEqual(2);
    for (const id of h.fake.identifies) expect(id.intents).toBe(1);
  });

  it('runs the whole flow: /deal new, a blocked move, the form in two steps, the move recorded', async () => {
    const created = await answer(slash(rita, 'deal', 'new', { name: 'Acme Corp', amount: 120000, industry: 'software' }));
    expect(created.type).toBe(4);
    expect(created.ephemeral).toBe(false); // public: the channel sees new deals
    expect(embed(created)).toMatchObject({ title: 'Acme Corp', description: 'Created deal "Acme Corp" in Lead.' });

    const blocked = await answer(slash(rita, 'deal', 'move', { name: 'Acme Corp', stage: 'qualified' }));
    expect(blocked.type).toBe(4);
    expect(blocked.ephemeral).toBe(true);
    const fieldNames = embed(blocked).fields.map((f: { name: string }) => f.name);
    expect(fieldNames).toEqual(['contact', 'source', 'decision_maker', 'competitor', 'close_date']);
    for (const f of embed(blocked).fields) expect(f.value.length).toBeGreaterThan(10); // every hint is shown
    const button = firstButton(blocked);
    expect(button).toMatchObject({ type: 2, label: 'Complete and move' });

    // The button opens the first modal: five inputs at most.
    const opened = await callback(send(h.fake.button(rita, button.custom_id, { ...h.fake.message(blocked.data, EPHEMERAL) }, en)));
    expect(opened.type).toBe(9);
    expect(opened.data.title).toBe('Complete and move (1/2)');
    expect(opened.data.components).toHaveLength(5);
    const inputs = opened.data.components.map((c: any) => c.component);
    expect(inputs.map((c: any) => c.custom_id)).toEqual(['contact_name', 'contact_role', 'contact_title', 'source', 'competitor']);
    const roleSelect = inputs[1];
    expect(roleSelect.type).toBe(3);
    expect(roleSelect.options.find((o: any) => o.default)?.value).toBe('decision_maker');

    const step1 = await answer(
      send(
        h.fake.modalSubmit(
          rita,
          opened.data.custom_id,
          { contact_name: 'Wang Wei', contact_role: ['decision_maker'], contact_title: 'CTO', source: 'referral', competitor: 'none' },
          en,
        ),
      ),
    );
    expect(step1.type).toBe(4);
    expect(step1.ephemeral).toBe(true);
    expect(embed(step1).description).toContain('1 more field');
    const cont = firstButton(step1);
    expect(cont.label).toBe('Continue');

    const opened2 = await callback(send(h.fake.button(rita, cont.custom_id, undefined, en)));
    expect(opened2.type).toBe(9);
    expect(opened2.data.title).toBe('Complete and move (2/2)');
    expect(opened2.data.components.map((c: any) => c.component.custom_id)).toEqual(['close_date']);

    // A bad date is refused with the core's message and a way back to the same step.
    const bad = await answer(send(h.fake.modalSubmit(rita, opened2.data.custom_id, { close_date: '2027-02-30' }, en)));
    expect(bad.ephemeral).toBe(true);
    expect(embed(bad).title).toBe('I could not read that command');
    expect(embed(bad).description).toContain('2027-02-30');
    expect(firstButton(bad).label).toBe('Try again');
    const again = await callback(send(h.fake.button(rita, firstButton(bad).custom_id, undefined, en)));
    expect(again.data.components.map((c: any) => c.component.custom_id)).toEqual(['close_date']);

    const moved = await answer(send(h.fake.modalSubmit(rita, again.data.custom_id, { close_date: '2027-01-31' }, en)));
    expect(moved.type).toBe(4);
    expect(moved.ephemeral).toBe(false);
    expect(embed(moved).description).toBe('Moved "Acme Corp" from Lead to Qualified.');

    // The move is in the history, by rita, through the same use case as every front door.
    const history = await h.t.run('deal history "Acme Corp"', { ws: ws(en) });
    expect((history.data?.events as any[]).map((e) => [e.from, e.to, e.by])).toEqual([
      [null, 'lead', rita.id],
      ['lead', 'qualified', rita.id],
    ]);
    const shown = await h.t.run('deal show "Acme Corp"', { ws: ws(en) });
    expect(shown.data?.deal).toMatchObject({
      source: 'referral',
      closeDate: '2027-01-31',
      noCompetitor: true,
      contacts: [{ name: 'Wang Wei', role: 'decision_maker', title: 'CTO' }],
    });
  });

  it('renders history and list embeds, and errors as ephemeral embeds from the stable codes', async () => {
    const hist = await answer(slash(rita, 'deal', 'history', { name: 'Acme Corp' }));
    expect(embed(hist).title).toBe('History of "Acme Corp"');
    expect(embed(hist).description).toMatch(/<t:\d+:f> · \*\*Lead → Qualified\*\* · <@\d+>/);

    const list = await answer(slash(rita, 'deal', 'list', { filter: 'all' }));
    expect(embed(list).title).toBe('1 deal(s)');
    expect(embed(list).description).toContain('**Acme Corp** · Qualified');

    const missing = await answer(slash(rita, 'deal', 'show', { name: 'Acme Crop' }));
    expect(missing.ephemeral).toBe(true);
    expect(embed(missing).title).toBe('Deal not found');
    expect(embed(missing).description).toContain('Acme Corp'); // the suggestion

    const badDate = await answer(slash(rita, 'deal', 'set', { name: 'Acme Corp', close: '2027-13-01' }));
    expect(badDate.ephemeral).toBe(true);
    expect(embed(badDate).title).toBe('I could not read that command');
  });

  it('answers autocomplete with the member’s own deals first, then the workspace’s, and stages', async () => {
    await answer(slash(sam, 'deal', 'new', { name: 'Acme Labs' }));
    await answer(slash(rita, 'deal', 'new', { name: 'Beta Acme' }));
    const deals = await callback(send(h.fake.autocomplete({ user: rita, command: 'deal', sub: 'show', options: { name: 'acme' }, focused: 'name', guild: en })));
    expect(deals.type).toBe(8);
    expect(deals.data.choices.map((c: any) => c.value)).toEqual(['Acme Corp', 'Beta Acme', 'Acme Labs']);

    const stages = await callback(
      send(h.fake.autocomplete({ user: rita, command: 'deal', sub: 'move', options: { name: 'Acme Corp', stage: 'qual' }, focused: 'stage', guild: en })),
    );
    expect(stages.type).toBe(8);
    expect(stages.data.choices[0]).toEqual({ name: 'Qualified', value: 'qualified' });

    const periods = await callback(send(h.fake.autocomplete({ user: rita, command: 'funnel', options: { period: 'quar' }, focused: 'period', guild: en })));
    expect(periods.data.choices.map((c: any) => c.value)).toEqual(['quarter', 'last-quarter']);
  });

  it('speaks the workspace locale: a zh-CN server gets Chinese replies, stages and labels', async () => {
    const created = await answer(slash(rita, 'deal', 'new', { name: '阿里巴巴', amount: 5000 }, zh));
    expect(embed(created).description).toBe('已创建商机"阿里巴巴"，阶段：Lead。');
    const blocked = await answer(slash(rita, 'deal', 'move', { name: '阿里巴巴', stage: '机会' }, zh));
    expect(firstButton(blocked).label).toBe('补全并推进');
    const opened = await callback(send(h.fake.button(rita, firstButton(blocked).custom_id, undefined, zh)));
    expect(opened.data.title).toBe('补全并推进');
    expect(opened.data.components[0].label).toBe('联系人姓名');
    const stages = await callback(send(h.fake.autocomplete({ user: rita, command: 'deal', sub: 'move', options: { name: '阿里巴巴', stage: '合格' }, focused: 'stage', guild: zh })));
    expect(stages.data.choices[0]).toEqual({ name: '合格机会 (qualified)', value: 'qualified' });
  });

  it('maps Manage Server to admin and the configured role to manager; the rest follow role set', async () => {
    const repStage = await answer(slash(sam, 'stage', 'add', { stage: 'pilot' }));
    expect(embed(repStage).title).toBe('Not allowed');
    const adminStage = await answer(slash(ada, 'stage', 'add', { stage: 'pilot', after: 'qualified' }));
    expect(adminStage.ephemeral).toBe(false);
    // Administrator implies Manage Server.
    const rootSet = await answer(slash(root, 'role', 'set', { user: { user: rita.id }, role: 'rep' }));
    expect(embed(rootSet).title).not.toBe('Not allowed');

    // A rep cannot override a gate; a member with the manager role can.
    const repOverride = await answer(slash(sam, 'deal', 'move', { name: 'Acme Labs', stage: 'proposal', override: 'signed LOI' }));
    expect(embed(repOverride).title).toBe('Not allowed');
    const mgrOverride = await answer(slash(mia, 'deal', 'move', { name: 'Acme Labs', stage: 'proposal', override: 'signed LOI' }));
    expect(embed(mgrOverride).description).toContain('by manager override: signed LOI');

    // role set still works for everyone else, and a platform role never lowers it.
    const set = await answer(slash(ada, 'role', 'set', { user: { user: sam.id }, role: 'manager' }));
    expect(set.ephemeral).toBe(false);
    const samOverride = await answer(slash(sam, 'deal', 'move', { name: 'Beta Acme', stage: 'opportunity', override: 'intro call done' }));
    expect(embed(samOverride).description).toContain('by manager override');
    await answer(slash(ada, 'role', 'set', { user: { user: mia.id }, role: 'admin' }));
    const miaStage = await answer(slash(mia, 'stage', 'rename', { stage: 'pilot', new: 'trial' }));
    expect(embed(miaStage).title).not.toBe('Not allowed');
  });

  it('takes any command as text under /stagecoach, with the same replies and forms', async () => {
    const help = await answer(slash(rita, 'stagecoach', undefined, {}));
    expect(help.ephemeral).toBe(true);
    const blocked = await answer(slash(sam, 'stagecoach', undefined, { command: 'deal won "Acme Labs"' }));
    expect(blocked.ephemeral).toBe(true);
    expect(embed(blocked).fields.map((f: { name: string }) => f.name)).toEqual(['amount']);
    const opened = await callback(send(h.fake.button(sam, firstButton(blocked).custom_id, undefined, en)));
    expect(opened.data.components.map((c: any) => c.component.custom_id)).toEqual(['amount']);
    const won = await answer(send(h.fake.modalSubmit(sam, opened.data.custom_id, { amount: '42k' }, en)));
    expect(embed(won)).toMatchObject({ title: 'Acme Labs', description: 'Moved "Acme Labs" from Proposal to Won.' });
    expect(embed(won).fields.find((f: { name: string }) => f.name === 'Amount').value).toBe('42,000 USD');
  });

  it('defers within 3 s when the database is slow and delivers the result as an edit', async () => {
    h.setSlow(3500);
    try {
      const sent = slash(rita, 'deal', 'show', { name: 'Acme Corp' });
      const first = await callback(sent);
      expect(first.type).toBe(5);
      expect(first.at - sent.at).toBeLessThan(3000);
      const edit = await h.fake.waitFor(() => h.fake.webhooksOf(sent).find((w) => w.kind === 'edit'), 15_000, 'edit');
      expect(edit.messageId).toBe('@original');
      expect(edit.body.embeds[0].title).toBe('Acme Corp');

      // An error after a deferral is shown to the member only.
      const err = slash(rita, 'deal', 'show', { name: 'Nope Inc' });
      expect((await callback(err)).type).toBe(5);
      const follow = await h.fake.waitFor(() => h.fake.webhooksOf(err).find((w) => w.kind === 'followup'), 15_000, 'follow-up');
      expect(follow.body.flags).toBe(EPHEMERAL);
      expect(follow.body.embeds[0].title).toBe('Deal not found');
      expect(h.fake.webhooksOf(err).map((w) => w.kind)).toEqual(['delete', 'followup']);

      // Autocomplete cannot be deferred: it answers (with nothing) before Discord gives up.
      const ac = send(h.fake.autocomplete({ user: rita, command: 'deal', sub: 'show', options: { name: 'ac' }, focused: 'name', guild: en }));
      const acb = await callback(ac);
      expect(acb).toMatchObject({ type: 8, data: { choices: [] } });
      expect(acb.at - ac.at).toBeLessThan(3000);
    } finally {
      h.setSlow(0);
    }
  });

  it('applies a duplicate delivery once, in one process and across two', async () => {
    const payload = h.fake.chatInput({ user: rita, command: 'deal', sub: 'new', options: { name: 'Dup Corp' }, guild: en });
    send(payload, 0);
    send(payload, 0);
    send(payload, 'all'); // both connected clients: like two bot processes
    const result = await answer(payload);
    await sleep(1500);
    expect(h.fake.callbacks.filter((c) => c.interactionId === payload.id)).toHaveLength(1);
    expect(embed(result).description).toBe('Created deal "Dup Corp" in Lead.');
    const history = await h.t.run('deal history "Dup Corp"', { ws: ws(en) });
    expect(history.data?.events).toHaveLength(1);
  });

  it('honours a 429 from Discord: waits Retry-After, then sends the answer', async () => {
    h.fake.rateLimit((r) => r.path.endsWith('/callback'), 0.4, 1);
    const sent = slash(rita, 'deal', 'show', { name: 'Acme Corp' });
    expect(embed(await answer(sent)).title).toBe('Acme Corp');
    expect(h.fake.rateLimited).toHaveLength(1);
    const attempts = h.fake.requests.filter((r) => r.path === `/interactions/${sent.id}/${sent.token}/callback`);
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(350);
    expect(h.logs.some((l) => l.msg === 'discord rate limited')).toBe(true);
  });

  it('survives a gateway disconnect: resumes and keeps answering', async () => {
    const resumesBefore = h.fake.resumes.length + h.fake.identifies.length;
    h.fake.dropConnections(4000);
    await h.fake.waitFor(() => h.fake.resumes.length + h.fake.identifies.length >= resumesBefore + 2 && h.fake.readySessions >= 2, 20_000, 'reconnect');
    const cb = await answer(slash(rita, 'deal', 'show', { name: 'Acme Corp' }));
    expect(cb.type).toBe(4);
    expect(h.logs.some((l) => l.msg === 'discord gateway disconnected' || l.msg === 'discord gateway reconnecting')).toBe(true);
  });
});
