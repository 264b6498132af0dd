import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/core/commands.js';
import { commandKeys, helpText, usageOf } from '../../src/core/help.js';
import { registeredCatalogues } from '../../src/core/i18n.js';
import { CONTACT_ROLES, LOST_REASONS, type Locale } from '../../src/core/model.js';
import { parseCommand } from '../../src/core/parser.js';
import type { Reply } from '../../src/core/reply.js';
import { editDistance, suggest } from '../../src/core/suggest.js';

function cmd(input: string, locale: Locale = 'en'): Command {
  const r = parseCommand(input, locale);
  if (!r.ok) throw new Error(`expected a command for ${JSON.stringify(input)}, got: ${r.reply.text}`);
  return r.command;
}

function bad(input: string, locale: Locale = 'en'): Reply & { data: { usage: string; suggestions?: string[] } } {
  const r = parseCommand(input, locale);
  if (r.ok) throw new Error(`expected USAGE for ${JSON.stringify(input)}, got ${JSON.stringify(r.command)}`);
  expect(r.reply.ok).toBe(false);
  expect(r.reply.code).toBe('USAGE');
  expect(r.reply.text.length).toBeGreaterThan(0);
  expect(typeof r.reply.data?.usage).toBe('string');
  return r.reply as Reply & { data: { usage: string; suggestions?: string[] } };
}

describe('deal new', () => {
  it('takes a name alone', () => {
    expect(cmd('deal new Acme')).toEqual({ type: 'deal.new', name: 'Acme', fields: {} });
  });
  it('takes a positional amount and fields', () => {
    expect(cmd('deal new "Acme Corp" 5000 currency=usd close=2026-06-30 industry=SaaS source=referral team=east owner=alice tags=A,b,,a')).toEqual({
      type: 'deal.new',
      name: 'Acme Corp',
      fields: {
        amount: 5000,
        currency: 'USD',
        close: '2026-06-30',
        industry: 'SaaS',
        source: 'referral',
        team: 'east',
        owner: 'alice',
        tags: ['a', 'b'],
      },
    });
  });
  it('accepts amount= instead of the positional', () => {
    expect(cmd('deal new Acme amount=5k')).toEqual({ type: 'deal.new', name: 'Acme', fields: { amount: 5000 } });
  });
  it('rejects the amount given twice', () => {
    bad('deal new Acme 5000 amount=6000');
  });
  it('rejects a non-amount second positional and more positionals', () => {
    bad('deal new Acme abc5');
    bad('deal new Acme Corp'); // unquoted multi-word name
    bad('deal new Acme 5000 extra');
  });
  it('rejects zero and negative amounts', () => {
    bad('deal new Acme 0');
    bad('deal new Acme -5000');
    bad('deal new Acme amount=0');
  });
  it('accepts keys case-insensitively and key aliases', () => {
    expect(cmd('deal new Acme CURRENCY=cny Tag=x close_date=2026-01-31')).toEqual({
      type: 'deal.new',
      name: 'Acme',
      fields: { currency: 'CNY', tags: ['x'], close: '2026-01-31' },
    });
  });
  it('rejects notes on new (only set takes notes)', () => {
    bad('deal new Acme notes=hello');
  });
  it('rejects a duplicated key', () => {
    bad('deal new Acme team=a team=b');
  });
  it('requires a name', () => {
    const r = bad('deal new');
    expect(r.data.usage).toBe(usageOf('deal new'));
    bad('deal new ""');
    bad('deal new "   "');
  });
  it('rejects names longer than 200 characters, accepts 200', () => {
    expect(cmd(`deal new ${'名'.repeat(200)}`)).toMatchObject({ name: '名'.repeat(200) });
    bad(`deal new ${'名'.repeat(201)}`);
  });
  it('trims names', () => {
    expect(cmd('deal new "  Acme  "')).toMatchObject({ name: 'Acme' });
  });
});

describe('amounts', () => {
  const cases: [string, number][] = [
    ['5000', 5000],
    ['5,000', 5000],
    ['1,234,567', 1234567],
    ['5000.50', 5000.5],
    ['5k', 5000],
    ['5K', 5000],
    ['1.2m', 1200000],
    ['1.2M', 1200000],
    ['1.15k', 1150],
    ['5万', 50000],
    ['1.5w', 15000],
    ['２万', 20000],
    ['0.5', 0.5],
  ];
  for (const [raw, value] of cases) {
    it(`reads ${raw}`, () => {
      expect(cmd(`deal new x ${raw}`)).toEqual({ type: 'deal.new', name: 'x', fields: { amount: value } });
    });
  }
  for (const raw of ['5,00', '1,2345', '5.', '.5', 'NaN', 'Infinity', '1e5', '5kk', '0x10', '--5', '1.2.3', '9'.repeat(400)]) {
    it(`rejects ${raw}`, () => {
      bad(`deal set x amount="${raw}"`);
    });
  }
  it('deal set allows amount=0 but not negative', () => {
    expect(cmd('deal set x amount=0')).toEqual({ type: 'deal.set', name: 'x', fields: { amount: 0 } });
    bad('deal set x amount=-1');
  });
});

describe('dates and currencies', () => {
  it('accepts real calendar dates', () => {
    expect(cmd('deal set x close=2028-02-29')).toMatchObject({ fields: { close: '2028-02-29' } });
    expect(cmd('deal set x close=2026/3/5')).toMatchObject({ fields: { close: '2026-03-05' } });
  });
  for (const d of ['2026-02-30', '2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', 'tomorrow', '2026-1-1x']) {
    it(`rejects close=${d}`, () => {
      bad(`deal set x close=${d}`);
    });
  }
  it('upper-cases currencies and rejects non-codes', () => {
    expect(cmd('deal set x currency=eur')).toMatchObject({ fields: { currency: 'EUR' } });
    expect(cmd('deal set x currency=rmb')).toMatchObject({ fields: { currency: 'CNY' } });
    bad('deal set x currency=dollars');
    bad('deal set x currency=U1D');
    bad('deal set x currency=');
  });
});

describe('deal set', () => {
  it('sets several fields including notes', () => {
    expect(cmd('deal set Acme notes="call back Monday" owner=bob tags="Big Deal, q3"')).toEqual({
      type: 'deal.set',
      name: 'Acme',
      fields: { notes: 'call back Monday', owner: 'bob', tags: ['big deal', 'q3'] },
    });
  });
  it('requires at least one field', () => {
    bad('deal set Acme');
  });
  it('rejects empty values and too long values', () => {
    bad('deal set Acme owner=');
    bad('deal set Acme industry="  "');
    bad(`deal set Acme industry=${'x'.repeat(201)}`);
    expect(cmd(`deal set Acme notes=${'x'.repeat(2000)}`)).toMatchObject({ fields: { notes: 'x'.repeat(2000) } });
    bad(`deal set Acme notes=${'x'.repeat(2001)}`);
    bad('deal set Acme tags=,,');
  });
  it('suggests the closest key for an unknown key', () => {
    const r = bad('deal set Acme amonut=5');
    expect(r.data.suggestions).toEqual(['amount']);
    expect(r.data.usage).toBe(usageOf('deal set'));
    expect(bad('deal set Acme indstry=x').data.suggestions).toContain('industry');
    // note= is accepted as an alias of notes= on deal set
    expect(cmd('deal set Acme note=x')).toMatchObject({ fields: { notes: 'x' } });
  });
});

describe('deal move / won / lost and --override', () => {
  it('moves', () => {
    expect(cmd('deal move Acme proposal')).toEqual({ type: 'deal.move', name: 'Acme', stage: 'proposal' });
    expect(cmd('deal move 阿里巴巴 机会')).toEqual({ type: 'deal.move', name: '阿里巴巴', stage: '机会' });
  });
  it('accepts a leading slash and any verb case', () => {
    expect(cmd('/DEAL Move Acme proposal')).toEqual({ type: 'deal.move', name: 'Acme', stage: 'proposal' });
    expect(cmd('/deal@StagecoachBot move Acme proposal')).toMatchObject({ type: 'deal.move' });
  });
  it('takes --override in both forms, before or after positionals', () => {
    const expected = { type: 'deal.move', name: 'Acme', stage: 'won', override: 'customer asked' };
    expect(cmd('deal move Acme won --override "customer asked"')).toEqual(expected);
    expect(cmd('deal move Acme won --override="customer asked"')).toEqual(expected);
    expect(cmd('deal move --override "customer asked" Acme won')).toEqual(expected);
    expect(cmd('deal move Acme --override “customer asked” won')).toEqual(expected);
    expect(cmd('deal move Acme won —override "customer asked"')).toEqual(expected); // phone em dash
    expect(cmd('deal move Acme won --OVERRIDE=ok')).toMatchObject({ override: 'ok' });
  });
  it('rejects an empty or missing override reason', () => {
    bad('deal move Acme won --override');
    bad('deal move Acme won --override ""');
    bad('deal move Acme won --override=');
    bad('deal move Acme won --override="  "');
    bad('deal move Acme won --override a --override b');
  });
  it('rejects unknown flags with a suggestion', () => {
    expect(bad('deal move Acme won --overide x').data.suggestions).toEqual(['--override']);
    bad('deal show Acme --override x');
  });
  it('requires name and stage', () => {
    expect(bad('deal move Acme').data.usage).toBe(usageOf('deal move'));
    bad('deal move');
    bad('deal move Acme won extra');
  });
  it('won with and without amount', () => {
    expect(cmd('deal won Acme')).toEqual({ type: 'deal.won', name: 'Acme' });
    expect(cmd('deal won Acme 1.2m --override=late')).toEqual({ type: 'deal.won', name: 'Acme', amount: 1200000, override: 'late' });
    bad('deal won Acme 0');
    bad('deal won Acme lots');
  });
  it('lost with reasons', () => {
    expect(cmd('deal lost Acme reason=price')).toEqual({ type: 'deal.lost', name: 'Acme', reason: 'price' });
    expect(cmd('deal lost Acme reason=competitor')).toEqual({ type: 'deal.lost', name: 'Acme', reason: 'competitor' });
    expect(cmd('deal lost Acme reason=Competitor competitor="Big Co" note=“went cheap” --override x')).toEqual({
      type: 'deal.lost',
      name: 'Acme',
      reason: 'competitor',
      competitor: 'Big Co',
      note: 'went cheap',
      override: 'x',
    });
    expect(cmd('deal lost Acme reason=other')).toEqual({ type: 'deal.lost', name: 'Acme', reason: 'other' });
    expect(cmd('deal lost Acme reason=no-decision')).toMatchObject({ reason: 'no_decision' });
    expect(cmd('deal lost Acme reason=无预算')).toMatchObject({ reason: 'no_budget' });
    expect(cmd('deal lost Acme timing')).toMatchObject({ reason: 'timing' });
    for (const r of LOST_REASONS) expect(cmd(`deal lost Acme reason=${r.toUpperCase()}`)).toMatchObject({ reason: r });
  });
  it('lost rejects a missing, unknown or doubled reason', () => {
    bad('deal lost Acme');
    expect(bad('deal lost Acme reason=prise').data.suggestions).toEqual(['price']);
    bad('deal lost Acme price reason=timing');
    bad('deal lost Acme reason=price competitor=');
  });
});

describe('deal contact / competitor / tag', () => {
  it('adds a contact with role and title, typographic quotes too', () => {
    expect(cmd('deal contact Acme "Jane Doe" role=decision_maker title="VP Sales"')).toEqual({
      type: 'deal.contact',
      name: 'Acme',
      person: 'Jane Doe',
      role: 'decision_maker',
      title: 'VP Sales',
    });
    expect(cmd('deal contact 阿里巴巴 “张 三” role=决策者 title=“销售副总裁”')).toEqual({
      type: 'deal.contact',
      name: '阿里巴巴',
      person: '张 三',
      role: 'decision_maker',
      title: '销售副总裁',
    });
    expect(cmd("deal contact Acme ‘Li Lei’ role=eb")).toMatchObject({ person: 'Li Lei', role: 'economic_buyer' });
  });
  it('accepts role variants and synonyms', () => {
    const cases: [string, string][] = [
      ['decision-maker', 'decision_maker'],
      ['"Decision Maker"', 'decision_maker'],
      ['DM', 'decision_maker'],
      ['eb', 'economic_buyer'],
      ['Economic-Buyer', 'economic_buyer'],
      ['预算负责人', 'economic_buyer'],
      ['内线', 'champion'],
      ['影响者', 'influencer'],
      ['用户', 'user'],
      ['阻碍者', 'blocker'],
    ];
    for (const [raw, role] of cases) expect(cmd(`deal contact Acme Jane role=${raw}`)).toMatchObject({ role });
    for (const role of CONTACT_ROLES) expect(cmd(`deal contact Acme Jane role=${role}`)).toMatchObject({ role });
  });
  it('rejects unknown roles with suggestions, and a missing role or person', () => {
    const r = bad('deal contact Acme Jane role=champoin');
    expect(r.data.suggestions).toEqual(['champion']);
    bad('deal contact Acme Jane role=boss');
    bad('deal contact Acme Jane role=constructor');
    bad('deal contact Acme Jane');
    bad('deal contact Acme role=dm');
    bad('deal contact Acme Jane role=dm title=');
  });
  it('joins an unquoted multi-word person name', () => {
    expect(cmd('deal contact Acme Jane Doe role=dm')).toMatchObject({ person: 'Jane Doe' });
  });
  it('records a competitor or none', () => {
    expect(cmd('deal competitor Acme Globex')).toEqual({ type: 'deal.competitor', name: 'Acme', competitor: 'Globex' });
    expect(cmd('deal competitor Acme "Big Co"')).toMatchObject({ competitor: 'Big Co' });
    for (const none of ['none', 'NONE', '无', '没有']) {
      expect(cmd(`deal competitor Acme ${none}`)).toEqual({ type: 'deal.competitor', name: 'Acme', competitor: null });
    }
    expect(cmd('deal competitor Acme "None"')).toMatchObject({ competitor: 'None' }); // quoted = a name
    bad('deal competitor Acme');
  });
  it('tags with separate tokens and commas', () => {
    expect(cmd('deal tag Acme Enterprise q3,Q3 , "big deal" 大客户')).toEqual({
      type: 'deal.tag',
      name: 'Acme',
      tags: ['enterprise', 'q3', 'big deal', '大客户'],
    });
    bad('deal tag Acme');
    bad('deal tag Acme , ,');
  });
});

describe('deal show / history / list', () => {
  it('shows and lists history', () => {
    expect(cmd('deal show "Acme Corp"')).toEqual({ type: 'deal.show', name: 'Acme Corp' });
    expect(cmd('deal show Acme Corp')).toEqual({ type: 'deal.show', name: 'Acme Corp' });
    expect(cmd('deal history 阿里巴巴')).toEqual({ type: 'deal.history', name: '阿里巴巴' });
    bad('deal show');
    bad('deal history');
    bad('deal show Acme x=1');
  });
  it('lists with filters', () => {
    expect(cmd('deal list')).toEqual({ type: 'deal.list', filter: { kind: 'mine' } });
    expect(cmd('deal list mine')).toEqual({ type: 'deal.list', filter: { kind: 'mine' } });
    expect(cmd('deal list ALL')).toEqual({ type: 'deal.list', filter: { kind: 'all' } });
    expect(cmd('deal list stage=proposal')).toEqual({ type: 'deal.list', filter: { kind: 'stage', stage: 'proposal' } });
    expect(cmd('deal list owner=alice')).toEqual({ type: 'deal.list', filter: { kind: 'owner', owner: 'alice' } });
    expect(bad('deal list al').data.suggestions).toEqual(['all']);
    bad('deal list mine all');
    bad('deal list stage=a owner=b');
    expect(bad('deal list stgae=a').data.suggestions).toEqual(['stage']);
  });
});

describe('gates, stage, role', () => {
  it('gates', () => {
    expect(cmd('gates show')).toEqual({ type: 'gates.show' });
    expect(cmd('gates')).toEqual({ type: 'gates.show' });
    expect(cmd('gates set proposal require amount close')).toEqual({ type: 'gates.set', stage: 'proposal', requires: ['amount', 'close'] });
    expect(cmd('gates set 机会 require amount,contact')).toEqual({ type: 'gates.set', stage: '机会', requires: ['amount', 'contact'] });
    expect(cmd('gates set proposal require Close-Date DECISION_MAKER')).toEqual({ type: 'gates.set', stage: 'proposal', requires: ['close_date', 'decision_maker'] });
    expect(cmd('gates set proposal require none')).toEqual({ type: 'gates.set', stage: 'proposal', requires: [] });
    bad('gates set proposal amount');
    bad('gates set proposal require');
    bad('gates set proposal require none amount');
    bad('gates set');
    bad('gates show extra');
  });
  it('stage', () => {
    expect(cmd('stage list')).toEqual({ type: 'stage.list' });
    expect(cmd('stage add pilot')).toEqual({ type: 'stage.add', stage: 'pilot' });
    expect(cmd('stage add "Pilot Phase" after=proposal')).toEqual({ type: 'stage.add', stage: 'Pilot Phase', after: 'proposal' });
    expect(cmd('stage rename pilot trial')).toEqual({ type: 'stage.rename', stage: 'pilot', newName: 'trial' });
    expect(cmd('stage remove trial')).toEqual({ type: 'stage.remove', stage: 'trial' });
    expect(cmd('stage rm trial')).toEqual({ type: 'stage.remove', stage: 'trial' });
    expect(cmd('stage move pilot after=qualified')).toEqual({ type: 'stage.move', stage: 'pilot', after: 'qualified' });
    bad('stage move pilot');
    bad('stage rename pilot');
    bad('stage add');
    bad('stage add pilot before=x');
    expect(bad('stage remvoe x').data.suggestions).toEqual(['remove']);
  });
  it('role', () => {
    expect(cmd('role set alice MANAGER')).toEqual({ type: 'role.set', user: 'alice', role: 'manager' });
    expect(cmd('role set "Li Lei" rep')).toEqual({ type: 'role.set', user: 'Li Lei', role: 'rep' });
    expect(cmd('role list')).toEqual({ type: 'role.list' });
    expect(bad('role set alice admn').data.suggestions).toEqual(['admin']);
    bad('role set alice boss');
    bad('role set alice');
  });
});

describe('help', () => {
  it('parses help forms', () => {
    expect(cmd('help')).toEqual({ type: 'help' });
    expect(cmd('/help')).toEqual({ type: 'help' });
    expect(cmd('help deal')).toEqual({ type: 'help', topic: 'deal' });
    expect(cmd('help Deal  Move')).toEqual({ type: 'help', topic: 'deal move' });
    expect(cmd('deal help')).toEqual({ type: 'help', topic: 'deal' });
    expect(cmd('deal move --help')).toEqual({ type: 'help', topic: 'deal move' });
    expect(cmd('帮助')).toEqual({ type: 'help' });
  });
  it('renders overview, groups and commands in both locales', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const all = helpText(locale);
      for (const key of commandKeys()) expect(all).toContain(usageOf(key));
      expect(helpText(locale, 'deal move')).toContain(usageOf('deal move'));
      expect(helpText(locale, 'DEAL')).toContain(usageOf('deal list'));
      expect(helpText(locale, 'nonsense')).toContain(usageOf('role list'));
      expect(helpText(locale, 'constructor').length).toBeGreaterThan(0);
    }
    expect(helpText('en', 'deal move')).not.toEqual(helpText('zh-CN', 'deal move'));
    expect(helpText('en', 'dael mvoe')).toContain('deal move');
  });
  it('usageOf gives the exact usage lines', () => {
    expect(usageOf('deal move')).toBe('deal move <name> <stage> [--override "<reason>"]');
    expect(usageOf('stage')).toContain('stage rename <old> <new>');
    expect(usageOf('')).toContain('help [<command>]');
  });
});

describe('tokenizing and errors', () => {
  it('treats full-width spaces and other Unicode spaces as whitespace', () => {
    expect(cmd('deal　new　阿里巴巴　５万')).toEqual({ type: 'deal.new', name: '阿里巴巴', fields: { amount: 50000 } });
    expect(cmd('deal\tmove\u00a0Acme\nproposal')).toMatchObject({ type: 'deal.move', name: 'Acme', stage: 'proposal' });
  });
  it('handles quotes: escapes, apostrophes, corner brackets, single quotes', () => {
    expect(cmd('deal show "say \\"hi\\""')).toMatchObject({ name: 'say "hi"' });
    expect(cmd("deal show 'O'Brien'")).toMatchObject({ name: "O'Brien" });
    expect(cmd('deal show O’Brien')).toMatchObject({ name: 'O’Brien' });
    expect(cmd('deal show 「阿里 巴巴」')).toMatchObject({ name: '阿里 巴巴' });
    expect(cmd("deal new 'Acme Corp' 5k")).toMatchObject({ name: 'Acme Corp', fields: { amount: 5000 } });
    expect(cmd('deal new "a=b"')).toMatchObject({ name: 'a=b' });
    expect(cmd('deal new "--override"')).toMatchObject({ name: '--override' });
  });
  it('rejects unterminated quotes with the usage of the command', () => {
    expect(bad('deal new "Acme Corp 5k').data.usage).toBe(usageOf('deal new'));
    bad('deal contact Acme “Jane role=dm');
    bad('deal set Acme title="VP');
  });
  it('rejects empty and oversized input', () => {
    bad('');
    bad('   \u3000 ');
    bad('/');
    const huge = `deal new ${'x'.repeat(5000)}`;
    bad(huge);
    bad('"'.repeat(4097));
  });
  it('suggests verbs and subcommands', () => {
    expect(bad('dael show x').data.suggestions).toEqual(['deal']);
    const r = bad('deal mvoe x y');
    expect(r.data.suggestions).toEqual(['move']);
    expect(r.data.usage).toBe(usageOf('deal move'));
    expect(bad('move x y').data.suggestions).toEqual(['deal move']);
    expect(bad('deal').data.usage).toBe(usageOf('deal'));
    bad('xyzzy');
  });
  it('localizes USAGE replies to Simplified Chinese with the same structure', () => {
    const en = bad('deal mvoe x y', 'en');
    const zh = bad('deal mvoe x y', 'zh-CN');
    expect(zh.data).toEqual(en.data);
    expect(zh.text).not.toEqual(en.text);
    expect(zh.text).toMatch(/[\u4e00-\u9fff]/u);
  });
});

describe('suggest', () => {
  it('finds close words case-insensitively, best first', () => {
    expect(suggest('mvoe', ['new', 'move', 'set'])).toEqual(['move']);
    expect(suggest('AMONUT', ['amount', 'currency'])).toEqual(['amount']);
    expect(suggest('Acme', ['acme', 'acne', 'ACMA', 'zzzz'])).toEqual(['acme', 'acne', 'ACMA']);
    expect(suggest('ab', ['abc', 'xy'])).toEqual(['abc']);
    expect(suggest('xyz', ['deal', 'stage'])).toEqual([]);
    expect(suggest('', ['a'])).toEqual([]);
    expect(suggest('listt', ['list', 'list', 'lists', 'lost'], 2)).toEqual(['list', 'lists']);
  });
  it('uses threshold max(1, floor(len/3))', () => {
    expect(suggest('abcdef', ['abxyef'])).toEqual(['abxyef']); // distance 2, len 6 → 2
    expect(suggest('abcde', ['abxye'])).toEqual([]); // distance 2, len 5 → 1
  });
  it('computes Damerau (OSA) distances on code points', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('阿里巴巴', '阿里爸爸')).toBe(2);
    expect(editDistance('😀a', 'a😀')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('catalogues', () => {
  it('parser and help texts exist in both locales with the same keys and placeholders', () => {
    const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    for (const name of ['parser', 'help']) {
      const cat = registeredCatalogues().find((c) => c.name === name);
      expect(cat).toBeDefined();
      if (!cat) continue;
      expect(Object.keys(cat.zh).sort()).toEqual(Object.keys(cat.en).sort());
      for (const key of Object.keys(cat.en)) {
        expect(placeholders(cat.zh[key] ?? ''), `${name}.${key}`).toEqual(placeholders(cat.en[key] ?? ''));
      }
    }
  });
});

describe('analytics commands', () => {
  it('parses funnel and metrics with a period, a dimension and a view', () => {
    expect(cmd('funnel')).toEqual({ type: 'funnel' });
    expect(cmd('funnel quarter by=source')).toEqual({
      type: 'funnel',
      period: { kind: 'calendar', unit: 'quarter', offset: 0, text: 'quarter' },
      by: { kind: 'source' },
    });
    expect(cmd('metrics 2026-Q1 by=rep view=activity')).toEqual({
      type: 'metrics',
      period: { kind: 'range', from: '2026-01-01', to: '2026-03-31', text: '2026-Q1' },
      by: { kind: 'owner' },
      view: 'activity',
    });
    expect(cmd('metrics activity last month')).toMatchObject({ view: 'activity', period: { unit: 'month', offset: -1 } });
    expect(cmd('funnel 2026-01-01 .. 2026-03-31')).toMatchObject({ period: { from: '2026-01-01', to: '2026-03-31' } });
    expect(cmd('funnel period=90d by=Lead-Source')).toMatchObject({ period: { kind: 'lastDays', days: 90 }, by: { kind: 'source' } });
    expect(cmd('/漏斗 本月 by=渠道')).toMatchObject({ type: 'funnel', period: { unit: 'month' }, by: { kind: 'source' } });
  });
  it('parses role-before-stage dimensions, leaving the stage raw', () => {
    expect(cmd('metrics by=dm-before-qualified')).toEqual({ type: 'metrics', by: { kind: 'roleBefore', role: 'decision_maker', stage: 'qualified' } });
    expect(cmd('funnel by=dm-or-eb-before-合格机会')).toEqual({ type: 'funnel', by: { kind: 'roleBefore', role: 'dm_or_eb', stage: '合格机会' } });
    expect(cmd('winloss by=economic_buyer_before_proposal')).toMatchObject({ by: { kind: 'roleBefore', role: 'economic_buyer', stage: 'proposal' } });
  });
  it('parses winloss, competitors and stale', () => {
    expect(cmd('winloss')).toEqual({ type: 'winloss' });
    expect(cmd('win-loss last-quarter by=competitor from=qualified')).toEqual({
      type: 'winloss',
      period: { kind: 'calendar', unit: 'quarter', offset: -1, text: 'last-quarter' },
      by: { kind: 'competitor' },
      from: 'qualified',
    });
    expect(cmd('competitors all')).toEqual({ type: 'competitors', period: { kind: 'all', text: 'all' } });
    expect(cmd('stale')).toEqual({ type: 'stale', mine: false });
    expect(cmd('stale mine days=14')).toEqual({ type: 'stale', mine: true, days: 14 });
    expect(cmd('stale owner=carol')).toEqual({ type: 'stale', mine: false, owner: 'carol' });
    expect(cmd('funnel --help')).toEqual({ type: 'help', topic: 'funnel' });
    expect(cmd('stale help')).toEqual({ type: 'help', topic: 'stale' });
  });
  it('rejects bad periods, dimensions, views and extra words with the usage line', () => {
    const r = bad('funnel montth');
    expect(r.data.usage).toBe(usageOf('funnel'));
    expect(r.data.suggestions).toContain('month');
    expect(bad('metrics 2026-02-30').text).toContain('2026-02-30');
    expect(bad('metrics by=colour').data.usage).toBe(usageOf('metrics'));
    expect(bad('metrics by=sorce').data.suggestions).toContain('source');
    bad('winloss by=ceo-before-qualified');
    bad('funnel view=sideways');
    bad('funnel month quarter');
    bad('funnel month colour=red');
    bad('competitors by=owner');
    bad('stale mine owner=bob');
    bad('stale days=0');
    bad('stale lots');
    expect(bad('funel').data.suggestions).toContain('funnel');
  });
  it('documents every analytics command', () => {
    for (const key of ['funnel', 'metrics', 'winloss', 'competitors', 'stale']) {
      expect(commandKeys()).toContain(key);
      expect(usageOf('')).toContain(usageOf(key));
      expect(helpText('zh-CN', key)).toMatch(/[\u4e00-\u9fff]/u);
    }
  });
});
