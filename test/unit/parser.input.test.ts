// Inputs that must never reach the database raw: control characters, lone surrogates,
// invisible names, dates outside 1900–2999, amounts that round to nothing.
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/core/commands.js';
import { parseCommand } from '../../src/core/parser.js';
import type { Reply } from '../../src/core/reply.js';

function cmd(input: string): Command {
  const r = parseCommand(input, 'en');
  if (!r.ok) throw new Error(`expected a command for ${JSON.stringify(input)}, got: ${r.reply.text}`);
  return r.command;
}

function bad(input: string): Reply & { data: Record<string, unknown> } {
  for (const locale of ['en', 'zh-CN'] as const) {
    const r = parseCommand(input, locale);
    if (r.ok) throw new Error(`expected USAGE for ${JSON.stringify(input)}, got ${JSON.stringify(r.command)}`);
    expect(r.reply.code).toBe('USAGE');
  }
  const r = parseCommand(input, 'en');
  return (r.ok ? undefined : r.reply) as Reply & { data: Record<string, unknown> };
}

describe('control characters', () => {
  it('refuses NUL anywhere in a command, naming its position', () => {
    const r = bad('deal new "N2\0y" 5');
    expect(r.data.position).toBe(13);
    expect(r.text).toContain('U+0000');
    expect(bad('deal\0 new x').data.position).toBe(5);
  });

  it('refuses ESC, BEL, DEL and C1 controls such as CSI', () => {
    for (const c of ['\u001b', '\u0007', '\u007f', '\u0085', '\u009b', '\u0008', '\u000b', '\u000c']) {
      expect(bad(`deal new "Acme${c}[2J"`).data.position).toBe(15);
    }
  });

  it('refuses a lone surrogate but keeps a pair', () => {
    expect(bad('deal new "A\uD800B"').data.position).toBe(12);
    expect(bad('deal new "A\uDC00"').data.position).toBe(12);
    expect(cmd('deal new "A😀B"')).toMatchObject({ name: 'A😀B' });
  });

  it('keeps tab and line breaks as separators, and inside note, notes and title values', () => {
    expect(cmd('deal\nnew\tAcme\r\n5')).toMatchObject({ type: 'deal.new', name: 'Acme', fields: { amount: 5 } });
    expect(cmd('deal set Acme notes="line 1\nline 2\tend"')).toMatchObject({ fields: { notes: 'line 1\nline 2\tend' } });
    expect(cmd('deal set Acme note="a\r\nb"')).toMatchObject({ fields: { notes: 'a\r\nb' } });
    expect(cmd('deal lost Acme reason=other note="too\nlate"')).toMatchObject({ note: 'too\nlate' });
    expect(cmd('deal contact Acme Jane role=dm title="VP\nSales"')).toMatchObject({ title: 'VP\nSales' });
  });

  it('refuses tab and line breaks inside any other quoted value', () => {
    expect(bad('deal new "Ac\nme"').data.position).toBe(13);
    expect(bad('deal new Acme industry="soft\tware"').data.position).toBe(29);
    expect(bad('deal move Acme "lead\r"').data.position).toBe(21);
    expect(bad('deal competitor Acme "Big\nCo"').data.position).toBe(26);
    expect(bad('deal move Acme lead --override "a\nb"').data.position).toBe(34);
  });

  it('refuses NUL inside a note too (PostgreSQL cannot store it)', () => {
    expect(bad('deal set Acme notes="a\0b"').data.position).toBe(23);
    expect(bad('deal lost Acme reason=other note="a\u001b[2Jb"').data.position).toBe(36);
  });
});

describe('names must show a character', () => {
  const invisible = ['\u200B', '\u200E\u200F', '\u202A\u202B\u202C\u202D\u202E', '\u2066\u2067\u2068\u2069', '\uFEFF', '\u2060', '\u200B \u3000\u200D', '\u3164'];

  it('refuses invisible deal, contact, competitor, tag and stage names', () => {
    for (const s of invisible) {
      bad(`deal new "${s}" 5`);
      bad(`deal show "${s}"`);
      bad(`deal contact Acme "${s}" role=dm`);
      bad(`deal competitor Acme "${s}"`);
      bad(`deal lost Acme reason=competitor competitor="${s}"`);
      bad(`deal tag Acme "${s}"`);
      // In a list, a part that is blank once trimmed is dropped like an empty one; never stored.
      const listed = parseCommand(`deal new Acme tags="ok,${s}"`, 'en');
      if (listed.ok) expect(listed.command).toMatchObject({ fields: { tags: ['ok'] } });
      else expect(listed.reply.code).toBe('USAGE');
      bad(`stage add "${s}"`);
    }
  });

  it('keeps names that mix visible characters with marks', () => {
    expect(cmd('deal new "\u200EAcme\u200F"')).toMatchObject({ name: '\u200EAcme\u200F' });
    expect(cmd('deal new "שלום"')).toMatchObject({ name: 'שלום' });
    expect(cmd('deal new "👍"')).toMatchObject({ name: '👍' });
  });
});

describe('dates and amounts', () => {
  it('refuses years outside 1900–2999', () => {
    for (const d of ['0000-01-01', '1899-12-31', '3000-01-01', '9999-12-31']) bad(`deal set Acme close=${d}`);
    expect(cmd('deal set Acme close=1900-01-01')).toMatchObject({ fields: { close: '1900-01-01' } });
    expect(cmd('deal set Acme close=2999-12-31')).toMatchObject({ fields: { close: '2999-12-31' } });
  });

  it('refuses a positive amount that rounds to 0 at the cent', () => {
    bad('deal new Acme 0.001');
    bad('deal new Acme amount=0.004');
    bad('deal set Acme amount=0.001');
    bad('deal won Acme 0.0049');
    expect(cmd('deal new Acme 0.005')).toMatchObject({ fields: { amount: 0.01 } });
    expect(cmd('deal set Acme amount=0')).toMatchObject({ fields: { amount: 0 } });
    expect(cmd('deal set Acme amount=12.345')).toMatchObject({ fields: { amount: 12.35 } });
  });

  it('refuses amounts beyond what is stored', () => {
    bad('deal new Acme 10000000000000000');
    bad('deal new Acme 1000000000000001');
    bad(`deal new Acme ${'9'.repeat(400)}`);
    bad('deal new Acme 2亿亿');
    expect(cmd('deal new Acme 1000000000000000')).toMatchObject({ fields: { amount: 1e15 } });
  });
});
