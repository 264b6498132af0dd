// The terminal chat: a chat bot's shell adapter. One line in, one reply out.
import { createInterface } from 'node:readline';
import type { Reply } from '../../core/reply.js';
import { terminalText } from './terminal-text.js';

export interface ReplOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  prompt: string;
  greeting: string;
  handle(line: string): Promise<Reply>;
}

const EXIT_WORDS = new Set(['exit', 'quit', '/exit', '/quit', '退出']);

/** Resolves when the user leaves (exit, quit, Ctrl-D) or the input ends. */
export function runRepl(opts: ReplOptions): Promise<void> {
  const terminal = 'isTTY' in opts.input && Boolean((opts.input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input: opts.input, output: opts.output, prompt: opts.prompt, terminal });
  const write = (s: string) => opts.output.write(terminalText(s.endsWith('\n') ? s : `${s}\n`));
  write(opts.greeting);
  rl.prompt();
  return new Promise((resolve) => {
    // Lines are handled one at a time, in order, even when pasted in bulk.
    let queue = Promise.resolve();
    let closing = false;
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        if (closing) return;
        const text = line.trim();
        if (EXIT_WORDS.has(text.toLowerCase())) {
          closing = true;
          rl.close();
          return;
        }
        if (text) {
          const reply = await opts.handle(text);
          write(reply.ok ? reply.text : `✗ [${reply.code}] ${reply.text}`);
        }
        rl.prompt();
      });
    });
    rl.on('close', () => {
      closing = true;
      void queue.then(() => resolve());
    });
  });
}
