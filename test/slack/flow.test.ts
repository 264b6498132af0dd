// The whole Slack flow over real HTTP against a real PGlite: slash commands, a blocked
// move, "Complete and move", the modal, the move recorded, announcements, roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../src/core/pipeline.js';
import { answer, blockText, startHarness, TEAM, user, WS, type Harness } from './harness.js';

const ALICE = 'UALICE01'; // a Slack workspace admin
const BOB = 'UBOB0001'; // a member

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.fake.users.set(ALICE, { is_admin: true, name: 'alice' });
  h.fake.users.set(BOB, { name: 'bob' });
});
afterAll(async () => {
  await h?.close();
});

interface Button {
  action_id: string;
  value: string;
}

function buttonOf(body: Record<string, unknown>): Button {
  const blocks = body.blocks as { type: string; elements?: Button[] }[];
  const actions = blocks.find((b) => b.type === 'actions');
  const button = actions?.elements?.[0];
  if (!button) throw new Error('no button in message');
  return button;
}

interface ViewJson {
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; optional?: boolean; element?: { type: string; initial_option?: { value: string } } }[];
}

function submission(view: ViewJson, viewId: string, values: Record<string, Record<string, unknown>>, triggerId = `trig.view.${viewId}`) {
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'acme-sales' },
    user: user(ALICE),
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: triggerId,
    view: {
      id: viewId,
      team_id: TEAM,
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      hash: `hash.${viewId}`,
      blocks: view.blocks,
      state: { values },
      title: { type: 'plain_text', text: 'x' },
    },
    response_urls: [],
  };
}

describe('Slack: deal flow', () => {
  let button: Button;
  let view: ViewJson;

  it('/deal new answers with a deal card', async () => {
    const res = await h.command('/deal', 'new "Acme Corp" 120000 industry=software source=referral', { user: ALICE });
    expect(res.status).toBe(200);
    const body = await answer(h, res.responseId);
    expect(body.response_type).toBe('ephemeral');
    const text = blockText(body);
    expect(text).toContain('Acme Corp');
    expect(text).toContain('*Stage*\\nLead');
    expect(text).toContain(`<@${ALICE}>`);
    expect(text).toContain('120,000 USD');
    const deal = await h.t.app.store.findDeal(WS, 'Acme Corp');
    expect(deal?.owner).toBe(ALICE);
  });

  it('a blocked /deal move lists every missing requirement with its hint and a "Complete and move" button', async () => {
    const res = await h.command('/deal', 'move "Acme Corp" qualified', { user: ALICE, channel: 'C001' });
    const body = await answer(h, res.responseId);
    expect(body.response_type).toBe('ephemeral');
    const text = blockText(body);
    for (const id of ['contact', 'decision_maker', 'competitor', 'close_date']) expect(text).toContain(`\`${id}\``);
    expect(text).toContain('Identify the decision maker');
    expect(text).toContain('--override');
    button = buttonOf(body);
    expect(button.action_id).toBe('stagecoach_complete');
    expect((await h.t.app.store.findDeal(WS, 'Acme Corp'))?.stage).toBe('lead');
  });

  it('the button opens a modal with exactly the missing fields', async () => {
    const res = await h.interact({
      type: 'block_actions',
      team: { id: TEAM, domain: 'acme-sales' },
      user: user(ALICE),
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trig.button.1',
      response_url: h.fake.responseUrl('blocked-card'),
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C001', is_ephemeral: true },
      channel: { id: 'C001', name: 'sales' },
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'stagecoach_blocked', value: button.value, action_ts: '1700000001.0' }],
    });
    expect(res.status).toBe(200);
    const open = await h.fake.waitFor(() => h.fake.callsTo('views.open')[0]);
    expect(open.args.trigger_id).toBe('trig.button.1');
    view = open.args.view as ViewJson;
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['contact_name', 'contact_role', 'contact_title', 'competitor', 'close_date']);
    expect(inputs.find((b) => b.block_id === 'contact_role')?.element?.initial_option?.value).toBe('decision_maker');
    expect(inputs.find((b) => b.block_id === 'close_date')?.element?.type).toBe('datepicker');
    expect(inputs.find((b) => b.block_id === 'contact_title')?.optional).toBe(true);
  });

  it('announcements can be switched on in a channel', async () => {
    const res = await h.command('/stagecoach', 'announce here', { user: ALICE, channel: 'CANNOUNCE' });
    const body = await answer(h, res.responseId);
    expect(blockText(body)).toContain('<#CANNOUNCE>');
    expect(h.fake.callsTo('chat.postMessage').some((c) => c.args.channel === 'CANNOUNCE')).toBe(true);
    expect((await h.t.app.store.getSettings(WS)).slackAnnounceChannel).toBe('CANNOUNCE');
  });

  it('a submission with problems shows them in the modal and saves nothing', async () => {
    const res = await h.interact(
      submission(view, 'VBAD', {
        contact_name: { value: { type: 'plain_text_input', value: '   ' } },
        contact_role: { value: { type: 'static_select', selected_option: { value: 'decision_maker' } } },
        contact_title: { value: { type: 'plain_text_input', value: null } },
        competitor: { value: { type: 'plain_text_input', value: 'x'.repeat(300) } },
        close_date: { value: { type: 'datepicker', selected_date: '2026-06-30' } },
      }),
    );
    expect(res.status).toBe(200);
    const ack = JSON.parse(res.text) as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe('errors');
    expect(Object.keys(ack.errors).sort()).toEqual(['competitor', 'contact_name']);
    expect(ack.errors.contact_name).toMatch(/required/i);
    const deal = await h.t.app.store.findDeal(WS, 'Acme Corp');
    expect(deal?.contacts).toEqual([]);
    expect(deal?.closeDate).toBeNull();
  });

  it('submitting saves the fields, retries the move and replaces the blocked message', async () => {
    const values = {
      contact_name: { value: { type: 'plain_text_input', value: 'Wang Wei' } },
      contact_role: { value: { type: 'static_select', selected_option: { value: 'decision_maker' } } },
      contact_title: { value: { type: 'plain_text_input', value: 'CTO' } },
      competitor: { value: { type: 'plain_text_input', value: 'none' } },
      close_date: { value: { type: 'datepicker', selected_date: '2026-06-30' } },
    };
    const res = await h.interact(submission(view, 'VGOOD', values));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const body = await answer(h, 'blocked-card');
    expect(body.replace_original).toBe(true);
    expect(blockText(body)).toContain('Moved');
    expect(blockText(body)).toContain('Qualified');

    const deal = await h.t.app.store.findDeal(WS, 'Acme Corp');
    expect(deal?.stage).toBe('qualified');
    expect(deal?.contacts.map((c) => [c.name, c.role, c.title])).toEqual([['Wang Wei', 'decision_maker', 'CTO']]);
    expect(deal?.closeDate).toBe('2026-06-30');
    expect(deal?.noCompetitor).toBe(true);
    const history = await h.t.app.store.history(WS, deal!.id);
    expect(history.map((e) => [e.from, e.to, e.by])).toEqual([
      [null, 'lead', ALICE],
      ['lead', 'qualified', ALICE],
    ]);

    // The move is announced in the chosen channel.
    const announced = await h.fake.waitFor(() =>
      h.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'CANNOUNCE' && String(c.args.text).includes('Moved')),
    );
    expect(JSON.stringify(announced.args.blocks)).toContain(`<@${ALICE}>`);

    // Slack delivering the same submission again changes nothing.
    const again = await h.interact(submission(view, 'VGOOD', values, 'trig.view.retry'), { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(again.status).toBe(200);
    await h.door.idle();
    expect(h.fake.responsesTo('blocked-card')).toHaveLength(1);
    expect(await h.t.app.store.history(WS, deal!.id)).toHaveLength(2);
  });

  it('/deal history shows the moves', async () => {
    const res = await h.command('/deal', 'history "Acme Corp"', { user: ALICE });
    const text = blockText(await answer(h, res.responseId));
    expect(text).toContain('Lead → *Qualified*');
    expect(text).toContain(`<@${ALICE}>`);
  });

  it('/deal list, /gates and /stagecoach stage list render lists', async () => {
    const list = await h.command('/deal', 'list all', { user: ALICE });
    expect(blockText(await answer(h, list.responseId))).toContain('• *Acme Corp* · Qualified');
    const gates = await h.command('/gates', '', { user: ALICE });
    expect(blockText(await answer(h, gates.responseId))).toContain('Qualified');
    const stages = await h.command('/stagecoach', 'stage list', { user: ALICE });
    expect(blockText(await answer(h, stages.responseId))).toContain('[qualified]');
  });

  it('/deal help explains usage the Slack way', async () => {
    const res = await h.command('/deal', 'help', { user: BOB });
    const text = blockText(await answer(h, res.responseId));
    expect(text).toContain('deal move');
    expect(text).toContain('/stagecoach');
  });

  it('Slack admins are admins; other members follow role set (users.info is cached)', async () => {
    const denied = await h.command('/stagecoach', `role set <@${BOB}|bob> manager`, { user: BOB });
    const deniedBody = await answer(h, denied.responseId);
    expect(deniedBody.response_type).toBe('ephemeral');
    expect(blockText(deniedBody)).toContain('Not allowed');

    const granted = await h.command('/stagecoach', `role set <@${BOB}|bob> manager`, { user: ALICE });
    expect(blockText(await answer(h, granted.responseId))).toContain(`${BOB} is now manager`);
    expect((await h.t.app.store.getMember(WS, BOB))?.role).toBe('manager');
    // Alice ran many commands; users.info asked about her once.
    expect(h.fake.callsTo('users.info').filter((c) => c.args.user === ALICE)).toHaveLength(1);
  });

  it('errors are ephemeral and friendly, with suggestions', async () => {
    const res = await h.command('/deal', 'show "Acme Crop"', { user: BOB });
    const body = await answer(h, res.responseId);
    expect(body.response_type).toBe('ephemeral');
    const text = blockText(body);
    expect(text).toContain('Deal not found');
    expect(text).toContain('Acme Corp');
  });

  it('an unknown analytics command falls back to the reply text', async () => {
    const res = await h.command('/funnel', 'show', { user: BOB });
    const body = await answer(h, res.responseId);
    expect(body.blocks).toBeDefined();
    expect(body.text).toBeTruthy();
  });
});

describe('Slack: a Chinese workspace', () => {
  it('answers in zh-CN, with Chinese buttons and form labels', async () => {
    await h.t.app.store.ensureWorkspace({ id: 'slack:TZH', name: 'zh team', locale: 'zh-CN', timezone: 'Asia/Shanghai' }, defaultPipeline());
    await h.command('/deal', 'new 阿里巴巴 50万', { user: ALICE, team: 'TZH', responseId: 'zh-new' });
    expect(blockText(await answer(h, 'zh-new'))).toContain('已创建商机');
    const res = await h.command('/deal', 'move 阿里巴巴 合格机会', { user: ALICE, team: 'TZH', responseId: 'zh-move' });
    const body = await answer(h, res.responseId);
    const text = blockText(body);
    expect(text).toContain('暂时不能进入');
    expect(text).toContain('补全并推进');
    const button = buttonOf(body);
    await h.interact({
      type: 'block_actions',
      team: { id: 'TZH', domain: 'zh' },
      user: { ...user(ALICE), team_id: 'TZH' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trig.zh',
      response_url: h.fake.responseUrl('zh-card'),
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: '1' }],
    });
    const open = await h.fake.waitFor(() => h.fake.callsTo('views.open').find((c) => c.args.trigger_id === 'trig.zh'));
    const zhView = open.args.view as { title: { text: string }; submit: { text: string } } & ViewJson;
    expect(zhView.title.text).toBe('补全并推进');
    expect(zhView.submit.text).toBe('保存并推进');
    expect(JSON.stringify(zhView.blocks)).toContain('联系人姓名');
  });
});
