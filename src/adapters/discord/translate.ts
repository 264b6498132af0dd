// Slash command options → the core's text command language. Every value is quoted or
// passed as a bare word so that the core parser reads exactly what the member chose;
// all validation (amounts, dates, lengths, one filter, …) stays in the core.

export type OptionValue = string | number | boolean;

export interface SlashInput {
  command: string;
  sub: string | null;
  options: Readonly<Record<string, OptionValue>>;
}

/** A quoted token: quoted tokens are never read as flags, keys or keywords. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/["”]/g, (q) => `\\${q}`)}"`;
}

const BARE = /^[\p{L}\p{N}_.:/+,-]+$/u;

/** A bare word when it is one (`month`, `2026-01-01..2026-03-31`), quoted otherwise. */
export function word(value: string): string {
  return BARE.test(value) && !value.startsWith('-') ? value : quote(value);
}

function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'NaN';
}

function str(o: SlashInput['options'], key: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  return typeof v === 'number' ? num(v) : String(v);
}

const NONE_WORDS = ['none', '无', '没有'];
const DEAL_FIELD_KEYS = ['amount', 'currency', 'close', 'industry', 'source', 'team', 'owner', 'tags', 'notes'] as const;

/** `key=value` pairs for deal fields; users (owner) are ids, numbers stay bare. */
function fields(o: SlashInput['options']): string[] {
  const out: string[] = [];
  for (const key of DEAL_FIELD_KEYS) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v === 'number') out.push(`${key}=${num(v)}`);
    else if (key === 'owner') out.push(`owner=${word(String(v))}`);
    else out.push(`${key}=${quote(String(v))}`);
  }
  return out;
}

function overrideOf(o: SlashInput['options']): string[] {
  const r = str(o, 'override');
  return r === undefined ? [] : ['--override', quote(r)];
}

function words(raw: string | undefined): string[] {
  return (raw ?? '').split(/\s+/u).filter(Boolean).map(word);
}

function dealText(sub: string, o: SlashInput['options']): string {
  const name = quote(str(o, 'name') ?? '');
  const opt = (key: string, render: (v: string) => string = quote) => {
    const v = str(o, key);
    return v === undefined ? [] : [`${key}=${render(v)}`];
  };
  switch (sub) {
    case 'new':
    case 'set':
      return ['deal', sub, name, ...fields(o)].join(' ');
    case 'move':
      return ['deal move', name, quote(str(o, 'stage') ?? ''), ...overrideOf(o)].join(' ');
    case 'contact':
      return ['deal contact', name, quote(str(o, 'person') ?? ''), ...opt('role', word), ...opt('title')].join(' ');
    case 'competitor': {
      const c = (str(o, 'competitor') ?? '').trim();
      return ['deal competitor', name, NONE_WORDS.includes(c.toLowerCase()) ? c : quote(c)].join(' ');
    }
    case 'tag':
      return ['deal tag', name, ...(str(o, 'tags') ?? '').split(/[\s,，、]+/u).filter(Boolean).map(quote)].join(' ');
    case 'won': {
      const amount = o.amount;
      return ['deal won', name, ...(typeof amount === 'number' ? [num(amount)] : []), ...overrideOf(o)].join(' ');
    }
    case 'lost':
      return ['deal lost', name, ...opt('reason', word), ...opt('competitor'), ...opt('note'), ...overrideOf(o)].join(' ');
    case 'list': {
      const filter = str(o, 'filter');
      return ['deal list', ...(filter === undefined ? [] : [word(filter)]), ...opt('stage'), ...opt('owner', word)].join(' ');
    }
    default:
      return `deal ${sub} ${name}`;
  }
}

/** The text command for a slash command, as the terminal chat would type it. */
export function toCommandText(input: SlashInput): string {
  const o = input.options;
  // A period may be several words ("last 30 days"): the core joins them.
  const analytics = [...words(str(o, 'period'))];
  for (const key of ['by', 'view'] as const) {
    const v = str(o, key);
    if (v !== undefined) analytics.push(`${key}=${word(v)}`);
  }
  switch (input.command) {
    case 'deal':
      return dealText(input.sub ?? 'show', o);
    case 'funnel':
    case 'metrics':
    case 'competitors':
      return [input.command, ...analytics].join(' ');
    case 'winloss': {
      const from = str(o, 'from');
      return ['winloss', ...analytics, ...(from === undefined ? [] : [`from=${quote(from)}`])].join(' ');
    }
    case 'stale': {
      const owner = str(o, 'owner');
      const days = str(o, 'days');
      return ['stale', ...(o.mine === true ? ['mine'] : []), ...(owner === undefined ? [] : [`owner=${word(owner)}`]), ...(days === undefined ? [] : [`days=${days}`])].join(' ');
    }
    case 'gates':
      if (input.sub === 'set') return ['gates set', quote(str(o, 'stage') ?? ''), 'require', ...words(str(o, 'requirements'))].join(' ');
      return 'gates show';
    case 'stage': {
      const stage = quote(str(o, 'stage') ?? '');
      const after = str(o, 'after');
      switch (input.sub) {
        case 'add':
          return ['stage add', stage, ...(after === undefined ? [] : [`after=${quote(after)}`])].join(' ');
        case 'rename':
          return ['stage rename', stage, quote(str(o, 'new') ?? '')].join(' ');
        case 'remove':
          return `stage remove ${stage}`;
        case 'move':
          return ['stage move', stage, `after=${quote(after ?? '')}`].join(' ');
        default:
          return 'stage list';
      }
    }
    case 'role':
      if (input.sub === 'set') return ['role set', word(str(o, 'user') ?? ''), word(str(o, 'role') ?? '')].join(' ');
      return 'role list';
    case 'stagecoach': {
      const text = (str(o, 'command') ?? '').trim();
      return text === '' ? 'help' : text;
    }
    default:
      return `help ${input.command}`;
  }
}
