// Runs bin/stagecoach as a separate process, as a user or a script would.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/connect.js';

const BIN = join(import.meta.dirname, '../../bin/stagecoach');

function cli(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(BIN, args, {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
    timeout: 180_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(dataDir: string, command: string, extra: string[] = []) {
  const r = cli(dataDir, ['run', command, '--json', ...extra]);
  return { status: r.status, reply: JSON.parse(r.stdout) as { ok: boolean; code?: string; text: string; data?: any } };
}

// Each run starts a process and opens PGlite (≈3 s, more on a busy machine).
describe('bin/stagecoach run --json in an empty data directory', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecoach-e2e-'));

  it('creates a deal, refuses an ungated move, then allows it once the gate is met', () => {
    const created = json(dir, 'deal new "Acme Corp" 120000 industry=software source=referral');
    expect(created.status).toBe(0);
    expect(created.reply).toMatchObject({ ok: true, data: { deal: { name: 'Acme Corp', stage: 'lead' } } });

    const blocked = json(dir, 'deal move "Acme Corp" qualified');
    expect(blocked.status).toBe(1);
    expect(blocked.reply.code).toBe('GATE_BLOCKED');
    const ids = blocked.reply.data.missing.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['decision_maker', 'competitor', 'close_date']));
    expect(json(dir, 'deal show "Acme Corp"').reply.data.deal.stage).toBe('lead');

    expect(json(dir, 'deal contact "Acme Corp" “Wang Wei” role=decision_maker title=“VP Sales”').status).toBe(0);
    expect(json(dir, 'deal competitor "Acme Corp" none').status).toBe(0);
    expect(json(dir, 'deal set "Acme Corp" close=2027-01-31').status).toBe(0);
    const moved = json(dir, 'deal move "Acme Corp" qualified');
    expect(moved.status).toBe(0);
    expect(moved.reply.data.deal.stage).toBe('qualified');
    const history = json(dir, 'deal history "Acme Corp"').reply.data.events;
    expect(history.at(-1)).toMatchObject({ from: 'lead', to: 'qualified' });
  });

  it('understands Chinese names and aliases', () => {
    expect(json(dir, 'deal new 阿里巴巴 5000').status).toBe(0);
    const r = json(dir, 'deal move 阿里巴巴 机会');
    expect(r.reply.code).toBe('GATE_BLOCKED');
    expect(r.reply.data.stage).toBe('opportunity');
  });

  it('answers typos with USAGE (exit 2) or DEAL_NOT_FOUND with suggestions (exit 1), never a stack trace', () => {
    const usage = cli(dir, ['run', 'deal mvoe "Acme Corp" qualified', '--json']);
    expect(usage.status).toBe(2);
    expect(JSON.parse(usage.stdout).code).toBe('USAGE');
    const missing = json(dir, 'deal show "Acme Crop"');
    expect(missing.status).toBe(1);
    expect(missing.reply.code).toBe('DEAL_NOT_FOUND');
    expect(missing.reply.data.suggestions).toContain('Acme Corp');
    for (const r of [usage, cli(dir, ['run', 'deal show "Acme Crop"'])]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('joins unquoted words, acts as another user and role, and checks flags', () => {
    const r = cli(dir, ['run', 'deal', 'new', 'Two Words', '--json', '--as', 'rita', '--role', 'rep']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).data.deal).toMatchObject({ name: 'Two Words', owner: 'rita' });
    expect(json(dir, 'deal set "Acme Corp" team=east', ['--as', 'rita', '--role', 'rep']).reply.code).toBe('FORBIDDEN');
    expect(cli(dir, ['run', 'deal list', '--role', 'boss']).status).toBe(2);
    expect(cli(dir, ['frobnicate']).status).toBe(2);
  });

  it('--role applies to that run only: a first `--as ruth --role manager` does not store ruth as manager', () => {
    expect(json(dir, 'deal set "Acme Corp" team=east', ['--as', 'ruth', '--role', 'manager']).status).toBe(0);
    const members = json(dir, 'role list').reply.data.members as { userId: string; role: string }[];
    expect(members.find((m) => m.userId === 'ruth')?.role).toBe('rep');
    expect(json(dir, 'deal set "Acme Corp" team=west', ['--as', 'ruth']).reply.code).toBe('FORBIDDEN');
  });

  it('names a bad setting and exits 2', () => {
    const r = cli(dir, ['run', 'deal list all', '--json'], { DATABASE_URL: 'mysql://nope' });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, code: 'USAGE' });
    expect(r.stdout).toContain('DATABASE_URL');
  });

  it('refuses a second process on the same PGlite directory with LOCKED', async () => {
    const shell = spawn(BIN, ['start'], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    shell.stdout.on('data', (b) => (out += b));
    await expect.poll(() => out, { timeout: 30_000 }).toContain('stagecoach>');
    const second = json(dir, 'deal list all');
    expect(second.status).toBe(1);
    expect(second.reply.code).toBe('LOCKED');

    shell.stdin.write('deal show "Acme Corp"\n');
    await expect.poll(() => out, { timeout: 30_000 }).toContain('Wang Wei');
    shell.stdin.end('exit\n');
    const code = await new Promise((resolve) => shell.on('exit', resolve));
    expect(code).toBe(0);
    // the lock is gone with the process
    expect(json(dir, 'deal list all').status).toBe(0);
  });

  it('answers a control character in a command with USAGE naming its position, never INTERNAL', () => {
    // argv cannot carry NUL itself; ESC takes the same path (test/integration/input.test.ts has NUL).
    const r = json(dir, 'deal new "N2\u001by" 5');
    expect(r.status).toBe(2);
    expect(r.reply).toMatchObject({ ok: false, code: 'USAGE', data: { position: 13 } });
  });

  it('prints stored control characters escaped, in text and in --json', async () => {
    expect(json(dir, 'deal new Screen').status).toBe(0);
    expect(json(dir, 'deal new Noted').status).toBe(0);
    // Data stored before input was checked (or by another tool): written straight to the database.
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    const evil = 'Screen\u001b[2J\u009b31m\u0007\rX';
    await db.sql.query(`UPDATE deal SET name = $1 WHERE name = 'Screen'`, [evil]);
    await db.sql.query(`UPDATE deal SET notes = $1 WHERE name = 'Noted'`, ['line 1\nline 2\u001b]0;title\u0007']);
    await db.close();

    const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
    const text = cli(dir, ['run', 'deal list all']);
    expect(text.status).toBe(0);
    expect(text.stdout).not.toMatch(unsafe);
    expect(text.stdout).toContain('Screen\\x1B[2J\\x9B31m\\x07\\x0DX');
    const shown = cli(dir, ['run', 'deal show Noted']);
    expect(shown.stdout).not.toMatch(unsafe);
    expect(shown.stdout).toContain('line 1\nline 2\\x1B]0;title\\x07');

    const raw = cli(dir, ['run', 'deal list all', '--json']);
    expect(raw.stdout.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    const names = (JSON.parse(raw.stdout) as { data: { deals: { name: string }[] } }).data.deals.map((d) => d.name);
    expect(names).toContain(evil);
  });

  it('applies migrations on demand', () => {
    const r = cli(mkdtempSync(join(tmpdir(), 'stagecoach-e2e-')), ['migrate', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).data.applied).toEqual(readdirSync(join(import.meta.dirname, '../../prisma/migrations'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort());
  });
});
