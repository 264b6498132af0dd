// Pure parts of the Slack adapter: slash-command mapping, Block Kit rendering, the
// completion modal and its validation, labels in both locales. No network, no database.
import { describe, expect, it } from 'vitest';
import { renderReply, slashForm } from '../../src/adapters/slack/blocks.js';
import { routeSlash, unescapeSlack } from '../../src/adapters/slack/commands.js';
import { completionModal, pendingFromButton, submittedValues, validateSubmission, type ModalState } from '../../src/adapters/slack/modal.js';
import { chunk, MAX_BLOCKS } from '../../src/adapters/slack/mrkdwn.js';
import '../../src/adapters/slack/texts.js';
import type { DealView } from '../../src/core/format.js';
import { registeredCatalogues } from '../../src/core/i18n.js';
import { fail, ok } from '../../src/core/reply.js';

describe('slash commands → core text', () => {
  it.each([
    ['/deal', 'move ACME qualified', 'deal move ACME qualified'],
    ['/deal', 'move "Acme Corp" qualified', 'deal move "Acme Corp" qualified'],
    ['/stagecoach', 'stage list', 'stage list'],
    ['/stagecoach', 'deal list all', 'deal list all'],
    ['/funnel', 'by=team period=2026-Q1', 'funnel by=team period=2026-Q1'],
    ['/gates', 'set proposal require amount', 'gates set proposal require amount'],
    ['/gates', '', 'gates show'],
    ['/deal', '', 'help deal'],
    ['/deal', 'help', 'help deal'],
    ['/deal', 'help move', 'help deal move'],
    ['/stagecoach', '', 'help'],
    ['/stagecoach', 'help stage', 'help stage'],
    ['/funnel', '', 'funnel'],
  ])('%s %s → %s', (command, text, expected) => {
    const r = routeSlash(command, text);
    expect(r).toMatchObject({ kind: 'core', text: expected });
  });

  it('marks help so the Slack footer is added', () => {
    expect(routeSlash('/deal', 'help')).toEqual({ kind: 'core', text: 'help deal', help: true });
    expect(routeSlash('/deal', 'show ACME')).toEqual({ kind: 'core', text: 'deal show ACME', help: false });
  });

  it('routes announce to the adapter', () => {
    expect(routeSlash('/stagecoach', 'announce here')).toEqual({ kind: 'announce', arg: 'here' });
    expect(routeSlash('/stagecoach', 'announce <#C0123|sales>')).toEqual({ kind: 'announce', arg: 'C0123' });
  });

  it('turns Slack escapes back into what was typed, and mentions into user ids', () => {
    expect(unescapeSlack('role set <@U024BE7LH|rita> manager')).toBe('role set U024BE7LH manager');
    expect(unescapeSlack('list owner=<@U024BE7LH>')).toBe('list owner=U024BE7LH');
    expect(unescapeSlack('new "AT&amp;T &lt;EU&gt;" 5k')).toBe('new "AT&T <EU>" 5k');
    expect(unescapeSlack('set X notes="see <https://acme.example/deal|the deal>"')).toBe('set X notes="see the deal"');
    expect(unescapeSlack('set X notes=<mailto:a@b.example|a@b.example>')).toBe('set X notes=a@b.example');
  });

  it('shows commands in their slash form', () => {
    expect(slashForm('deal move X qualified')).toBe('/deal move X qualified');
    expect(slashForm('stage list')).toBe('/stagecoach stage list');
  });
});

const deal: DealView = {
  name: 'Acme <Corp>',
  owner: 'U024BE7LH',
  stage: 'qualified',
  stageName: 'Qualified',
  stageEnteredAt: '2026-03-01T00:00:00.000Z',
  daysInStage: 4,
  amount: 120000,
  currency: 'USD',
  closeDate: '2026-06-30',
  industry: 'software',
  source: 'referral',
  team: null,
  competitors: ['Globex'],
  noCompetitor: false,
  tags: ['q3'],
  contacts: [{ name: 'Wang Wei', title: 'CTO', role: 'decision_maker', addedAt: null }],
  notes: null,
  lostReason: null,
  lostNote: null,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  version: 3,
};

describe('Block Kit rendering', () => {
  it('renders a deal card with stage, amount, owner, contacts, competitor and days in stage', () => {
    const msg = renderReply(ok('Acme <Corp>\n  Stage: Qualified', { deal }), { locale: 'en' });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('Acme &lt;Corp&gt;');
    for (const s of ['*Stage*\\nQualified', '*Days in stage*\\n4', '120,000 USD', '<@U024BE7LH>', 'Wang Wei, CTO (decision_maker)', 'Globex', '2026-06-30'])
      expect(json).toContain(s);
    expect(msg.text).toContain('Acme <Corp>');
  });

  it('renders errors with a friendly heading per code', () => {
    const msg = renderReply(fail('FORBIDDEN', 'Only a manager can override a stage gate.'), { locale: 'en' });
    expect(JSON.stringify(msg.blocks)).toContain('Not allowed');
    const zh = renderReply(fail('DEAL_NOT_FOUND', '没有名为"X"的商机。'), { locale: 'zh-CN' });
    expect(JSON.stringify(zh.blocks)).toContain('找不到该商机');
  });

  it('falls back to the reply text in a code block for tables it has no renderer for', () => {
    const text = 'Funnel 2026-Q1:\nstage        deals   conv.\nlead           120   45.0%\nqualified       54   38.9%';
    const msg = renderReply(ok(text, { rows: [{ stage: 'lead', deals: 120 }] }), { locale: 'en' });
    expect(msg.blocks[0]).toMatchObject({ type: 'section', text: { text: 'Funnel 2026-Q1:' } });
    expect(JSON.stringify(msg.blocks[1])).toContain('```stage        deals');
  });

  it('keeps long replies within Slack limits', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ ...deal, name: `Deal ${i} ${'x'.repeat(60)}` }));
    const msg = renderReply(ok('400 deal(s):', { deals: many }), { locale: 'en' });
    expect(msg.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    for (const b of msg.blocks) if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(chunk('a\n'.repeat(5000)).every((c) => c.length <= 2900)).toBe(true);
  });

  it('a blocked move lists the missing items and carries the retry in its button, in Chinese too', () => {
    const reply = fail('GATE_BLOCKED', '"Acme" 暂时不能进入 合格机会。缺少：\n  • amount: …', {
      deal: { ...deal, name: 'Acme' },
      stage: 'qualified',
      missing: [{ id: 'amount', hint: '填写大于零的金额' }],
    });
    const msg = renderReply(reply, { locale: 'zh-CN', command: 'deal move Acme qualified', stageNames: { qualified: '合格机会' } });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('填写大于零的金额');
    expect(json).toContain('补全并推进');
    const actions = msg.blocks.find((b) => b.type === 'actions') as { elements: { value: string }[] };
    expect(pendingFromButton(actions.elements[0]!.value)).toEqual({
      command: 'deal move Acme qualified',
      locale: 'zh-CN',
      deal: 'Acme',
      stage: '合格机会',
      missing: ['amount'],
    });
  });
});

describe('the completion modal', () => {
  const state: ModalState = {
    command: 'deal move Acme qualified',
    locale: 'en',
    deal: 'Acme',
    stage: 'Qualified',
    missing: ['amount', 'decision_maker', 'close_date'],
    responseUrl: 'https://hooks.slack.test/r/1',
  };

  it('has an input for exactly each missing field, of the right kind', () => {
    const view = completionModal(state)!;
    const inputs = view.blocks.filter((b) => b.type === 'input') as { block_id: string; element: { type: string } }[];
    expect(inputs.map((b) => [b.block_id, b.element.type])).toEqual([
      ['amount', 'number_input'],
      ['contact_name', 'plain_text_input'],
      ['contact_role', 'static_select'],
      ['contact_title', 'plain_text_input'],
      ['close_date', 'datepicker'],
    ]);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(JSON.parse(view.private_metadata!)).toMatchObject({ c: state.command, r: state.responseUrl });
  });

  it('is labelled in the workspace language', () => {
    const view = completionModal({ ...state, locale: 'zh-CN' })!;
    expect(view.title.text).toBe('补全并推进');
    expect(view.submit?.text).toBe('保存并推进');
    expect(JSON.stringify(view.blocks)).toContain('决策者');
  });

  it('reads values and reports problems per field', () => {
    const values = submittedValues({
      amount: { value: { value: '-5' } },
      contact_name: { value: { value: ' ' } },
      contact_role: { value: { selected_option: { value: 'decision_maker' } } },
      close_date: { value: { selected_date: '2026-06-30' } },
    });
    expect(values).toEqual({ amount: '-5', contact_name: ' ', contact_role: 'decision_maker', close_date: '2026-06-30' });
    const errors = validateSubmission(state, values);
    expect(Object.keys(errors ?? {}).sort()).toEqual(['amount', 'contact_name']);
    expect(errors?.amount).toBe('The amount cannot be negative.');
    expect(validateSubmission(state, { ...values, amount: '5000', contact_name: 'Wang Wei' })).toBeNull();
  });
});

describe('the Slack catalogue', () => {
  it('has every key in en and zh-CN with the same placeholders', () => {
    const c = registeredCatalogues().find((x) => x.name === 'slack');
    expect(c).toBeDefined();
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(c!.zh).sort()).toEqual(Object.keys(c!.en).sort());
    for (const k of Object.keys(c!.en)) expect(ph(c!.zh[k]!), k).toEqual(ph(c!.en[k]!));
  });
});
