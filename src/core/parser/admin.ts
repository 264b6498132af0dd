// `gates …`, `stage …` and `role …`. Stage names stay raw: the use case resolves them.

import type { Command } from '../commands.js';
import { usage } from './errors.js';
import { need, noMore, splitArgs } from './args.js';
import type { Token } from './tokenize.js';
import { NAME_MAX, text, userRole, visibleName } from './values.js';

type Parse = (rest: readonly Token[]) => Command;

function stageName(raw: string, arg: string, command: string): string {
  return visibleName(raw, arg, command, NAME_MAX);
}

const REQUIRE_WORDS = ['require', 'requires', 'required'];
const NONE_WORDS = ['none', '无', '没有'];

function gatesSet(rest: readonly Token[]): Command {
  const c = 'gates set';
  const args = splitArgs(rest, { command: c });
  const stage = stageName(need(args, 0, '<stage>', c), '<stage>', c);
  const keyword = args.positionals[1];
  if (keyword === undefined || keyword.quoted || !REQUIRE_WORDS.includes(keyword.text.toLowerCase())) {
    return usage('requireKeyword', {}, c);
  }
  const words = args.positionals.slice(2);
  if (words.length === 0) return usage('noRequirements', {}, c);
  const requires: string[] = [];
  let none = false;
  for (const w of words) {
    if (!w.quoted && NONE_WORDS.includes(w.text.trim().toLowerCase())) {
      none = true;
      continue;
    }
    for (const part of w.text.split(/[,，、]/u)) {
      // Requirement ids are snake_case: accept `Close-Date` for close_date.
      const r = part.trim().toLowerCase().replace(/-/g, '_');
      if (r.length === 0) continue;
      if (Array.from(r).length > NAME_MAX) usage('valueTooLong', { field: '<requirement>', max: NAME_MAX }, c);
      if (!requires.includes(r)) requires.push(r);
    }
  }
  if (none && requires.length > 0) return usage('noneMixed', {}, c);
  if (!none && requires.length === 0) return usage('noRequirements', {}, c);
  return { type: 'gates.set', stage, requires };
}

function bare(type: 'digest.subscribe' | 'digest.unsubscribe' | 'digest.now' | 'digest.status', command: string): Parse {
  return (rest) => {
    noMore(splitArgs(rest, { command }), 0, command);
    return { type };
  };
}

export const GROUP_PARSERS: Record<'gates' | 'stage' | 'role' | 'digest', Record<string, Parse>> = {
  digest: {
    subscribe: bare('digest.subscribe', 'digest subscribe'),
    unsubscribe: bare('digest.unsubscribe', 'digest unsubscribe'),
    now: bare('digest.now', 'digest now'),
    status: bare('digest.status', 'digest status'),
  },
  gates: {
    show: (rest) => {
      noMore(splitArgs(rest, { command: 'gates show' }), 0, 'gates show');
      return { type: 'gates.show' };
    },
    set: gatesSet,
  },
  stage: {
    list: (rest) => {
      noMore(splitArgs(rest, { command: 'stage list' }), 0, 'stage list');
      return { type: 'stage.list' };
    },
    add: (rest) => {
      const c = 'stage add';
      const args = splitArgs(rest, { command: c, keys: ['after'] });
      const stage = stageName(need(args, 0, '<stage>', c), '<stage>', c);
      noMore(args, 1, c);
      const after = args.keys.get('after');
      return after === undefined
        ? { type: 'stage.add', stage }
        : { type: 'stage.add', stage, after: stageName(after, 'after', c) };
    },
    rename: (rest) => {
      const c = 'stage rename';
      const args = splitArgs(rest, { command: c });
      const stage = stageName(need(args, 0, '<old>', c), '<old>', c);
      const newName = stageName(need(args, 1, '<new>', c), '<new>', c);
      noMore(args, 2, c);
      return { type: 'stage.rename', stage, newName };
    },
    remove: (rest) => {
      const c = 'stage remove';
      const args = splitArgs(rest, { command: c });
      const stage = stageName(need(args, 0, '<stage>', c), '<stage>', c);
      noMore(args, 1, c);
      return { type: 'stage.remove', stage };
    },
    move: (rest) => {
      const c = 'stage move';
      const args = splitArgs(rest, { command: c, keys: ['after'] });
      const stage = stageName(need(args, 0, '<stage>', c), '<stage>', c);
      noMore(args, 1, c);
      const after = args.keys.get('after');
      if (after === undefined) return usage('missingKey', { key: 'after' }, c);
      return { type: 'stage.move', stage, after: stageName(after, 'after', c) };
    },
  },
  role: {
    set: (rest) => {
      const c = 'role set';
      const args = splitArgs(rest, { command: c });
      const user = text(need(args, 0, '<user>', c), '<user>', c);
      const role = userRole(need(args, 1, '<rep|manager|admin>', c), c);
      noMore(args, 2, c);
      return { type: 'role.set', user, role };
    },
    list: (rest) => {
      noMore(splitArgs(rest, { command: 'role list' }), 0, 'role list');
      return { type: 'role.list' };
    },
  },
};

/** Subcommand aliases per group (typed word → canonical subcommand). */
export const SUB_ALIASES: Record<string, Record<string, string>> = {
  deal: { create: 'new', add: 'new', update: 'set', edit: 'set', tags: 'tag', win: 'won', lose: 'lost', ls: 'list', info: 'show' },
  gates: { ls: 'show', list: 'show' },
  stage: { ls: 'list', rm: 'remove', delete: 'remove', del: 'remove', mv: 'move', create: 'add', new: 'add' },
  role: { ls: 'list' },
  digest: { on: 'subscribe', off: 'unsubscribe', stop: 'unsubscribe', show: 'status' },
};
