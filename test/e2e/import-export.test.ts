// bin/stagecoach import / export as separate processes, as a user or a script runs them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/stagecoach');
const EXAMPLES = join(ROOT, 'examples');
const TIME = '/usr/bin/time';

function cli(dataDir: string, args: string[], options: { time?: boolean } = {}) {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
  const timed = options.time && existsSync(TIME);
  const [cmd, argv] = timed ? [TIME, ['-f', 'peak-rss-kb=%M', BIN, ...args]] : [BIN, args];
  const started = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const rss = /peak-rss-kb=(\d+)/.exec(r.stderr ?? '')?.[1];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds, peakRssMb: rss ? Number(rss) / 1024 : undefined };
}

function json(dataDir: string, args: string[]) {
  const r = cli(dataDir, [...args, '--json']);
  return { ...r, reply: JSON.parse(r.stdout) as { ok: boolean; code?: string; text: string; data?: any } };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'stagecoach-csv-'));

describe('bin/stagecoach import and export', { timeout: 900_000 }, () => {
  const dir = tmp();
  const files = tmp();

  it('imports the examples, exports them, and the export imports into an empty workspace with nothing lost', () => {
    const imported = json(dir, ['import', join(EXAMPLES, 'deals.csv'), join(EXAMPLES, 'history.csv')]);
    expect(imported.status).toBe(0);
    expect(imported.reply).toMatchObject({ ok: true, data: { created: 5, events: 17 } });

    const history = json(dir, ['run', 'deal history "Globex Industries"']).reply.data.events;
    expect(history[2]).toMatchObject({ from: 'opportunity', to: 'qualified', by: 'mona', overrideReason: 'Budget confirmed by phone, the CFO joins next week', imported: true });

    const deals = cli(dir, ['export']);
    expect(deals.status).toBe(0);
    expect(deals.stderr).toMatch(/Exported 5 deals/);
    const events = cli(dir, ['export', 'history', '--json']);
    expect(events.status).toBe(0);
    expect(JSON.parse(events.stderr)).toMatchObject({ ok: true, data: { kind: 'history', events: 17, deals: 5 } });
    // the formula guard: a name starting with "-" is exported as '-…
    expect(deals.stdout).toMatch(/\r\n'-Hooli \(spin-off\),lead,sam,/);
    writeFileSync(join(files, 'deals.csv'), deals.stdout);
    writeFileSync(join(files, 'history.csv'), events.stdout);

    const copy = tmp();
    const again = json(copy, ['import', join(files, 'deals.csv'), join(files, 'history.csv')]);
    expect(again.status).toBe(0);
    expect(cli(copy, ['export']).stdout).toBe(deals.stdout);
    expect(cli(copy, ['export', 'history']).stdout).toBe(events.stdout);

    // importing the same files again changes nothing
    const same = json(copy, ['import', join(files, 'deals.csv'), join(files, 'history.csv')]);
    expect(same.reply).toMatchObject({ ok: true, data: { created: 0, updated: 0, moved: 0, unchanged: 5, events: 0 } });
  });

  it('exits 1 with every row error (line, column, code) and writes nothing; 2 for usage mistakes', () => {
    const bad = join(files, 'bad.csv');
    writeFileSync(bad, 'name,stage,amount\nFine,lead,10\nBroken,lead,ten\nEarly,qualified,5\n');
    const r = json(dir, ['import', bad]);
    expect(r.status).toBe(1);
    expect(r.reply.code).toBe('INVALID');
    expect(r.reply.data.errors).toEqual([expect.objectContaining({ line: 3, column: 'amount', code: 'INVALID' })]);
    const text = cli(dir, ['import', bad]);
    expect(text.status).toBe(1);
    expect(text.stderr).toMatch(/line 3, amount: "ten" is not an amount/);
    expect(text.stderr).not.toMatch(/\n\s+at /);

    writeFileSync(bad, 'name,stage,amount\nFine,lead,10\nEarly,qualified,5\n');
    const gate = json(dir, ['import', bad]);
    expect(gate.status).toBe(1);
    expect(gate.reply.data.errors).toEqual([expect.objectContaining({ line: 3, code: 'GATE_BLOCKED', missing: expect.arrayContaining(['decision_maker', 'close_date']) })]);
    expect(json(dir, ['run', 'deal show Fine']).reply.code).toBe('DEAL_NOT_FOUND');

    expect(cli(dir, ['import']).status).toBe(2);
    expect(json(dir, ['import', join(files, 'nope.csv')]).reply.code).toBe('USAGE');
    expect(cli(dir, ['import', bad, '--frobnicate']).status).toBe(2);
    expect(cli(dir, ['export', 'contacts']).status).toBe(2);

    const rep = json(dir, ['import', join(EXAMPLES, 'deals.csv'), '--as', 'rita', '--role', 'rep']);
    expect(rep.status).toBe(1);
    expect(rep.reply.code).toBe('FORBIDDEN');
  });

  it('records a history as it is with --historical, and validates it without', () => {
    const h = join(files, 'h.csv');
    const d = join(files, 'd.csv');
    writeFileSync(d, 'name,stage\nJumpy,qualified\n');
    writeFileSync(h, 'deal,from,to,at,by\nJumpy,,lead,2026-01-01,sam\nJumpy,lead,qualified,2026-01-02,sam\n');
    const fresh = tmp();
    const gated = json(fresh, ['import', d, h]);
    expect(gated.status).toBe(1);
    expect(gated.reply.data.errors[0]).toMatchObject({ file: 'h.csv', line: 3, code: 'GATE_BLOCKED' });
    const asIs = json(fresh, ['import', d, h, '--historical']);
    expect(asIs.status).toBe(0);
    expect(json(fresh, ['run', 'deal history Jumpy']).reply.data.events.map((e: any) => [e.from, e.to, e.by, e.imported])).toEqual([
      [null, 'lead', 'sam', true],
      ['lead', 'qualified', 'sam', true],
    ]);
  });
});
