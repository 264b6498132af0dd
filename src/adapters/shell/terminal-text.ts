// Text bound for a terminal. Stored data may hold control characters (imported before
// input was checked, or written by another tool): ESC, CSI and friends would clear the
// screen, move the cursor or retitle the window. They are shown escaped as \xHH instead;
// line breaks and tabs stay, a bare carriage return (which overwrites the line) does not.

const UNSAFE = /\r(?!\n)|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

function hex(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/** `s` with every control character but tab and line breaks escaped as \xHH. */
export function terminalText(s: string): string {
  return s.replace(UNSAFE, hex);
}

// JSON.stringify escapes C0 controls but leaves DEL and the C1 range (CSI is U+009B) raw.
const JSON_UNSAFE = /[\u007F-\u009F]/g;

/** JSON text safe to print on a terminal; it parses to the same value. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
