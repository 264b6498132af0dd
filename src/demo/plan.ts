// The sample pipeline behind `stagecoach demo`: a PURE, deterministic generator.
// Given `now` and a seed it returns six months of sales activity as a list of deals,
// each with the ordered core Commands a rep (or a manager) would have typed, and when.
// load.ts replays them through the real use cases, so every stage change passes the
// stage gates exactly as a user's would. No Math.random, no Date.now: the same
// (now, seed) always yields a deep-equal plan.
//
// The data carries patterns for the analytics to find (the "latent" effects below):
//  - Decision maker before Qualified. The default gate requires a decision maker or
//    economic buyer (DM/EB) to enter Qualified, so a deal without one can only get
//    there through a manager's override (recorded with its reason in the history).
//    The sample therefore has three DM stories: `found` (a DM/EB contact is added
//    while the deal is a lead or an opportunity, before the Qualified move), `override`
//    (no DM/EB; a manager pushes the deal into Qualified with a reason, and about half
//    of these add a DM/EB only later, in Proposal) and `never` (no DM/EB: the deal
//    stalls or is lost in Opportunity). Once qualified, found deals win ≈55% of the
//    time and overridden ones ≈10–15% (≈35% vs 0–15% counting every closed deal), so
//    "closed deals that had a DM/EB before reaching Qualified" win far more often.
//  - Lead source: referral (then partner) wins most, outbound least; outbound leads
//    also die more often at the Lead stage and find a DM less often.
//  - Competitors: Salesforce beats us often, Zoho rarely, HubSpot in between; "none"
//    (explicitly recorded) wins well.
//  - Reps: carol is notably better (finds the DM more often, wins more).
//  - Teams: the west team's deals sit two to three times longer in Proposal.
//  - A blocker contact lowers the odds.
// The history also holds every kind of event: creations, forward moves, stage skips,
// backward moves, wins, losses (every reason, competitor losses naming the winner),
// manager overrides and one reopened deal (lost → negotiation by a manager, then won).
// Recent deals are more often open (their story is cut at `now`), and a few old deals
// simply stalled at every stage.

import type { Command, DealFields } from '../core/commands.js';
import type { ContactRole, LostReason, Role } from '../core/model.js';

export const DEMO_SEED = 20240617;
/** How far back the sample reaches. */
export const DEMO_DAYS = 182;
const DEMO_DEALS = 300;

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export type DemoRole = Extract<Role, 'rep' | 'manager'>;

export interface DemoUser {
  userId: string;
  displayName: string;
  role: DemoRole;
  /** The rep's team; a manager's team is the one they look after, null for all. */
  team: string | null;
}

export interface PlanStep {
  at: Date;
  userId: string;
  role: Role;
  command: Command;
}

export type DecisionMakerStory = 'found' | 'override' | 'never';

/** The latent attributes a deal's story was generated from (for documentation and debugging). */
export interface DealProfile {
  industry: string;
  source: string;
  /** null: the rep recorded "no competitor". */
  competitor: string | null;
  decisionMaker: DecisionMakerStory;
  blocker: boolean;
  /** The won/lost fate drawn for the deal if it reaches Qualified (its story may end earlier). */
  winIfQualified: boolean;
}

export interface PlanDeal {
  name: string;
  owner: string;
  team: string;
  createdAt: Date;
  profile: DealProfile;
  /** The stage the deal is in after its last step. */
  finalStage: string;
  steps: PlanStep[];
}

export interface DemoPlan {
  seed: number;
  now: Date;
  start: Date;
  teams: string[];
  users: DemoUser[];
  deals: PlanDeal[];
}

// ---------------------------------------------------------------------------
// Randomness

/** mulberry32: a tiny, good-enough 32-bit PRNG. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next01: () => number;
  constructor(seed: number) {
    this.next01 = mulberry32(seed);
  }
  next(): number {
    return this.next01();
  }
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    const total = table.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of table) {
      r -= w;
      if (r < 0) return item;
    }
    const last = table[table.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty table');
    return last[0];
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

// ---------------------------------------------------------------------------
// The cast

const TEAMS = ['east', 'west', 'enterprise'] as const;
type Team = (typeof TEAMS)[number];

const USERS: readonly DemoUser[] = [
  { userId: 'alice', displayName: 'Alice Chen', role: 'rep', team: 'east' },
  { userId: 'bob', displayName: 'Bob Miller', role: 'rep', team: 'east' },
  { userId: '王芳', displayName: '王芳', role: 'rep', team: 'east' },
  { userId: 'carol', displayName: 'Carol Diaz', role: 'rep', team: 'west' },
  { userId: 'dave', displayName: 'Dave Okafor', role: 'rep', team: 'west' },
  { userId: '李强', displayName: '李强', role: 'rep', team: 'west' },
  { userId: 'erin', displayName: 'Erin Walsh', role: 'rep', team: 'enterprise' },
  { userId: 'frank', displayName: 'Frank Weber', role: 'rep', team: 'enterprise' },
  { userId: 'grace', displayName: 'Grace Park', role: 'manager', team: null },
  { userId: 'henry', displayName: 'Henry Adams', role: 'manager', team: 'enterprise' },
];

function user(id: string): DemoUser {
  const u = USERS.find((x) => x.userId === id);
  if (!u) throw new Error(`demo plan: unknown user ${id}`);
  return u;
}

/** Enterprise reps carry fewer, larger deals. */
const REP_VOLUME: Record<string, number> = { alice: 1, bob: 1, 王芳: 1, carol: 1, dave: 1, 李强: 1, erin: 0.55, frank: 0.55 };

function managerOf(team: string): DemoUser {
  return team === 'enterprise' ? user('henry') : user('grace');
}

type Industry = 'software' | 'manufacturing' | 'retail' | 'finance' | 'healthcare' | 'education';
const INDUSTRY_WEIGHTS: [Industry, number][] = [
  ['software', 25],
  ['manufacturing', 18],
  ['retail', 15],
  ['finance', 15],
  ['healthcare', 14],
  ['education', 13],
];

type Source = 'referral' | 'website' | 'event' | 'outbound' | 'partner';
const SOURCE_WEIGHTS: [Source, number][] = [
  ['referral', 17],
  ['website', 26],
  ['event', 16],
  ['outbound', 27],
  ['partner', 14],
];

type Competitor = 'Salesforce' | 'HubSpot' | 'Zoho';

// Latent effects (log-odds of winning once qualified; see the header comment).
const WIN_BASE = 0.55;
const WIN_SOURCE: Record<Source, number> = { referral: 0.85, partner: 0.35, event: 0, website: -0.15, outbound: -0.8 };
const WIN_COMPETITOR: Record<Competitor | 'none', number> = { none: 0.35, Zoho: 0.6, HubSpot: -0.15, Salesforce: -1.15 };
const WIN_INDUSTRY: Record<Industry, number> = {
  software: 0.15,
  manufacturing: 0,
  retail: 0,
  finance: -0.25,
  healthcare: -0.1,
  education: 0.1,
};
const WIN_REP: Record<string, number> = { carol: 1.4, bob: -0.3, dave: -0.2 };
/** The best rep also qualifies out fewer leads. */
const LEAD_LOSS_REP: Record<string, number> = { carol: 0.5 };
const WIN_BLOCKER = -0.7;
const WIN_ENTERPRISE = -0.2;
/** No decision maker before Qualified (a manager's override): ≈15% instead of ≈45–50%. */
const WIN_OVERRIDE = -2.0;

/** Share of a competitor's wins among our losses to deals where they competed. */
const COMPETITOR_BITE: Record<Competitor, number> = { Salesforce: 0.75, HubSpot: 0.45, Zoho: 0.15 };

const LEAD_LOSS: Record<Source, number> = { referral: 0.07, partner: 0.12, website: 0.2, event: 0.17, outbound: 0.3 };

function decisionMakerChance(source: Source, rep: string, team: string): number {
  const bySource: Record<Source, number> = { referral: 0.15, partner: 0.05, event: 0, website: -0.05, outbound: -0.15 };
  const p = 0.6 + bySource[source] + (rep === 'carol' ? 0.25 : 0) + (team === 'enterprise' ? -0.05 : 0);
  return Math.min(0.92, Math.max(0.2, p));
}

// ---------------------------------------------------------------------------
// Names

const COMPANY_WORDS = [
  'Acme', 'Apex', 'Blue Harbor', 'Brightline', 'Cedar', 'Cobalt', 'Crescent', 'Delta', 'Evergreen', 'Falcon',
  'Granite', 'Harborview', 'Horizon', 'Ironwood', 'Juniper', 'Keystone', 'Lakeside', 'Lumen', 'Maple', 'Meridian',
  'Northwind', 'Oakridge', 'Orion', 'Pinnacle', 'Quantum', 'Redwood', 'Riverbend', 'Sierra', 'Silverline', 'Summit',
  'Tidewater', 'Trident', 'Union', 'Vertex', 'Westfield', 'Willow', 'Zenith', 'Atlas', 'Beacon', 'Copper',
];
const COMPANY_SUFFIX: Record<Industry, string[]> = {
  software: ['Software', 'Labs', 'Systems', 'Cloud', 'Analytics', 'Digital'],
  manufacturing: ['Manufacturing', 'Industries', 'Metalworks', 'Plastics', 'Components', 'Machinery'],
  retail: ['Retail', 'Outfitters', 'Markets', 'Home', 'Stores', 'Goods'],
  finance: ['Capital', 'Bank', 'Insurance', 'Credit Union', 'Wealth', 'Financial'],
  healthcare: ['Health', 'Clinics', 'Medical', 'Pharma', 'Care', 'Diagnostics'],
  education: ['Academy', 'University', 'Learning', 'Schools', 'College', 'Institute'],
};
const CN_COMPANY_WORDS = ['华信', '东方', '恒泰', '中和', '仁康', '启明', '远航', '星河', '瑞丰', '金桥', '长风', '博雅'];
const CN_COMPANY_SUFFIX: Record<Industry, string[]> = {
  software: ['科技', '软件', '信息'],
  manufacturing: ['制造', '机械', '精工'],
  retail: ['零售', '商贸', '百货'],
  finance: ['金融', '保险', '资本'],
  healthcare: ['医疗', '健康', '药业'],
  education: ['教育', '学院', '培训'],
};
const PROJECTS = ['CRM rollout', 'Expansion', 'Pilot', 'Renewal', 'Phase 2', 'Upgrade', 'Multi-site'];
const CN_PROJECTS = ['二期', '扩容', '试点', '升级'];

const FIRST_NAMES = [
  'James', 'Maria', 'David', 'Sarah', 'Michael', 'Laura', 'Daniel', 'Emma', 'Robert', 'Olivia', 'Thomas', 'Sophie',
  'Kevin', 'Hannah', 'Brian', 'Grace', 'Jason', 'Nina', 'Mark', 'Priya', 'Ahmed', 'Lucia', 'Tom', 'Rachel',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Lee', 'Brown', 'Garcia', 'Wilson', 'Martin', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young',
  'King', 'Wright', 'Lopez', 'Hill', 'Green', 'Baker', 'Nelson', 'Carter', 'Patel', 'Kim', 'Rossi', 'Novak',
];
const CN_SURNAMES = ['张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱'];
const CN_GIVEN = ['伟', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '霞', '平'];

const TITLES: Record<ContactRole, string[]> = {
  decision_maker: ['CEO', 'COO', 'CTO', 'VP Operations', 'VP Sales', 'General Manager', 'Head of IT'],
  economic_buyer: ['CFO', 'VP Finance', 'Finance Director', 'Procurement Director'],
  champion: ['Sales Ops Manager', 'IT Manager', 'Product Manager', 'Team Lead', 'Operations Manager'],
  influencer: ['Senior Engineer', 'Business Analyst', 'Solutions Architect', 'Consultant'],
  user: ['Account Executive', 'Sales Rep', 'Analyst', 'Coordinator'],
  blocker: ['IT Security Lead', 'Legal Counsel', 'Procurement Manager'],
};
const CN_TITLES: Record<ContactRole, string[]> = {
  decision_maker: ['总经理', '副总裁', '首席技术官', '运营总监'],
  economic_buyer: ['财务总监', '采购总监', '首席财务官'],
  champion: ['销售运营经理', 'IT经理', '产品经理'],
  influencer: ['高级工程师', '业务分析师', '架构师'],
  user: ['销售代表', '分析员', '专员'],
  blocker: ['信息安全负责人', '法务', '采购经理'],
};

const OVERRIDE_REASONS = [
  'Strategic logo: the CEO intro is promised by our partner for next week',
  'Procurement-led RFP: the decision maker will only meet at the proposal stage',
  'Sponsor confirmed budget verbally; DM meeting booked',
  'Expansion of an existing customer, same buyer as last year',
  'Board decides in committee; champion presents our case',
];

const OTHER_NOTES = [
  'Champion left the company',
  'Project merged into a group-wide RFP',
  'Acquired; the new parent has a global contract',
  'Chose to build in-house',
];
const PRICE_NOTES = ['Budget capped well below our quote', 'Asked for 40% off, we stopped at 15%', 'Went with the cheapest bid'];
const COMPETITOR_NOTES: Record<Competitor, string[]> = {
  Salesforce: ['Bundled with their existing Salesforce licence', 'Global standard on Salesforce'],
  HubSpot: ['Marketing team already on HubSpot', 'HubSpot came in cheaper'],
  Zoho: ['Zoho undercut us on price'],
};
const STALL_NOTES = ['Waiting on procurement sign-off', 'Legal review of the MSA', 'Budget approval pushed to next quarter'];

// ---------------------------------------------------------------------------
// Time

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Moves a time into working hours (weekdays, 08:00–19:00 UTC); times already inside stay put. */
function workTime(ms: number, rng: Rng): number {
  const d = new Date(ms);
  const hour = d.getUTCHours();
  let day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  let moved = hour < 8 || hour >= 19;
  if (hour >= 19) day += DAY;
  let dow = new Date(day).getUTCDay();
  while (dow === 0 || dow === 6) {
    day += DAY;
    dow = new Date(day).getUTCDay();
    moved = true;
  }
  if (!moved) return Math.floor(ms / SEC) * SEC;
  return day + 8 * HOUR + rng.int(30, 180) * MIN + rng.int(0, 59) * SEC;
}

// ---------------------------------------------------------------------------
// One deal's story

type LossStage = 'lead' | 'opportunity' | 'qualified' | 'proposal' | 'negotiation';

/** Accumulates a deal's steps; once a step would fall at or after `now`, the story is cut there. */
class Script {
  readonly steps: PlanStep[] = [];
  stage = 'lead';
  stopped = false;
  private t: number;

  constructor(
    private readonly rng: Rng,
    private readonly now: number,
    start: number,
    readonly name: string,
  ) {
    this.t = start;
  }

  get time(): number {
    return this.t;
  }

  /** A gap of [min, max] days, landing in working hours. */
  wait(min: number, max: number): void {
    this.t = workTime(this.t + this.rng.range(min, max) * DAY, this.rng);
  }

  /** A few minutes later, in the same session. */
  soon(): void {
    this.t += this.rng.int(2, 25) * MIN + this.rng.int(0, 59) * SEC;
  }

  do(actor: DemoUser, command: Command): boolean {
    if (this.stopped) return false;
    const last = this.steps[this.steps.length - 1];
    if (last && this.t <= last.at.getTime()) this.t = last.at.getTime() + MIN;
    if (this.t >= this.now) {
      this.stopped = true;
      return false;
    }
    this.steps.push({ at: new Date(this.t), userId: actor.userId, role: actor.role, command });
    return true;
  }

  move(actor: DemoUser, stage: string, override?: string): boolean {
    const cmd: Command = override === undefined
      ? { type: 'deal.move', name: this.name, stage }
      : { type: 'deal.move', name: this.name, stage, override };
    if (!this.do(actor, cmd)) return false;
    this.stage = stage;
    return true;
  }

  set(actor: DemoUser, fields: DealFields): boolean {
    return this.do(actor, { type: 'deal.set', name: this.name, fields });
  }

  contact(actor: DemoUser, person: Person, role: ContactRole): boolean {
    return this.do(actor, { type: 'deal.contact', name: this.name, person: person.name, role, title: person.title(role) });
  }

  won(actor: DemoUser, amount?: number): boolean {
    const cmd: Command = amount === undefined ? { type: 'deal.won', name: this.name } : { type: 'deal.won', name: this.name, amount };
    if (!this.do(actor, cmd)) return false;
    this.stage = 'won';
    return true;
  }

  lost(actor: DemoUser, loss: Loss): boolean {
    const cmd: Extract<Command, { type: 'deal.lost' }> = { type: 'deal.lost', name: this.name, reason: loss.reason };
    if (loss.competitor !== undefined) cmd.competitor = loss.competitor;
    if (loss.note !== undefined) cmd.note = loss.note;
    if (!this.do(actor, cmd)) return false;
    this.stage = 'lost';
    return true;
  }
}

interface Person {
  name: string;
  title(role: ContactRole): string;
}

interface Loss {
  reason: LostReason;
  competitor?: string;
  note?: string;
}

const LOSS_WEIGHTS: Record<LossStage, [LostReason, number][]> = {
  lead: [['no_budget', 4], ['timing', 3], ['no_decision', 3]],
  opportunity: [['no_decision', 4], ['timing', 3], ['no_budget', 3], ['price', 1], ['other', 0.5]],
  qualified: [['no_decision', 3], ['timing', 2], ['no_budget', 2], ['price', 2], ['other', 1]],
  proposal: [['price', 4], ['no_decision', 3], ['timing', 2], ['no_budget', 1.5], ['other', 0.7]],
  negotiation: [['price', 6], ['no_decision', 2], ['timing', 2], ['no_budget', 1], ['other', 0.5]],
};

function lossFor(rng: Rng, stage: LossStage, competitor: Competitor | null, competitorKnown: boolean): Loss {
  if (competitor !== null && competitorKnown) {
    const early = stage === 'lead' || stage === 'opportunity';
    if (rng.chance(COMPETITOR_BITE[competitor] * (early ? 0.5 : 1))) {
      const loss: Loss = { reason: 'competitor', competitor };
      if (rng.chance(0.4)) loss.note = rng.pick(COMPETITOR_NOTES[competitor]);
      return loss;
    }
  }
  const reason = rng.weighted(LOSS_WEIGHTS[stage]);
  if (reason === 'other') return { reason, note: rng.pick(OTHER_NOTES) };
  if (reason === 'price' && rng.chance(0.35)) return { reason, note: rng.pick(PRICE_NOTES) };
  return { reason };
}

function roundAmount(x: number): number {
  const step = x < 20_000 ? 500 : 1000;
  return Math.max(2000, Math.min(200_000, Math.round(x / step) * step));
}

interface Shared {
  now: number;
  names: Set<string>;
  /** Reopens still to place (a manager moves a lost deal back to negotiation). */
  reopens: number;
}

interface DealSeed {
  index: number;
  createdAt: number;
  seed: number;
  rep: DemoUser;
}

function uniqueName(rng: Rng, shared: Shared, industry: Industry, chinese: boolean): string {
  for (let attempt = 0; ; attempt++) {
    let name: string;
    if (chinese) {
      name = `${rng.pick(CN_COMPANY_WORDS)}${rng.pick(CN_COMPANY_SUFFIX[industry])}`;
      if (rng.chance(0.35)) name += rng.pick(CN_PROJECTS);
    } else {
      name = `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_SUFFIX[industry])}`;
      if (rng.chance(0.35)) name += ` ${rng.pick(PROJECTS)}`;
    }
    if (attempt > 20) name += ` ${attempt}`;
    const key = name.normalize('NFKC').toLocaleLowerCase('en-US');
    if (!shared.names.has(key)) {
      shared.names.add(key);
      return name;
    }
  }
}

function people(rng: Rng, chinese: boolean): () => Person {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const name = chinese
        ? `${rng.pick(CN_SURNAMES)}${rng.pick(CN_GIVEN)}${rng.chance(0.4) ? rng.pick(CN_GIVEN) : ''}`
        : `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      if (used.has(name)) continue;
      used.add(name);
      const titles = chinese ? CN_TITLES : TITLES;
      const titleSeed = rng.uint32();
      return { name, title: (role) => { const list = titles[role]; return list[titleSeed % list.length] as string; } };
    }
  };
}

function amountFor(rng: Rng, team: string): number {
  const median = team === 'enterprise' ? 55_000 : 15_000;
  return roundAmount(median * Math.exp(0.75 * rng.normal()));
}

function buildDeal(seed: DealSeed, shared: Shared): PlanDeal {
  const rng = new Rng(seed.seed);
  const rep = seed.rep;
  const team = (rep.team ?? 'east') as Team;
  const manager = managerOf(team);
  const slow = team === 'enterprise' ? 1.4 : 1;
  const proposalSlow = team === 'west' ? 2.6 : slow;

  const industry = rng.weighted(INDUSTRY_WEIGHTS);
  const source = rng.weighted(SOURCE_WEIGHTS);
  const competitor: Competitor | null = rng.weighted<Competitor | null>(
    team === 'enterprise'
      ? [['Salesforce', 40], ['HubSpot', 15], ['Zoho', 10], [null, 35]]
      : [['Salesforce', 22], ['HubSpot', 24], ['Zoho', 17], [null, 37]],
  );
  const chinese = (rep.userId === '王芳' || rep.userId === '李强') && rng.chance(0.6);
  const name = uniqueName(rng, shared, industry, chinese);
  const person = people(rng, chinese);
  const dmFound = rng.chance(decisionMakerChance(source, rep.userId, team));
  const blocker = rng.chance(0.12);
  let amount = amountFor(rng, team);

  const profile: DealProfile = {
    industry,
    source,
    competitor,
    decisionMaker: dmFound ? 'found' : 'never',
    blocker,
    winIfQualified: false,
  };
  const s = new Script(rng, shared.now, seed.createdAt, name);

  // --- Lead -----------------------------------------------------------------
  const initial: DealFields = { team };
  const sourceKnown = rng.chance(0.7);
  const industryKnown = rng.chance(0.5);
  if (sourceKnown) initial.source = source;
  if (industryKnown) initial.industry = industry;
  if (rng.chance(0.15)) initial.amount = roundAmount(amount * rng.range(0.6, 1.5));
  const tags: string[] = [];
  if (source === 'website' && rng.chance(0.5)) tags.push('inbound');
  if (team === 'enterprise' && rng.chance(0.5)) tags.push('strategic');
  if (rng.chance(0.15)) tags.push(rng.pick(['pilot', 'expansion', 'multi-site']));
  if (tags.length) initial.tags = tags;
  s.do(rep, { type: 'deal.new', name, fields: initial });

  const leadFate = rng.next();
  const leadLoss = LEAD_LOSS[source] * (LEAD_LOSS_REP[rep.userId] ?? 1);
  if (leadFate < leadLoss) {
    s.wait(2, 15);
    s.lost(rep, lossFor(rng, 'lead', competitor, false));
    return finish(seed, profile, s);
  }
  s.wait(0.3, 6);
  let dmAdded = false;
  if (dmFound && rng.chance(0.35)) {
    s.contact(rep, person(), rng.chance(0.7) ? 'decision_maker' : 'economic_buyer');
    dmAdded = true;
  } else {
    s.contact(rep, person(), rng.weighted<ContactRole>([['champion', 4], ['influencer', 3], ['user', 3]]));
  }
  if (leadFate < leadLoss + 0.04) return finish(seed, profile, s); // stalled as a lead
  if (!sourceKnown || !industryKnown) {
    s.soon();
    const missing: DealFields = {};
    if (!sourceKnown) missing.source = source;
    if (!industryKnown) missing.industry = industry;
    s.set(rep, missing);
  }
  s.soon();
  s.move(rep, 'opportunity');

  // --- Opportunity ------------------------------------------------------------
  s.wait(1, 5 * slow);
  const extra = rng.int(0, 2);
  for (let i = 0; i < extra; i++) {
    s.contact(rep, person(), rng.weighted<ContactRole>([['influencer', 4], ['user', 3], ['champion', 2]]));
    s.wait(0.5, 4);
  }
  const blockerNow = blocker && rng.chance(0.5);
  if (blockerNow) {
    s.contact(rep, person(), 'blocker');
    s.soon();
  }
  const closeDays = team === 'enterprise' ? rng.range(60, 150) : rng.range(30, 90);
  let closeDate = s.time + closeDays * DAY;
  s.set(rep, { amount, close: isoDate(closeDate) });
  s.soon();
  s.do(rep, { type: 'deal.competitor', name, competitor });

  if (dmFound) {
    if (!dmAdded) {
      s.wait(1, 8 * slow);
      s.contact(rep, person(), rng.chance(0.65) ? 'decision_maker' : 'economic_buyer');
      if (rng.chance(0.15)) {
        s.soon();
        s.contact(rep, person(), 'economic_buyer');
      }
    }
    const r = rng.next();
    if (r < 0.1) {
      s.wait(3, 15);
      s.lost(rep, lossFor(rng, 'opportunity', competitor, true));
      return finish(seed, profile, s);
    }
    if (r < 0.14) return finish(seed, profile, s); // stalled
    const skipQualified = r < 0.19;
    s.wait(0.5, 4);
    s.move(rep, skipQualified ? 'proposal' : 'qualified');
  } else {
    s.wait(4, 20 * slow);
    const r = rng.next();
    if (r < 0.68) {
      s.lost(rep, lossFor(rng, 'opportunity', competitor, true));
      return finish(seed, profile, s);
    }
    if (r < 0.8) return finish(seed, profile, s); // stalled: nobody with authority in sight
    profile.decisionMaker = 'override';
    s.move(manager, 'qualified', rng.pick(OVERRIDE_REASONS));
  }
  if (s.stopped) return finish(seed, profile, s);

  // --- Qualified and beyond -------------------------------------------------------
  const overridden = profile.decisionMaker === 'override';
  const logit =
    WIN_BASE +
    WIN_SOURCE[source] +
    WIN_COMPETITOR[competitor ?? 'none'] +
    WIN_INDUSTRY[industry] +
    (WIN_REP[rep.userId] ?? 0) +
    (blocker ? WIN_BLOCKER : 0) +
    (team === 'enterprise' ? WIN_ENTERPRISE : 0) +
    (overridden ? WIN_OVERRIDE : 0);
  const win = rng.chance(sigmoid(logit));
  profile.winIfQualified = win;
  const lossStage: LossStage = win ? 'negotiation' : rng.weighted<LossStage>([['qualified', 3], ['proposal', 4], ['negotiation', 3]]);
  const lateDm = overridden && rng.chance(0.5);

  if (s.stage === 'qualified') {
    s.wait(2 * slow, 10 * slow);
    if (rng.chance(0.3)) {
      s.contact(rep, person(), 'champion');
      s.wait(0.5, 3);
    }
    if (rng.chance(0.02)) return finish(seed, profile, s); // stalled
    if (lossStage === 'qualified') {
      s.lost(rep, lossFor(rng, 'qualified', competitor, true));
      return finish(seed, profile, s);
    }
    s.move(rep, rng.chance(0.05) ? 'negotiation' : 'proposal');
  }

  if (s.stage === 'proposal') {
    if (rng.chance(0.4)) {
      s.soon();
      amount = roundAmount(amount * rng.range(0.85, 1.25));
      s.set(rep, { amount });
    }
    if ((industry === 'software' || industry === 'finance') && rng.chance(0.25)) {
      s.soon();
      s.do(rep, { type: 'deal.tag', name, tags: ['security-review'] });
    }
    s.wait(2 * proposalSlow, 7 * proposalSlow);
    if (lateDm) {
      s.contact(rep, person(), 'decision_maker');
      s.wait(0.5, 3);
    }
    if (blocker && !blockerNow) {
      s.contact(rep, person(), 'blocker');
      s.wait(0.5, 3);
    }
    if (team === 'west' && rng.chance(0.5)) {
      closeDate += rng.range(14, 45) * DAY;
      s.set(rep, { close: isoDate(closeDate), notes: rng.pick(STALL_NOTES) });
      s.soon();
      s.do(rep, { type: 'deal.tag', name, tags: ['at-risk'] });
    }
    s.wait(2 * proposalSlow, 7 * proposalSlow);
    if (rng.chance(0.05)) {
      // Scope changed: back to qualified, re-scope, then a new proposal.
      s.move(rep, 'qualified');
      s.wait(2, 7);
      s.move(rep, 'proposal');
      s.wait(2, 8);
    }
    if (rng.chance(0.02)) return finish(seed, profile, s); // stalled
    if (lossStage === 'proposal') {
      s.lost(rep, lossFor(rng, 'proposal', competitor, true));
      return finish(seed, profile, s);
    }
    s.move(rep, 'negotiation');
  }

  if (s.stage === 'negotiation') {
    s.wait(2 * slow, 8 * slow);
    if (rng.chance(0.08)) {
      // The buyer asked for a new quote.
      s.move(rep, 'proposal');
      s.soon();
      amount = roundAmount(amount * rng.range(0.8, 0.95));
      s.set(rep, { amount });
      s.wait(3, 10);
      s.move(rep, 'negotiation');
    }
    if (rng.chance(0.15)) {
      s.soon();
      s.do(rep, { type: 'deal.tag', name, tags: ['discount'] });
    }
    s.wait(2 * slow, 8 * slow);
    if (rng.chance(0.02)) return finish(seed, profile, s); // stalled
    if (win) {
      s.won(rep, rng.chance(0.3) ? roundAmount(amount * rng.range(0.85, 0.97)) : undefined);
      return finish(seed, profile, s);
    }
    const loss = lossFor(rng, 'negotiation', competitor, true);
    const lostAt = s.time;
    const closed = s.lost(rep, loss);
    if (
      closed &&
      shared.reopens > 0 &&
      (loss.reason === 'price' || loss.reason === 'timing') &&
      lostAt < shared.now - 50 * DAY
    ) {
      // The buyer came back: a manager reopens the deal and the rep closes it.
      shared.reopens--;
      s.wait(10, 20);
      s.move(manager, 'negotiation');
      s.wait(4, 10);
      amount = roundAmount(amount * 0.9);
      s.won(rep, amount);
    }
  }
  return finish(seed, profile, s);
}

function finish(seed: DealSeed, profile: DealProfile, s: Script): PlanDeal {
  return {
    name: s.name,
    owner: seed.rep.userId,
    team: seed.rep.team ?? '',
    createdAt: new Date(seed.createdAt),
    profile,
    finalStage: s.stage,
    steps: s.steps,
  };
}

// ---------------------------------------------------------------------------

export interface PlanOptions {
  /** Number of deals (default 300). */
  deals?: number;
}

/** The sample: about 300 deals over the last six months, in creation order. */
export function buildPlan(now: Date, seed: number = DEMO_SEED, options: PlanOptions = {}): DemoPlan {
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new Error('demo plan: invalid now');
  const count = options.deals ?? DEMO_DEALS;
  const rng = new Rng(seed);
  const startMs = nowMs - DEMO_DAYS * DAY;
  const reps = USERS.filter((u) => u.role === 'rep');
  const volume: [DemoUser, number][] = reps.map((r) => [r, REP_VOLUME[r.userId] ?? 1]);

  const seeds: DealSeed[] = [];
  for (let index = 0; index < count; index++) {
    // Creation times spread over the window, the last deal at least a day before now.
    const createdAt = workTime(startMs + rng.next() * (DEMO_DAYS - 1.5) * DAY, rng);
    seeds.push({ index, createdAt, seed: rng.uint32(), rep: rng.weighted(volume) });
  }
  seeds.sort((a, b) => a.createdAt - b.createdAt || a.index - b.index);

  const shared: Shared = { now: nowMs, names: new Set(), reopens: 1 };
  const deals = seeds.map((s) => buildDeal(s, shared)).filter((d) => d.steps.length > 0);

  return {
    seed,
    now: new Date(nowMs),
    start: new Date(startMs),
    teams: [...TEAMS],
    users: USERS.map((u) => ({ ...u })),
    deals,
  };
}
