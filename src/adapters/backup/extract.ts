// Unpacks a backup (a gzip'd tar as PGlite's dumpDataDir writes it) straight to disk,
// chunk by chunk: memory stays flat whatever the archive expands to, and the expanded
// size is capped so that a small archive cannot fill the disk.
import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';

/** A backup is a gzip'd tar of the database directory; anything else is refused. */
export class InvalidBackupError extends Error {
  constructor(
    message: string,
    /** For a backup from a newer Stagecoach: the first migration this version lacks. */
    readonly needs?: string,
  ) {
    super(message);
  }
}

export class BackupTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The backup expands to more than ${maxBytes} bytes.`);
  }
}

const BLOCK = 512;

interface Entry {
  path: string;
  size: number;
  kind: 'file' | 'dir';
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, start: number, length: number): number {
  const text = field(header, start, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new InvalidBackupError('a tar header has a malformed number');
  return parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === octal(header, 148, 8);
}

/** Member names stay inside the directory: no absolute escapes, no "..". */
function safePath(name: string): string {
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) throw new InvalidBackupError(`the archive names a path outside the database: ${name}`);
  return parts.join('/');
}

function parseHeader(header: Buffer): Entry | 'end' {
  if (header.every((b) => b === 0)) return 'end';
  if (!checksumOk(header)) throw new InvalidBackupError('a tar header is damaged');
  const name = field(header, 0, 100);
  const prefix = field(header, 345, 155);
  const type = String.fromCharCode(header[156] ?? 0);
  const kind = type === '5' ? 'dir' : type === '0' || type === '\0' ? 'file' : undefined;
  if (!kind) throw new InvalidBackupError(`the archive holds an entry of unsupported type ${JSON.stringify(type)}`);
  return { path: safePath(prefix ? `${prefix}/${name}` : name), size: octal(header, 124, 12), kind };
}

/** Writes the tar stream's entries under `dir` as the chunks arrive. */
class TarWriter {
  private header = Buffer.alloc(0);
  private fd: number | undefined;
  private remaining = 0;
  private skip = 0;
  private ended = false;

  constructor(
    private readonly dir: string,
    private readonly budget: { left: number; max: number },
  ) {}

  get done(): boolean {
    return this.ended;
  }

  get midEntry(): boolean {
    return this.fd !== undefined || this.skip > 0 || this.header.length > 0;
  }

  write(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && !this.ended) {
      if (this.fd !== undefined) at += this.writeData(chunk.subarray(at));
      else if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        this.skip -= n;
        at += n;
      } else at += this.readHeader(chunk.subarray(at));
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private readHeader(bytes: Buffer): number {
    const n = Math.min(BLOCK - this.header.length, bytes.length);
    this.header = Buffer.concat([this.header, bytes.subarray(0, n)]);
    if (this.header.length < BLOCK) return n;
    const entry = parseHeader(this.header);
    this.header = Buffer.alloc(0);
    if (entry === 'end') this.ended = true;
    else this.open(entry);
    return n;
  }

  private open(entry: Entry): void {
    // Refuse at the header when the declared size alone is over the cap.
    if (entry.size > this.budget.left) throw new BackupTooLargeError(this.budget.max);
    const target = join(this.dir, entry.path);
    if (entry.kind === 'dir') {
      mkdirSync(target, { recursive: true });
      return;
    }
    mkdirSync(dirname(target), { recursive: true });
    this.fd = openSync(target, 'w', 0o600);
    this.remaining = entry.size;
    this.skip = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (this.remaining === 0) this.close();
  }

  private writeData(bytes: Buffer): number {
    const n = Math.min(this.remaining, bytes.length);
    writeSync(this.fd as number, bytes, 0, n);
    this.remaining -= n;
    if (this.remaining === 0) this.close();
    return n;
  }
}

/**
 * Unpacks `archive` into `dir` (which must exist). Throws InvalidBackupError for anything
 * that is not a complete gzip'd tar, BackupTooLargeError once more than `maxBytes` come out.
 */
export async function extractBackup(archive: string, dir: string, maxBytes: number): Promise<void> {
  const fd = openSync(archive, 'r');
  const gunzip = createGunzip();
  const source = createReadStream('', { fd });
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  const budget = { left: maxBytes, max: maxBytes };
  const tar = new TarWriter(dir, budget);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      budget.left -= chunk.length;
      if (budget.left < 0) throw new BackupTooLargeError(maxBytes);
      tar.write(chunk);
      if (tar.done) break;
    }
    if (tar.midEntry) throw new InvalidBackupError('the archive is truncated');
  } catch (err) {
    if (err instanceof InvalidBackupError || err instanceof BackupTooLargeError) throw err;
    // zlib's errors: not gzip, damaged or cut short
    if ((err as { code?: string }).code?.startsWith('Z_')) throw new InvalidBackupError(`the archive is not a complete gzip file (${(err as Error).message})`);
    throw err;
  } finally {
    tar.close();
    source.destroy();
    gunzip.destroy();
  }
}
