// Files (or stdin) as import sources: bytes are streamed, decoded as UTF-8 on the way
// and handed to the core parser chunk by chunk, so memory does not grow with the file.
import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvInputError, type ImportSource } from '../../core/csv/import.js';
import { csvSay } from '../../core/csv/texts.js';
import type { Locale } from '../../core/model.js';
import { fail, type Reply } from '../../core/reply.js';

/** Files larger than this are refused before reading (64 MiB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** UTF-8 text of a byte stream; CsvInputError for bytes that are not UTF-8 or more than `maxBytes`. */
export async function* decodeUtf8(bytes: AsyncIterable<Uint8Array | string>, maxBytes = MAX_FILE_BYTES): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let total = 0;
  for await (const chunk of bytes) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buf.length;
    if (total > maxBytes) throw new CsvInputError('TOO_LARGE', 'fileTooLarge', { max: Math.floor(maxBytes / 1048576) });
    let text: string;
    try {
      text = decoder.decode(buf, { stream: true });
    } catch {
      throw new CsvInputError('INVALID', 'notUtf8');
    }
    if (text) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new CsvInputError('INVALID', 'notUtf8');
  }
  if (rest) yield rest;
}

/** A CSV file as an import source ("-" reads stdin), or the reply saying why it cannot be read. */
export async function openSource(path: string, locale: Locale, maxBytes = MAX_FILE_BYTES): Promise<ImportSource | Reply> {
  if (path === '-') return { name: 'stdin', chunks: decodeUtf8(process.stdin, maxBytes) };
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail('USAGE', csvSay(locale, 'notAFile', { file: path }));
    await access(path, constants.R_OK);
    if (info.size > maxBytes) {
      const message = csvSay(locale, 'fileTooLarge', { max: Math.floor(maxBytes / 1048576) });
      const error = { file: basename(path), line: 1, code: 'TOO_LARGE' as const, message };
      return fail('TOO_LARGE', `${csvSay(locale, 'failed', { count: 1 })}\n  ${basename(path)}: ${message}`, { errors: [error], errorCount: 1 });
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('USAGE', csvSay(locale, 'noSuchFile', { file: path }));
    return fail('USAGE', csvSay(locale, 'notAFile', { file: path }));
  }
  return { name: basename(path), chunks: decodeUtf8(createReadStream(path, { highWaterMark: CHUNK_BYTES }), maxBytes) };
}
