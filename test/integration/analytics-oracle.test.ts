// The benchmark's floor as an independent oracle: bench/floor.ts computes, with one
// hand-written SQL statement per command, every number that `funnel all`, `metrics all`
// and `winloss all` reply with. On a generated workspace (bench/generate.ts: skips,
// backward moves, duplicate competitors, contacts with roles before and after Qualified)
// the engine's replies, as `--json` prints them, must equal the floor's numbers, on
// PGlite and on PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/connect.js';
import type { Reply } from '../../src/core/reply.js';
import {
  compareFunnel,
  compareMetrics,
  compareWinloss,
  floorFunnel,
  floorMetrics,
  floorWinloss,
  replyData,
  type FloorFunnel,
  type FloorMetrics,
  type FloorWinloss,
} from '../../bench/floor.js';
import { BENCH_NOW, checkConsistency, generate } from '../../bench/generate.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/db.js';

const WS = 'bench';
const EVENTS = 3000;

type Data = Record<string, any>;

describe.each(backends)('analytics against the floor on $name', (backend) => {
  let t: TestApp;
  let db: Database;
  const replies: Record<string, Reply> = {};
  let floors: { funnel: FloorFunnel; metrics: FloorMetrics; winloss: FloorWinloss };

  beforeAll(async () => {
    db = await backend.open();
    t = await testApp(db);
    t.clock.current = new Date(BENCH_NOW);
    // Like bench/case.ts: the workspace and its default stages come from the app.
    expect((await t.run('stage list', { ws: WS })).ok).toBe(true);
    const filled = await generate(db.sql, WS, EVENTS);
    expect(filled.events).toBeGreaterThan(EVENTS * 0.95);
    expect(await checkConsistency(db.sql, WS)).toEqual([]);
    for (const command of ['funnel all', 'metrics all', 'winloss all']) {
      const reply = await t.run(command, { ws: WS });
      expect(reply.ok, reply.text).toBe(true);
      replies[command] = reply;
    }
    floors = {
      funnel: await floorFunnel(db.sql, WS),
      metrics: await floorMetrics(db.sql, WS),
      winloss: await floorWinloss(db.sql, WS),
    };
  });
  afterAll(() => t.close());

  const data = (command: string) => replyData(replies[command] as Reply) as Data;

  it('funnel all: every stage, count and stay statistic equals the floor', () => {
    expect(compareFunnel(data('funnel all'), floors.funnel)).toEqual([]);
    // Not a vacuous comparison: stays, losses and open deals at every stage.
    expect(floors.funnel.funnel.stages.every((s) => s.stays > 0 && s.lost > 0 && s.open > 0)).toBe(true);
  });

  it('metrics all: counts, sales cycle, deal size and the pipeline per stage equal the floor', () => {
    expect(compareMetrics(data('metrics all'), floors.metrics)).toEqual([]);
    expect(floors.metrics.metrics.averageDealSize.n).toBeGreaterThan(0);
    expect(floors.metrics.metrics.pipelineValueByStage.filter((p) => p.unpriced > 0).length).toBeGreaterThan(0);
  });

  it('winloss all: the population and won / closed of every value of every dimension equal the floor', () => {
    expect(compareWinloss(data('winloss all'), floors.winloss)).toEqual([]);
    const dimensions = new Set(floors.winloss.factors.map((f) => f.dimension));
    expect([...dimensions].sort()).toEqual(
      [
        'blocker-before-qualified',
        'champion-before-qualified',
        'competitor',
        'dm_or_eb-before-qualified',
        'industry',
        'owner',
        'source',
        'size',
        'tag',
        'team',
      ].sort(),
    );
    // Values that are not recorded are factors too (shown, never tested).
    expect(floors.winloss.factors.some((f) => f.dimension === 'competitor' && f.value === null)).toBe(true);
    expect(floors.winloss.factors.some((f) => f.dimension === 'competitor' && f.value === 'none')).toBe(true);
  });

  it('the comparison fails on any changed, missing or extra number', () => {
    const funnel = structuredClone(data('funnel all'));
    funnel.funnel.stages[2].reached += 1;
    funnel.funnel.stages[4].medianDays *= 1 + 1e-6;
    funnel.funnel.stages.splice(3, 1);
    expect(compareFunnel(funnel, floors.funnel)).toEqual([
      expect.stringMatching(/^funnel: funnel\.stages\[qualified\]\.reached: engine \d+, floor \d+$/),
      expect.stringMatching(/^funnel: funnel\.stages\[proposal\]: in the floor .*, not in the engine's reply$/),
      expect.stringMatching(/^funnel: funnel\.stages\[negotiation\]\.medianDays: engine [\d.]+, floor [\d.]+$/),
    ]);

    const metrics = structuredClone(data('metrics all'));
    metrics.metrics.pipelineValueByStage[1].winRate = null;
    metrics.counts.won = String(metrics.counts.won);
    expect(compareMetrics(metrics, floors.metrics)).toEqual([
      expect.stringMatching(/^metrics: metrics\.pipelineValueByStage\[opportunity\]\.winRate: engine null, floor [\d.]+$/),
      expect.stringMatching(/^metrics: counts\.won: engine "\d+", floor \d+$/),
    ]);

    const winloss = structuredClone(data('winloss all'));
    const referral = winloss.factors.find((f: Data) => f.dimension === 'source' && f.value === 'referral');
    referral.won -= 1;
    winloss.factors.push({ ...referral, value: 'carrier pigeon' });
    expect(compareWinloss(winloss, floors.winloss)).toEqual([
      expect.stringMatching(/^winloss: factors\[source=referral\]\.won: engine \d+, floor \d+$/),
      "winloss: factors[source=carrier pigeon]: in the engine's reply, not in the floor",
    ]);
  });
});
