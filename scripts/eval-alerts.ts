// Evaluation of the conversion-drop alerts on simulated workspaces (npm run eval:alerts).
//
// Worlds: week-to-week noise of the conversion rates (each transition's true rate of a week is
// its base rate × exp(N(0, σ²)), σ = 0, 0.05, 0.10, 0.15 — campaigns, lead mix, holidays) ×
// volume (10, 30, 50 deals entering each stage a week, Poisson, ±25% annual volume seasonality,
// half volume in two holiday weeks). Every workspace has five transitions with base rates
// uniform in 15–85%, maturity windows of 14–42 days, 2–3 teams, reps (owners: 3 at 10 deals a
// week, 6 at 30, 10 at 50) with their own rates (log-sd 0.12) who leave (~35% a year) and are
// replaced by new hires ramping up over 8 weeks, lead sources and industries with their own
// rates. Scans see immature weeks too (with their conversions so far), as in production.
//
// Per world:
//   false alarms  share of workspace-months (stable workspaces, 52 weekly scans) with ≥ 1 new
//                 alert, for ours (scan() with DEFAULT_ALERT_PARAMS, every key, state threaded
//                 through the scans), the naive rule and the CUSUM reference;
//   detection     share of injected drops caught within 2 and 4 weekly scans after the first scan
//                 that could see an affected matured cohort (0 = that scan): step drops and gradual
//                 drops (linear over 4 weeks) of 25/40/60% of one transition, and a 60% drop of one
//                 owner of three (a 20% drop of the transition); runs with a false alarm on the
//                 affected transition before that scan are left out (per method);
//   lifecycle     how many scans our false alarms stay open, and whether our alerts on real,
//                 persisting 40%/60% step drops are still open 8 scans after they fired;
//   coverage      share of scans in which the all-deals series is judged at all.
// Methods beside ours, per transition (all deals):
//   naive  "the last 4 weeks' rate is ≥ 20% below the 4 weeks before";
//   CUSUM  Bernoulli CUSUM over the last 8 matured weeks, p0 = the rate of the 12 weeks before,
//          tuned to a 40% drop, its threshold h calibrated in each world (on the same stable
//          workspaces) to the false-alarm rate ours has there.
//
// Deterministic (seeded PRNG; results do not depend on --jobs). Always exits 0: it is a report;
// the PASS/FAIL lines show the targets.
//
// Options: --quick (15 stable workspaces and 15 runs per drop cell instead of 40/40, 40 instead of
//          120 for the headline cell), --ws=N, --runs=N, --seed=N, --jobs=N parallel processes (2),
//          --worlds=0.1@30,0@10 only those worlds, --params='{"dispersion":{"enabled":false}}'
//          overrides of our parameters (sensitivity checks).

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bernoulliCusum } from '../src/core/stats/index.js';
import {
  historyWeeks,
  mergeAlertParams,
  scan,
  type AlertParams,
  type AlertState,
  type CohortSeries,
  type Dimension,
  type Segment,
  type WeeklyCohort,
} from '../src/core/alerts/index.js';

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const args = new Map(
  argv.map((a) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    return m ? ([m[1]!, m[2] ?? 'true'] as const) : ([a, 'true'] as const);
  }),
);
const numArg = (name: string, fallback: number) => (args.has(name) ? Number(args.get(name)) : fallback);
const QUICK = args.has('quick');
const STABLE_WS = numArg('ws', QUICK ? 15 : 40);
const RUNS = numArg('runs', QUICK ? 15 : 40);
const HEADLINE_RUNS = numArg('runs', QUICK ? 40 : 120);
const SEED = numArg('seed', 20240601);
const JOBS = Math.max(1, numArg('jobs', 2));
const PARAMS: AlertParams = mergeAlertParams(args.has('params') ? (JSON.parse(args.get('params')!) as never) : {});
const SPAN = historyWeeks(PARAMS);

const NOISES = [0, 0.05, 0.1, 0.15];
const VOLUMES = [10, 30, 50];
const DROPS = [0.25, 0.4, 0.6];
const OWNER_DROP = 0.6;
const P0_LO = 0.15;
const P0_HI = 0.85;
const TRANSITIONS = 5;
const REF_WINDOW = 8;
const REF_BASELINE = 12;
const REF_DELTA = 0.4;
const NAIVE_PERIOD = 4;
const NAIVE_DROP = 0.2;
const STABLE_SCANS = 52;
const MONTHS = 12;
/** Scans after firing at which a real drop's alert should still be open. */
const STILL_OPEN_AFTER = 8;

interface World {
  noise: number;
  volume: number;
}
const worldName = (w: World) => `${w.noise}@${w.volume}`;
const ONLY_WORLDS = args.has('worlds') ? new Set(args.get('worlds')!.split(',')) : null;
const WORLDS: World[] = NOISES.flatMap((noise) => VOLUMES.map((volume) => ({ noise, volume }))).filter((w) => !ONLY_WORLDS || ONLY_WORLDS.has(worldName(w)));

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32) and distributions

class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  poisson(lambda: number): number {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
  pick(cumulative: readonly number[]): number {
    const u = this.next() * cumulative[cumulative.length - 1]!;
    let i = 0;
    while (cumulative[i]! < u) i++;
    return i;
  }
}

const cumulate = (w: readonly number[]) => {
  let s = 0;
  return w.map((x) => (s += x));
};

// ---------------------------------------------------------------------------------------------
// Workspace simulation → weekly cohorts per (transition, segment)

const SOURCES = ['inbound', 'outbound', 'referral', 'partner'];
const SOURCE_WEIGHT = cumulate([0.4, 0.3, 0.2, 0.1]);
const SOURCE_MULT = normalise([1.0, 0.85, 1.25, 1.1], [0.4, 0.3, 0.2, 0.1]);
const INDUSTRIES = ['software', 'finance', 'retail', 'health', 'industrial'];
const INDUSTRY_WEIGHT = cumulate([0.3, 0.2, 0.2, 0.15, 0.15]);
const INDUSTRY_MULT = normalise([1.05, 0.95, 0.9, 1.1, 1.0], [0.3, 0.2, 0.2, 0.15, 0.15]);

function normalise(mult: number[], weight: number[]): number[] {
  const avg = mult.reduce((s, m, i) => s + m * weight[i]!, 0);
  return mult.map((m) => m / avg);
}

type Shape = 'step' | 'gradual' | 'owner';

interface Drop {
  transition: number;
  startWeek: number;
  size: number;
  /** step: at once; gradual: linear over 4 weeks; owner: at once, only the deals of the first of three reps. */
  shape: Shape;
}

interface Spec {
  world: World;
  p0: number[];
  maturityDays: number[];
  weeks: number;
  reps: number;
  drop?: Drop;
}

interface Series {
  segment: Segment | null;
  entered: Int32Array;
  converted: Int32Array;
  /** What an immature week would show (conversions so far). */
  partial: Int32Array;
}

interface Workspace {
  spec: Spec;
  /** Per transition: key → series. */
  transitions: Map<string, Series>[];
}

interface Rep {
  id: string;
  team: string;
  mult: number;
  hiredWeek: number;
}

function dropFactor(d: Drop | undefined, t: number, w: number, repSlot: number): number {
  if (!d || d.transition !== t || w < d.startWeek) return 1;
  if (d.shape === 'owner' && repSlot !== 0) return 1;
  const reached = d.shape === 'gradual' ? Math.min(1, (w - d.startWeek + 1) / 4) : 1;
  return 1 - d.size * reached;
}

function simulate(rng: Rng, spec: Spec): Workspace {
  const W = spec.weeks;
  const nTeams = rng.int(2, 3);
  let repSeq = 0;
  const hire = (week: number, team: string): Rep => ({ id: `rep${++repSeq}`, team, mult: Math.exp(0.12 * rng.normal()), hiredWeek: week });
  const reps: Rep[] = [];
  for (let i = 0; i < spec.reps; i++) reps.push(hire(-100, `team${(i % nTeams) + 1}`));
  const phase = rng.uniform(0, 52);
  const maps = Array.from({ length: TRANSITIONS }, () => new Map<string, Series>());
  const get = (t: number, dimension: Dimension | null, value: string) => {
    const key = dimension === null ? 'all' : `${dimension}=${value}`;
    let s = maps[t]!.get(key);
    if (!s) {
      s = { segment: dimension === null ? null : { dimension, value }, entered: new Int32Array(W), converted: new Int32Array(W), partial: new Int32Array(W) };
      maps[t]!.set(key, s);
    }
    return s;
  };
  for (let w = 0; w < W; w++) {
    // Rep turnover: each rep leaves with probability 1/120 a week (~35% a year) and is replaced by a new hire.
    for (let i = 0; i < reps.length; i++) if (rng.next() < 1 / 120) reps[i] = hire(w, reps[i]!.team);
    const season = Math.sin((2 * Math.PI * (w + phase)) / 52);
    const holiday = (w + Math.floor(phase)) % 52 >= 50;
    const volFactor = (1 + 0.25 * season) * (holiday ? 0.5 : 1);
    for (let t = 0; t < TRANSITIONS; t++) {
      const n = rng.poisson(spec.world.volume * volFactor);
      const weekRate = spec.p0[t]! * Math.exp(spec.world.noise * rng.normal());
      for (let k = 0; k < n; k++) {
        const slot = rng.int(0, reps.length - 1);
        const rep = reps[slot]!;
        const ramp = Math.min(1, 0.75 + (0.25 * (w - rep.hiredWeek)) / 8);
        const src = rng.pick(SOURCE_WEIGHT);
        const ind = rng.pick(INDUSTRY_WEIGHT);
        const p = weekRate * rep.mult * ramp * SOURCE_MULT[src]! * INDUSTRY_MULT[ind]! * dropFactor(spec.drop, t, w, slot);
        const conv = rng.next() < Math.min(0.95, Math.max(0.01, p)) ? 1 : 0;
        const part = conv && rng.next() < 0.5 ? 1 : 0;
        const touched = [
          get(t, null, ''),
          get(t, 'team', rep.team),
          get(t, 'owner', rep.id),
          get(t, 'source', SOURCES[src]!),
          get(t, 'industry', INDUSTRIES[ind]!),
        ];
        for (const s of touched) {
          s.entered[w]!++;
          s.converted[w]! += conv;
          s.partial[w]! += part;
        }
      }
    }
  }
  return { spec, transitions: maps };
}

const repsFor = (volume: number) => Math.min(10, Math.max(3, Math.round(volume / 5)));

// Calendar: week w starts on Monday BASE + 7w; a scan at week t runs on that Monday.

const BASE_DAY = Date.UTC(2023, 0, 2) / 86_400_000; // a Monday
const isoOfWeek: string[] = [];
const isoWeek = (w: number) => (isoOfWeek[w] ??= new Date((BASE_DAY + 7 * w) * 86_400_000).toISOString().slice(0, 10));

/** Latest week matured at scan t: w + 7 + T days ≤ t (in days from BASE). */
const lastMatured = (t: number, maturityDays: number) => Math.floor((7 * t - 7 - maturityDays) / 7);

// Shared cohort objects per (series, week): scans slice them instead of allocating.
const cohortCache = new WeakMap<Series, { matured: WeeklyCohort[]; partial: WeeklyCohort[]; cumulative: Int32Array }>();
function cohortsOf(s: Series) {
  let c = cohortCache.get(s);
  if (!c) {
    const matured: WeeklyCohort[] = [];
    const partial: WeeklyCohort[] = [];
    const cumulative = new Int32Array(s.entered.length + 1);
    for (let w = 0; w < s.entered.length; w++) {
      matured.push({ weekStart: isoWeek(w), entered: s.entered[w]!, converted: s.converted[w]! });
      partial.push({ weekStart: isoWeek(w), entered: s.entered[w]!, converted: s.partial[w]! });
      cumulative[w + 1] = cumulative[w]! + s.entered[w]!;
    }
    c = { matured, partial, cumulative };
    cohortCache.set(s, c);
  }
  return c;
}

function scanInput(ws: Workspace, t: number): CohortSeries[] {
  const out: CohortSeries[] = [];
  ws.transitions.forEach((map, ti) => {
    const T = ws.spec.maturityDays[ti]!;
    const last = lastMatured(t, T);
    const first = Math.max(0, last - SPAN + 1);
    for (const s of map.values()) {
      const c = cohortsOf(s);
      const end = Math.min(t, s.entered.length); // weeks that have started by the scan date
      if (c.cumulative[end]! - c.cumulative[first]! === 0) continue; // no deals in any week the scan could use
      // Immature weeks are passed too (with their conversions so far): the scan must ignore them.
      const cohorts: WeeklyCohort[] = [];
      for (let w = first; w < end; w++) cohorts.push(w <= last ? c.matured[w]! : c.partial[w]!);
      out.push({ from: `s${ti}`, to: `s${ti + 1}`, segment: s.segment, maturityDays: T, cohorts });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The three methods. Each returns, per scan, the transitions on which a new alert fired.

type Fires = number[][]; // fires[scanIndex] = transition indices (one entry per new alert)

/** One alert of ours: the scan it fired at, the scan it closed at (null: still open at the end). */
interface Episode {
  key: string;
  transition: number;
  segment: Segment | null;
  /** Key type, trigger and window length, e.g. "owner/persistent/4w". */
  kind: string;
  fired: number;
  closed: number | null;
}

interface OursRun {
  fires: Fires;
  episodes: Episode[];
  /** Scans in which each transition's all-deals series was judged. */
  judgedAllDeals: number;
  allDealsChances: number;
}

function runOurs(ws: Workspace, scans: number[]): OursRun {
  let state: AlertState[] = [];
  const open = new Map<string, Episode>();
  const episodes: Episode[] = [];
  let judgedAllDeals = 0;
  let allDealsChances = 0;
  const fires = scans.map((t, i) => {
    const result = scan({ series: scanInput(ws, t) }, state, PARAMS, isoWeek(t));
    state = result.state;
    for (const w of result.watch) {
      if (w.segment !== null) continue;
      allDealsChances++;
      if (w.watched) judgedAllDeals++;
    }
    const fired: number[] = [];
    for (const n of result.notifications) {
      if (n.kind === 'fired') {
        const kind = `${n.segment?.dimension ?? 'all'}/${n.evidence.trigger}/${n.evidence.current.weeks}w`;
        const e: Episode = { key: n.key, transition: Number(n.from.slice(1)), segment: n.segment, kind, fired: i, closed: null };
        fired.push(e.transition);
        episodes.push(e);
        open.set(n.key, e);
      } else if (n.kind === 'resolved' || n.kind === 'expired') {
        const e = open.get(n.key);
        if (e) e.closed = i;
        open.delete(n.key);
      }
    }
    return fired;
  });
  return { fires, episodes, judgedAllDeals, allDealsChances };
}

function sumWeeks(s: Series | undefined, from: number, to: number): [number, number] {
  let n = 0;
  let c = 0;
  if (!s) return [0, 0];
  for (let w = Math.max(0, from); w <= to; w++) {
    n += s.entered[w]!;
    c += s.converted[w]!;
  }
  return [n, c];
}

function runNaive(ws: Workspace, scans: number[]): Fires {
  const on = new Array<boolean>(TRANSITIONS).fill(false);
  return scans.map((t) => {
    const fired: number[] = [];
    for (let ti = 0; ti < TRANSITIONS; ti++) {
      const all = ws.transitions[ti]!.get('all');
      const last = lastMatured(t, ws.spec.maturityDays[ti]!);
      const [n1, c1] = sumWeeks(all, last - NAIVE_PERIOD + 1, last);
      const [n0, c0] = sumWeeks(all, last - 2 * NAIVE_PERIOD + 1, last - NAIVE_PERIOD);
      const alerting = n0 > 0 && n1 > 0 && c0 > 0 && c1 / n1 <= (1 - NAIVE_DROP) * (c0 / n0);
      if (alerting && !on[ti]) fired.push(ti);
      on[ti] = alerting;
    }
    return fired;
  });
}

/** The reference CUSUM's statistic per scan and transition. */
function refStatistics(ws: Workspace, scans: number[]): number[][] {
  return scans.map((t) =>
    Array.from({ length: TRANSITIONS }, (_, ti) => {
      const all = ws.transitions[ti]!.get('all');
      if (!all) return 0;
      const last = lastMatured(t, ws.spec.maturityDays[ti]!);
      const [nb, cb] = sumWeeks(all, last - REF_WINDOW - REF_BASELINE + 1, last - REF_WINDOW);
      if (nb === 0 || cb === 0 || cb === nb) return 0;
      const p0 = cb / nb;
      const obs = [];
      for (let w = last - REF_WINDOW + 1; w <= last; w++) obs.push({ n: all.entered[w]!, successes: all.converted[w]! });
      const r = bernoulliCusum({ p0, p1: p0 * (1 - REF_DELTA), h: 1 }, obs);
      return r.path[r.path.length - 1]!;
    }),
  );
}

function cusumFires(stats: number[][], h: number): Fires {
  const on = new Array<boolean>(TRANSITIONS).fill(false);
  return stats.map((row) => {
    const fired: number[] = [];
    row.forEach((s, ti) => {
      const alerting = s >= h;
      if (alerting && !on[ti]) fired.push(ti);
      on[ti] = alerting;
    });
    return fired;
  });
}

// ---------------------------------------------------------------------------------------------
// Scenarios and counts

const WARMUP = 40; // weeks simulated before the first scan: lag + CUSUM window + its 26-week baseline
const PRE_SCANS = 8;
const POST_SCANS = 16; // delays 0..15 are observable; an alert fired by delay 7 can be followed 8 scans

function stableSpec(rng: Rng, world: World): Spec {
  return {
    world,
    p0: Array.from({ length: TRANSITIONS }, () => rng.uniform(P0_LO, P0_HI)),
    maturityDays: Array.from({ length: TRANSITIONS }, () => rng.int(14, 42)),
    weeks: WARMUP + STABLE_SCANS,
    reps: repsFor(world.volume),
  };
}

const stableScans = () => Array.from({ length: STABLE_SCANS }, (_, i) => WARMUP + i);

interface FaCount {
  months: number;
  monthsWithAlert: number;
}

const emptyFa = (): FaCount => ({ months: 0, monthsWithAlert: 0 });

function countFalseAlarms(fires: Fires, into: FaCount): void {
  const perMonth = new Array<number>(MONTHS).fill(0);
  fires.forEach((list, i) => (perMonth[Math.floor((i * MONTHS) / fires.length)]! += list.length));
  into.months += MONTHS;
  for (const c of perMonth) if (c > 0) into.monthsWithAlert++;
}

/** Share of workspace-months in which the CUSUM at threshold h raises a new alert. */
function cusumFa(paths: number[][][], h: number): number {
  const fa = emptyFa();
  for (const s of paths) countFalseAlarms(cusumFires(s, h), fa);
  return fa.monthsWithAlert / fa.months;
}

/** The lowest threshold whose false-alarm rate does not exceed `target` (bisection on h). */
function calibrate(paths: number[][][], target: number): number {
  let lo = 0.25;
  let hi = 60;
  for (let it = 0; it < 40; it++) {
    const h = (lo + hi) / 2;
    if (cusumFa(paths, h) > target) lo = h;
    else hi = h;
  }
  return hi;
}

// ---------------------------------------------------------------------------------------------
// Tasks: independent, seeded pieces of work, run in child processes and merged.

type Task =
  | { kind: 'stable'; world: World; count: number; seed: number }
  | { kind: 'detect'; world: World; cell: string; drop: number; shape: Shape; runs: number; seed: number; refH: number };

interface StableResult {
  kind: 'stable';
  world: string;
  ours: FaCount;
  naive: FaCount;
  /** Reference CUSUM statistics per workspace, for the calibration. */
  paths: number[][][];
  /** Scans each false alarm stayed open (null: fired too late to follow STILL_OPEN_AFTER scans). */
  openScans: { scans: number; censored: boolean; kind: string }[];
  judgedAllDeals: number;
  allDealsChances: number;
}

interface Delays {
  /** Per run: scans elapsed after the first scan that could see an affected matured cohort; null = missed. */
  delays: (number | null)[];
  /** Runs with a false alarm on the affected transition before that scan. */
  excluded: number;
}

interface DetectResult {
  kind: 'detect';
  world: string;
  cell: string;
  ours: Delays;
  naive: Delays;
  cusum: Delays;
  /** Our first all-deals alert on the affected transition after the drop: still open STILL_OPEN_AFTER scans later? */
  stillOpen: { open: number; followed: number };
}

type Result = StableResult | DetectResult;

function runStable(task: Extract<Task, { kind: 'stable' }>): StableResult {
  const rng = new Rng(task.seed);
  const scans = stableScans();
  const out: StableResult = { kind: 'stable', world: worldName(task.world), ours: emptyFa(), naive: emptyFa(), paths: [], openScans: [], judgedAllDeals: 0, allDealsChances: 0 };
  for (let i = 0; i < task.count; i++) {
    const ws = simulate(rng, stableSpec(rng, task.world));
    const ours = runOurs(ws, scans);
    countFalseAlarms(ours.fires, out.ours);
    out.judgedAllDeals += ours.judgedAllDeals;
    out.allDealsChances += ours.allDealsChances;
    for (const e of ours.episodes) {
      const last = e.closed ?? scans.length - 1;
      out.openScans.push({ scans: last - e.fired, censored: e.closed === null, kind: e.kind });
    }
    countFalseAlarms(runNaive(ws, scans), out.naive);
    out.paths.push(refStatistics(ws, scans));
  }
  return out;
}

function runDetect(task: Extract<Task, { kind: 'detect' }>): DetectResult {
  const rng = new Rng(task.seed);
  const none = (): Delays => ({ delays: [], excluded: 0 });
  const out: DetectResult = { kind: 'detect', world: worldName(task.world), cell: task.cell, ours: none(), naive: none(), cusum: none(), stillOpen: { open: 0, followed: 0 } };
  for (let r = 0; r < task.runs; r++) {
    const maturityDays = Array.from({ length: TRANSITIONS }, () => rng.int(14, 42));
    const transition = rng.int(0, TRANSITIONS - 1);
    const startWeek = 44;
    const tv = startWeek + 1 + Math.ceil(maturityDays[transition]! / 7); // first scan that sees an affected matured week
    const spec: Spec = {
      world: task.world,
      p0: Array.from({ length: TRANSITIONS }, () => rng.uniform(P0_LO, P0_HI)),
      maturityDays,
      weeks: tv + POST_SCANS,
      reps: task.shape === 'owner' ? 3 : repsFor(task.world.volume),
      drop: { transition, startWeek, size: task.drop, shape: task.shape },
    };
    const ws = simulate(rng, spec);
    const scans = Array.from({ length: PRE_SCANS + POST_SCANS }, (_, i) => tv - PRE_SCANS + i);
    const record = (fires: Fires, d: Delays) => {
      const first = fires.findIndex((list) => list.includes(transition));
      if (first >= 0 && first < PRE_SCANS) d.excluded++;
      else d.delays.push(first < 0 ? null : first - PRE_SCANS);
    };
    const ours = runOurs(ws, scans);
    record(ours.fires, out.ours);
    const first = ours.episodes.find((e) => e.transition === transition && e.segment === null);
    if (first && first.fired >= PRE_SCANS && first.fired + STILL_OPEN_AFTER < scans.length) {
      out.stillOpen.followed++;
      if (first.closed === null || first.closed > first.fired + STILL_OPEN_AFTER) out.stillOpen.open++;
    }
    record(runNaive(ws, scans), out.naive);
    record(cusumFires(refStatistics(ws, scans), task.refH), out.cusum);
  }
  return out;
}

function runTask(task: Task): Result {
  return task.kind === 'stable' ? runStable(task) : runDetect(task);
}

const CELLS: { cell: string; drop: number; shape: Shape }[] = [
  ...(['step', 'gradual'] as const).flatMap((shape) => DROPS.map((drop) => ({ cell: `${Math.round(drop * 100)}% ${shape}`, drop, shape }))),
  { cell: `${OWNER_DROP * 100}% 1 owner of 3`, drop: OWNER_DROP, shape: 'owner' },
];
const HEADLINE = { world: '0@30', cell: '40% step' };

/** Pieces of ≤ `size` runs with their own seeds, so that the work spreads over the jobs. */
function pieces(total: number, size: number): number[] {
  return Array.from({ length: Math.ceil(total / size) }, (_, i) => Math.min(size, total - i * size));
}

function stableTasks(): Task[] {
  return WORLDS.flatMap((world, wi) => pieces(STABLE_WS, 25).map((count, i) => ({ kind: 'stable' as const, world, count, seed: SEED + 7919 * (wi * 100 + i + 1) })));
}

function detectTasks(refH: ReadonlyMap<string, number>): Task[] {
  return WORLDS.flatMap((world, wi) =>
    CELLS.flatMap(({ cell, drop, shape }, ci) => {
      const runs = worldName(world) === HEADLINE.world && cell === HEADLINE.cell ? HEADLINE_RUNS : RUNS;
      return pieces(runs, 50).map((n, i) => ({
        kind: 'detect' as const,
        world,
        cell,
        drop,
        shape,
        runs: n,
        seed: (SEED + 1000 + wi * 100 + ci) * 31 + i,
        refH: refH.get(worldName(world))!,
      }));
    }),
  );
}

/** Runs the tasks in `jobs` child processes (round robin), or in this process when jobs = 1. */
async function execute(tasks: Task[]): Promise<Result[]> {
  if (JOBS === 1) return tasks.map(runTask);
  const groups: Task[][] = Array.from({ length: JOBS }, () => []);
  tasks.forEach((t, i) => groups[i % JOBS]!.push(t));
  const script = fileURLToPath(import.meta.url);
  const results = await Promise.all(
    groups.map(
      (group) =>
        new Promise<Result[]>((resolve, reject) => {
          const child = spawn(process.execPath, [...process.execArgv, script, ...argv.filter((a) => !a.startsWith('--jobs')), '--worker'], {
            stdio: ['pipe', 'pipe', 'inherit'],
          });
          let out = '';
          child.stdout.setEncoding('utf8');
          child.stdout.on('data', (d: string) => (out += d));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Result[]) : reject(new Error(`worker exited with ${code}`))));
          child.stdin.end(JSON.stringify(group));
        }),
    ),
  );
  return results.flat();
}

async function worker(): Promise<void> {
  let input = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) input += chunk as string;
  process.stdout.write(JSON.stringify((JSON.parse(input) as Task[]).map(runTask)));
}

// ---------------------------------------------------------------------------------------------
// Report

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');

function within(d: Delays, k: number): number {
  return d.delays.filter((x) => x !== null && x <= k).length / Math.max(1, d.delays.length);
}

function mergeDelays(a: Delays | undefined, b: Delays): Delays {
  return a ? { delays: [...a.delays, ...b.delays], excluded: a.excluded + b.excluded } : { delays: [...b.delays], excluded: b.excluded };
}

interface WorldStable {
  ours: FaCount;
  naive: FaCount;
  paths: number[][][];
  openScans: { scans: number; censored: boolean; kind: string }[];
  judgedAllDeals: number;
  allDealsChances: number;
}

function mergeStable(results: Result[]): Map<string, WorldStable> {
  const out = new Map<string, WorldStable>();
  for (const r of results) {
    if (r.kind !== 'stable') continue;
    const w = out.get(r.world) ?? { ours: emptyFa(), naive: emptyFa(), paths: [], openScans: [], judgedAllDeals: 0, allDealsChances: 0 };
    for (const k of ['ours', 'naive'] as const) {
      w[k].months += r[k].months;
      w[k].monthsWithAlert += r[k].monthsWithAlert;
    }
    w.paths.push(...r.paths);
    w.openScans.push(...r.openScans);
    w.judgedAllDeals += r.judgedAllDeals;
    w.allDealsChances += r.allDealsChances;
    out.set(r.world, w);
  }
  return out;
}

function mergeDetect(results: Result[]): Map<string, DetectResult> {
  const out = new Map<string, DetectResult>();
  for (const r of results) {
    if (r.kind !== 'detect') continue;
    const id = `${r.world} ${r.cell}`;
    const c = out.get(id);
    if (!c) {
      out.set(id, { ...r, ours: mergeDelays(undefined, r.ours), naive: mergeDelays(undefined, r.naive), cusum: mergeDelays(undefined, r.cusum), stillOpen: { ...r.stillOpen } });
      continue;
    }
    c.ours = mergeDelays(c.ours, r.ours);
    c.naive = mergeDelays(c.naive, r.naive);
    c.cusum = mergeDelays(c.cusum, r.cusum);
    c.stillOpen.open += r.stillOpen.open;
    c.stillOpen.followed += r.stillOpen.followed;
  }
  return out;
}

const faRate = (f: FaCount) => f.monthsWithAlert / Math.max(1, f.months);

/** Median scans a false alarm stayed open, and the share open ≥ 8 scans among those followed that long. */
function openStats(list: readonly { scans: number; censored: boolean }[]): { median: number; long: number; followed: number } {
  const sorted = list.map((e) => e.scans).sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : Number.NaN;
  const followed = list.filter((e) => !e.censored || e.scans >= STILL_OPEN_AFTER);
  return { median, long: followed.filter((e) => e.scans >= STILL_OPEN_AFTER).length / Math.max(1, followed.length), followed: followed.length };
}

const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

async function main(): Promise<void> {
  const started = performance.now();
  const p = PARAMS;
  console.log('Conversion-drop alerts: evaluation on simulated workspaces');
  console.log(
    `ours: window ${p.currentWeeks} weeks (widened up to ${p.maxCurrentWeeks} when thin) vs ${p.baselineWeeks} before, q ≤ ${p.qThreshold} (BH), immediate q ≤ ${p.immediateQ}, ` +
      `min ${p.minCurrent}/${p.minBaseline} deals, min drop ${p.minRelativeDrop * 100}%, persistence ${p.persistenceScans} scans, ` +
      (p.dispersion.enabled ? `quasi-binomial dispersion (prior ${p.dispersion.priorWeeks} weeks)` : 'binomial (no dispersion)') +
      (p.cusum.enabled ? `; OR CUSUM over ${p.cusum.weeks} weeks vs ${p.cusum.baselineWeeks} before, δ = ${p.cusum.designDrop}, h = ${p.cusum.threshold}` : '; no CUSUM'),
  );
  console.log(`naive: last ${NAIVE_PERIOD} weeks ≥ ${NAIVE_DROP * 100}% below the ${NAIVE_PERIOD} weeks before, per transition`);
  console.log(`CUSUM: last ${REF_WINDOW} weeks vs ${REF_BASELINE} before, δ = ${REF_DELTA}, h calibrated per world to ours' false-alarm rate`);
  console.log(
    `worlds: weekly rate noise log-sd ${NOISES.join('/')}, ${VOLUMES.join('/')} deals/stage/week, base rates ${P0_LO * 100}–${P0_HI * 100}%, ${TRANSITIONS} transitions; ` +
      `${STABLE_WS} stable workspaces × ${MONTHS} months and ${RUNS} runs per drop cell (${HEADLINE_RUNS} for ${HEADLINE.cell} in ${HEADLINE.world}) per world; ${JOBS} job(s)`,
  );

  const stable = mergeStable(await execute(stableTasks()));
  const refH = new Map<string, number>();
  for (const [world, s] of stable) refH.set(world, calibrate(s.paths, faRate(s.ours)));
  const cells = mergeDetect(await execute(detectTasks(refH)));

  console.log();
  console.log('False alarms (workspace-months with ≥ 1 new alert on stable data) and lifecycle');
  console.log(
    `${'noise'.padStart(5)} ${'deals/wk'.padStart(8)} | ${'ours'.padStart(6)} ${'naive'.padStart(6)} ${'CUSUM h'.padStart(8)} ${'(its FA)'.padStart(8)} | ` +
      `${'FA open: median'.padStart(15)} ${'≥8 scans'.padStart(9)} | ${'real drops open 8 scans on'.padStart(26)} | ${'all-deals judged'.padStart(16)}`,
  );
  const allOpen: { scans: number; censored: boolean; kind: string }[] = [];
  const still = { open: 0, followed: 0 };
  for (const world of WORLDS) {
    const name = worldName(world);
    const s = stable.get(name)!;
    allOpen.push(...s.openScans);
    const o = openStats(s.openScans);
    const real = { open: 0, followed: 0 };
    for (const cell of ['40% step', '60% step']) {
      const c = cells.get(`${name} ${cell}`);
      if (!c) continue;
      real.open += c.stillOpen.open;
      real.followed += c.stillOpen.followed;
    }
    still.open += real.open;
    still.followed += real.followed;
    const h = refH.get(name)!;
    console.log(
      `${world.noise.toFixed(2).padStart(5)} ${String(world.volume).padStart(8)} | ${pct(faRate(s.ours)).padStart(6)} ${pct(faRate(s.naive)).padStart(6)} ${h.toFixed(2).padStart(8)} ${pct(cusumFa(s.paths, h)).padStart(8)} | ` +
        `${(Number.isFinite(o.median) ? String(o.median) : '—').padStart(15)} ${`${pct(o.long)} of ${o.followed}`.padStart(9)} | ` +
        `${`${pct(real.open / Math.max(1, real.followed))} of ${real.followed}`.padStart(26)} | ${pct(s.judgedAllDeals / Math.max(1, s.allDealsChances)).padStart(16)}`,
    );
  }

  console.log();
  console.log('Detection within 2 / within 4 weekly scans after the first scan that could see an affected matured cohort');
  console.log(`${'noise'.padStart(5)} ${'deals/wk'.padStart(8)} ${'drop'.padEnd(20)} | ${'ours'.padStart(15)} | ${'CUSUM (same FA)'.padStart(15)} | ${'naive'.padStart(15)} | excluded (ours/CUSUM/naive)`);
  const cellText = (d: Delays) => `${pct(within(d, 2)).padStart(6)} / ${pct(within(d, 4)).padStart(6)}`;
  const worse: string[] = [];
  const noisyComparison: { world: string; ours2: number; cusum2: number; ours4: number; cusum4: number }[] = [];
  for (const world of WORLDS) {
    const name = worldName(world);
    const sums = { ours2: 0, cusum2: 0, ours4: 0, cusum4: 0, n: 0 };
    for (const { cell, shape } of CELLS) {
      const c = cells.get(`${name} ${cell}`);
      if (!c) continue;
      console.log(
        `${world.noise.toFixed(2).padStart(5)} ${String(world.volume).padStart(8)} ${cell.padEnd(20)} | ${cellText(c.ours)} | ${cellText(c.cusum)} | ${cellText(c.naive)} | ${c.ours.excluded}/${c.cusum.excluded}/${c.naive.excluded}`,
      );
      if (shape === 'owner') continue; // the CUSUM watches whole transitions only
      sums.ours2 += within(c.ours, 2);
      sums.cusum2 += within(c.cusum, 2);
      sums.ours4 += within(c.ours, 4);
      sums.cusum4 += within(c.cusum, 4);
      sums.n++;
      if (world.noise > 0 && within(c.ours, 4) < within(c.cusum, 4)) worse.push(`${name} ${cell} (${pct(within(c.ours, 4))} vs ${pct(within(c.cusum, 4))})`);
    }
    if (world.noise > 0 && sums.n > 0) {
      noisyComparison.push({ world: name, ours2: sums.ours2 / sums.n, cusum2: sums.cusum2 / sums.n, ours4: sums.ours4 / sums.n, cusum4: sums.cusum4 / sums.n });
    }
  }

  console.log();
  const faWorst = WORLDS.map((w) => ({ name: worldName(w), fa: faRate(stable.get(worldName(w))!.ours) })).sort((a, b) => b.fa - a.fa);
  if (faWorst.length) {
    console.log(`${pass(faWorst[0]!.fa <= 0.05)}  false alarms ≤ 5% of workspace-months in every world: worst ${pct(faWorst[0]!.fa)} (${faWorst[0]!.name})`);
  }
  const head = cells.get(`${HEADLINE.world} ${HEADLINE.cell}`);
  if (head) {
    const w2 = within(head.ours, 2);
    const w4 = within(head.ours, 4);
    console.log(`${pass(w2 >= 0.5)}  binomial world, 40% step drops at 30 deals/week detected within 2 scans: ${pct(w2)} (target ≥ 50%)`);
    console.log(`${pass(w4 >= 0.85)}  binomial world, 40% step drops at 30 deals/week detected within 4 scans: ${pct(w4)} (target ≥ 85%)`);
  }
  for (const c of noisyComparison) {
    const ok = c.ours2 >= c.cusum2 && c.ours4 >= c.cusum4;
    console.log(
      `${pass(ok)}  noisy world ${c.world}: detection over the 25/40/60% step and gradual drops, ours ${pct(c.ours2)} / ${pct(c.ours4)} vs same-FA CUSUM ${pct(c.cusum2)} / ${pct(c.cusum4)} (within 2 / 4 scans)`,
    );
  }
  if (worse.length) console.log(`      cells of noisy worlds where ours detects less within 4 scans than the CUSUM: ${worse.join('; ')}`);
  const o = openStats(allOpen);
  console.log(`${pass(o.median <= 3)}  false alarms stay open a median of ${o.median} scans (target ≤ 3; ${allOpen.length} false alarms over all worlds)`);
  console.log(`${pass(o.long <= 0.01)}  false alarms open ≥ ${STILL_OPEN_AFTER} scans: ${pct(o.long)} of ${o.followed} (target ≤ 1%)`);
  const kinds = new Map<string, number[]>();
  for (const e of allOpen) kinds.set(e.kind, [...(kinds.get(e.kind) ?? []), e.scans]);
  console.log(
    `      false alarms by key, trigger and window (scans open): ${[...kinds.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([k, v]) => `${k} ${v.length} (${v.sort((a, b) => a - b).join(',')})`)
      .join('; ')}`,
  );
  const stillShare = still.open / Math.max(1, still.followed);
  console.log(`${pass(stillShare >= 0.95)}  real persisting 40%/60% step drops still open ${STILL_OPEN_AFTER} scans after the alert: ${pct(stillShare)} of ${still.followed} (target ≥ 95%)`);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

if (args.has('worker')) {
  await worker();
} else {
  await main();
}
