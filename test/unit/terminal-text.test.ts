import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runRepl } from '../../src/adapters/shell/repl.js';
import { terminalJson, terminalText } from '../../src/adapters/shell/terminal-text.js';
import { fail, ok } from '../../src/core/reply.js';

describe('terminal text', () => {
  it('escapes C0, DEL and C1 controls and bare carriage returns; keeps tabs and line breaks', () => {
    expect(terminalText('a\u001b[2Jb\u009b31m\u0007\u007f\u0000')).toBe('a\\x1B[2Jb\\x9B31m\\x07\\x7F\\x00');
    expect(terminalText('one\ntwo\tthree\r\nfour\rX')).toBe('one\ntwo\tthree\r\nfour\\x0DX');
    expect(terminalText('阿里巴巴 😀')).toBe('阿里巴巴 😀');
  });

  it('keeps JSON parseable to the same value with no raw DEL or C1 byte', () => {
    const value = { text: 'a\u001b\u007f\u009b\u0085z', n: 1 };
    const out = terminalJson(value);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(JSON.parse(out)).toEqual(value);
  });

  it('is what the terminal chat writes, for replies and errors alike', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (b) => (written += b));
    const replies = [ok('Deal "X\u001b[2J" created.'), fail('USAGE', 'bad \u009b1m')];
    const done = runRepl({ input, output, prompt: '> ', greeting: 'hi', handle: async () => replies.shift() ?? ok('') });
    input.end('one\ntwo\n');
    await done;
    expect(written).not.toMatch(/[\u001b\u009b]/);
    expect(written).toContain('Deal "X\\x1B[2J" created.');
    expect(written).toContain('✗ [USAGE] bad \\x9B1m');
  });
});
