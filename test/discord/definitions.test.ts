// Command definitions against Discord's limits, and slash options → the core grammar.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandDefinitions, inputOf, type CommandDefinition, type OptionDefinition, type SlashInput } from '../../src/adapters/discord/definitions.js';
import { checkCommandDefinitions } from '../../src/adapters/discord/limits.js';
import { readCommand } from '../../src/core/execute.js';
import { registeredCatalogues } from '../../src/core/i18n.js';
import { parseCommand } from '../../src/core/parser.js';

/** A quoted token: quoted tokens are never read as flags, keys or keywords. */
const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/["”]/g, (q) => `\\${q}`)}"`;

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function walk(defs: CommandDefinition[]): { where: string; o: CommandDefinition | OptionDefinition }[] {
  const out: { where: string; o: CommandDefinition | OptionDefinition }[] = [];
  const visit = (where: string, o: CommandDefinition | OptionDefinition) => {
    out.push({ where, o });
    for (const child of o.options ?? []) visit(`${where} ${child.name}`, child);
  };
  for (const d of defs) visit(`/${d.name}`, d);
  return out;
}

describe('command definitions', () => {
  const defs = commandDefinitions();

  it('pass the limit check', () => {
    expect(checkCommandDefinitions(defs)).toEqual([]);
  });

  it('respect Discord’s limits, checked here independently', () => {
    expect(defs.length).toBeLessThanOrEqual(100);
    for (const { where, o } of walk(defs)) {
      expect(o.name, where).toMatch(NAME);
      expect(o.name, where).toBe(o.name.toLowerCase());
      for (const d of [o.description, ...Object.values(o.description_localizations ?? {})]) {
        expect(d.length, `${where}: ${d}`).toBeGreaterThanOrEqual(1);
        expect(d.length, `${where}: ${d}`).toBeLessThanOrEqual(100);
      }
      expect(o.description_localizations?.['zh-CN'], `${where} has a zh-CN description`).toBeTruthy();
      expect((o.options ?? []).length, `${where}: options/subcommands`).toBeLessThanOrEqual(25);
      const choices = 'choices' in o ? (o.choices ?? []) : [];
      expect(choices.length, `${where}: choices`).toBeLessThanOrEqual(25);
      for (const c of choices) {
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(c.value.length).toBeLessThanOrEqual(100);
        expect(c.name_localizations?.['zh-CN']).toBeTruthy();
      }
      // Required options first, as Discord demands.
      const leaves = (o.options ?? []).filter((x) => x.type !== 1 && x.type !== 2);
      const firstOptional = leaves.findIndex((x) => !x.required);
      if (firstOptional >= 0) expect(leaves.slice(firstOptional).some((x) => x.required), where).toBe(false);
    }
  });

  it('cover the grammar: /deal with every subcommand, analytics and admin commands; guild-only', () => {
    const deal = defs.find((d) => d.name === 'deal');
    expect(deal?.options?.map((o) => o.name)).toEqual(['new', 'move', 'set', 'contact', 'competitor', 'tag', 'won', 'lost', 'show', 'history', 'list']);
    expect(defs.map((d) => d.name)).toEqual(['deal', 'funnel', 'metrics', 'winloss', 'competitors', 'stale', 'gates', 'stage', 'role', 'stagecoach']);
    for (const d of defs) expect(d.contexts).toEqual([0]);
    const move = deal?.options?.find((o) => o.name === 'move');
    expect(move?.options?.find((o) => o.name === 'stage')).toMatchObject({ type: 3, required: true, autocomplete: true });
    const set = deal?.options?.find((o) => o.name === 'set');
    expect(set?.options?.find((o) => o.name === 'amount')).toMatchObject({ type: 10 });
    expect(set?.options?.find((o) => o.name === 'close')).toMatchObject({ type: 3, min_length: 8, max_length: 10 });
    const role = defs.find((d) => d.name === 'role')?.options?.find((o) => o.name === 'set');
    expect(role?.options?.find((o) => o.name === 'role')?.choices?.map((c) => c.value)).toEqual(['rep', 'manager', 'admin']);
    expect(role?.options?.find((o) => o.name === 'user')?.type).toBe(6);
  });

  it('the check catches broken definitions', () => {
    const broken: CommandDefinition[] = [
      {
        type: 1,
        name: 'Deal',
        description: 'x'.repeat(101),
        contexts: [0],
        integration_types: [0],
        options: [
          { type: 3, name: 'opt', description: 'optional' },
          { type: 3, name: 'req', description: 'required', required: true },
          { type: 3, name: 'many', description: 'many', choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) },
          ...Array.from({ length: 23 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd' })),
        ],
      },
    ];
    const problems = checkCommandDefinitions(broken).join('\n');
    expect(problems).toContain('must be lowercase');
    expect(problems).toContain('description has 101 characters');
    expect(problems).toContain('26 choices');
    expect(problems).toContain('26 options');
    expect(problems).toContain('required option must come before');
  });

  it('labels exist in en and zh-CN', async () => {
    await import('../../src/adapters/discord/texts.js');
    const c = registeredCatalogues().find((x) => x.name === 'discord');
    expect(c).toBeDefined();
    expect(Object.keys(c?.zh ?? {}).sort()).toEqual(Object.keys(c?.en ?? {}).sort());
  });
});

describe('slash options → the core grammar', () => {
  const parse = (input: SlashInput) => {
    const r = readCommand(inputOf(input), 'en');
    if (!r.ok) throw new Error(`${JSON.stringify(input)} → ${r.reply.text}`);
    return r.command;
  };
  const text = (t: string) => {
    const r = parseCommand(t, 'en');
    if (!r.ok) throw new Error(`${t} → ${r.reply.text}`);
    return r.command;
  };
  const deal = (sub: string, options: SlashInput['options']) => parse({ command: 'deal', sub, options });

  it('maps every /deal subcommand', () => {
    expect(
      deal('new', { name: 'Acme "Big" Corp\\', amount: 1200.5, currency: 'usd', close: '2026-06-30', industry: 'Software', source: 'referral', team: 'East', owner: '123456789012345678', tags: 'a,b' }),
    ).toEqual({
      type: 'deal.new',
      name: 'Acme "Big" Corp\\',
      fields: { amount: 1200.5, currency: 'USD', close: '2026-06-30', industry: 'Software', source: 'referral', team: 'East', owner: '123456789012345678', tags: ['a', 'b'] },
    });
    expect(deal('move', { name: '--override', stage: 'Closed Won', override: 'boss said "yes"' })).toEqual({
      type: 'deal.move',
      name: '--override',
      stage: 'Closed Won',
      override: 'boss said "yes"',
    });
    expect(deal('set', { name: 'Acme', notes: 'call back = later' })).toEqual({ type: 'deal.set', name: 'Acme', fields: { notes: 'call back = later' } });
    expect(deal('contact', { name: 'Acme', person: 'Jane Doe', role: 'decision_maker', title: 'VP Sales' })).toEqual({
      type: 'deal.contact',
      name: 'Acme',
      person: 'Jane Doe',
      role: 'decision_maker',
      title: 'VP Sales',
    });
    expect(deal('competitor', { name: 'Acme', competitor: 'None' })).toEqual({ type: 'deal.competitor', name: 'Acme', competitor: null });
    expect(deal('competitor', { name: 'Acme', competitor: 'Globex Corp' })).toEqual({ type: 'deal.competitor', name: 'Acme', competitor: 'Globex Corp' });
    expect(deal('tag', { name: 'Acme', tags: 'q3, Enterprise  hot' })).toEqual({ type: 'deal.tag', name: 'Acme', tags: ['q3', 'enterprise', 'hot'] });
    expect(deal('won', { name: 'Acme', amount: 75000 })).toEqual({ type: 'deal.won', name: 'Acme', amount: 75000 });
    expect(deal('lost', { name: 'Acme', reason: 'competitor', competitor: 'Globex', note: 'cheaper' })).toEqual({
      type: 'deal.lost',
      name: 'Acme',
      reason: 'competitor',
      competitor: 'Globex',
      note: 'cheaper',
    });
    expect(deal('show', { name: 'help' })).toEqual({ type: 'deal.show', name: 'help' });
    expect(deal('history', { name: '阿里巴巴' })).toEqual({ type: 'deal.history', name: '阿里巴巴' });
    expect(deal('list', {})).toEqual({ type: 'deal.list', filter: { kind: 'mine' } });
    expect(deal('list', { filter: 'all' })).toEqual({ type: 'deal.list', filter: { kind: 'all' } });
    expect(deal('list', { stage: 'proposal' })).toEqual({ type: 'deal.list', filter: { kind: 'stage', stage: 'proposal' } });
    expect(deal('list', { owner: '123456789012345678' })).toEqual({ type: 'deal.list', filter: { kind: 'owner', owner: '123456789012345678' } });
    // Two filters: the core says so (USAGE), the adapter does not decide.
    const two = readCommand(inputOf({ command: 'deal', sub: 'list', options: { filter: 'all', stage: 'lead' } }), 'en');
    expect(two.ok).toBe(false);
  });

  it('maps gates, stage, role and the free-text /stagecoach', () => {
    expect(parse({ command: 'gates', sub: 'show', options: {} })).toEqual({ type: 'gates.show' });
    expect(parse({ command: 'gates', sub: 'set', options: { stage: 'proposal', requirements: 'amount close_date,decision_maker' } })).toEqual({
      type: 'gates.set',
      stage: 'proposal',
      requires: ['amount', 'close_date', 'decision_maker'],
    });
    expect(parse({ command: 'stage', sub: 'add', options: { stage: 'pilot', after: 'qualified' } })).toEqual({ type: 'stage.add', stage: 'pilot', after: 'qualified' });
    expect(parse({ command: 'stage', sub: 'rename', options: { stage: 'pilot', new: 'Trial run' } })).toEqual({ type: 'stage.rename', stage: 'pilot', newName: 'Trial run' });
    expect(parse({ command: 'stage', sub: 'remove', options: { stage: 'pilot' } })).toEqual({ type: 'stage.remove', stage: 'pilot' });
    expect(parse({ command: 'stage', sub: 'move', options: { stage: 'pilot', after: 'lead' } })).toEqual({ type: 'stage.move', stage: 'pilot', after: 'lead' });
    expect(parse({ command: 'stage', sub: 'list', options: {} })).toEqual({ type: 'stage.list' });
    expect(parse({ command: 'role', sub: 'set', options: { user: '123456789012345678', role: 'manager' } })).toEqual({ type: 'role.set', user: '123456789012345678', role: 'manager' });
    expect(parse({ command: 'role', sub: 'list', options: {} })).toEqual({ type: 'role.list' });
    expect(parse({ command: 'stagecoach', sub: null, options: {} })).toEqual({ type: 'help' });
    expect(parse({ command: 'stagecoach', sub: null, options: { command: 'deal list all' } })).toEqual({ type: 'deal.list', filter: { kind: 'all' } });
  });

  it('reads analytics options as the core grammar reads the same text', () => {
    const slash = (command: string, options: SlashInput['options']) => parse({ command, sub: null, options });
    expect(slash('funnel', {})).toEqual(text('funnel'));
    expect(slash('funnel', { period: 'last-quarter', by: 'source', view: 'activity' })).toEqual(text('funnel last-quarter by=source view=activity'));
    expect(slash('metrics', { period: '2026-01-01..2026-03-31', by: 'dm-before-qualified' })).toEqual(text('metrics 2026-01-01..2026-03-31 by=dm-before-qualified'));
    expect(slash('metrics', { period: 'last 30 days' })).toEqual(text('metrics last 30 days'));
    expect(slash('winloss', { by: 'team', from: 'Proposal' })).toEqual(text('winloss by=team from="Proposal"'));
    expect(slash('competitors', { period: '本季度' })).toEqual(text('competitors 本季度'));
    expect(slash('stale', { mine: true, days: 30 })).toEqual(text('stale mine days=30'));
    expect(slash('stale', { mine: false, owner: '123456789012345678' })).toEqual(text('stale owner=123456789012345678'));
    expect(readCommand(inputOf({ command: 'metrics', sub: null, options: { by: 'a b' } }), 'en')).toEqual(parseCommand('metrics by="a b"', 'en'));
    // Whatever the core's analytics grammar accepts today, it reads these back.
    for (const t of ['funnel last-quarter by=source view=activity', 'metrics last 30 days', 'winloss by=team from="Proposal"', 'stale mine days=30']) {
      const r = parseCommand(t, 'en');
      expect(r.ok, `${t}: ${r.ok ? '' : r.reply.text}`).toBe(true);
    }
  });

  it('quotes any deal name so the parser reads it back exactly (trimmed)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }), (name) => {
        fc.pre(name.trim().length > 0 && !/[\r\n]/.test(name));
        const r = parseCommand(`deal show ${quote(name)}`, 'en');
        expect(r.ok && r.command).toEqual({ type: 'deal.show', name: name.trim() });
      }),
      { numRuns: 300 },
    );
  });
});
