// Message platforms: the `deal` word is optional before a deal subcommand.
import { describe, expect, it } from 'vitest';
import { withDealWord } from '../../src/adapters/chat/deal-word.js';
import { parseCommand } from '../../src/core/parser.js';

describe('withDealWord', () => {
  it.each([
    ['move 阿里巴巴 机会', 'deal move 阿里巴巴 机会'],
    ['  new 腾讯 10万 ', 'deal new 腾讯 10万'],
    ['Show ACME', 'deal Show ACME'],
    ['win ACME', 'deal win ACME'],
    ['list all', 'deal list all'],
  ])('prefixes a deal subcommand: %s', (input, expected) => {
    expect(withDealWord(input)).toBe(expected);
  });

  it.each(['deal move A b', 'stage list', 'gates show', 'funnel 90d', 'stale', 'digest now', 'help', '帮助', 'role list', ''])(
    'leaves a command of its own alone: %s',
    (input) => {
      expect(withDealWord(input)).toBe(input.trim());
    },
  );

  it('makes `move X opportunity` parse as the deal move', () => {
    const parsed = parseCommand(withDealWord('move 阿里巴巴 机会'), 'zh-CN');
    expect(parsed.ok && parsed.command.type).toBe('deal.move');
  });
});
