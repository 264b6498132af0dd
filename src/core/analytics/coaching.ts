// Turns the strongest win/loss factors into plain coaching sentences a manager can act
// on, e.g. "Deals with a decision maker identified before Qualified won 42% (31 deals)
// vs 12% (40) without." followed by what to do about it.

import { defineTexts } from '../i18n.js';
import type { Locale } from '../model.js';
import type { Factor } from './factors.js';
import { pct } from './table.js';
import type { RoleChoice } from './types.js';

const c = defineTexts(
  'coaching',
  {
    owner: "{value}'s deals won {rate} ({n} deals) vs {restRate} ({restN}) for the rest of the team.",
    team: 'Team {value} won {rate} of its deals ({n}) vs {restRate} ({restN}) for the other teams.',
    industry: '{value} deals won {rate} ({n} deals) vs {restRate} ({restN}) in other industries.',
    source: 'Deals from {value} leads won {rate} ({n} deals) vs {restRate} ({restN}) from other sources.',
    competitor: 'Against {value} we won {rate} ({n} deals) vs {restRate} ({restN}) otherwise.',
    competitorNone: 'Deals with no competitor won {rate} ({n} deals) vs {restRate} ({restN}) with one.',
    tag: 'Deals tagged {value} won {rate} ({n} deals) vs {restRate} ({restN}) without the tag.',
    size: 'Deals of {value} won {rate} ({n} deals) vs {restRate} ({restN}) of other sizes.',
    role: 'Deals with {role} identified before {stage} won {rate} ({n} deals) vs {restRate} ({restN}) without.',

    ownerHigher: 'Ask {value} to show the team how they run their deals.',
    ownerLower: "Review {value}'s open deals together and coach the stage where they stall.",
    teamHigher: "Spread team {value}'s practices to the other teams.",
    teamLower: 'Look at how team {value} qualifies and runs its deals.',
    industryHigher: 'Prospect more in {value}; reuse the references you have there.',
    industryLower: 'Rework the pitch for {value}, or qualify those deals harder before investing.',
    sourceHigher: 'Put more effort into {value} leads.',
    sourceLower: 'Qualify {value} leads harder before spending sales time on them.',
    competitorHigher: 'Pursue deals against {value} and reuse the arguments that win.',
    competitorLower: 'Against {value}, build a competitive plan early, or qualify out sooner.',
    competitorNoneHigher: 'Find deals before a competitor is in; ask early who else they are talking to.',
    competitorNoneLower: 'Deals with no competitor often end in no decision: confirm the pain and the deadline.',
    tagHigher: 'Find out what the deals tagged {value} have in common and look for more of them.',
    tagLower: 'Deals tagged {value} need attention early.',
    sizeHigher: 'Deals of {value} are your sweet spot: aim for more of them.',
    sizeLower: 'Deals of {value} need a different approach (more people involved, a longer cycle).',
    roleHigherGate: 'Find {role} early in every deal; the {stage} gate already requires it, so keep overrides of that gate rare.',
    roleHigherAdd: 'Coach reps to find {role} before {stage}; consider: gates set {stageKey} require {requirement}',
    roleHigherCoach: 'Coach reps to find {role} before moving deals to {stage}.',
    roleLower: 'When {role} shows up this early, plan how to handle them before {stage}.',
    maybe: 'Possibly: {sentence}',

    role_decision_maker: 'a decision maker',
    role_economic_buyer: 'an economic buyer',
    role_dm_or_eb: 'a decision maker or economic buyer',
    role_champion: 'a champion',
    role_influencer: 'an influencer',
    role_user: 'a user contact',
    role_blocker: 'a blocker',
  },
  {
    owner: '{value} 的商机赢单率 {rate}（{n} 个），团队其他人为 {restRate}（{restN} 个）。',
    team: '{value} 团队的赢单率 {rate}（{n} 个），其他团队为 {restRate}（{restN} 个）。',
    industry: '{value}行业的商机赢单率 {rate}（{n} 个），其他行业为 {restRate}（{restN} 个）。',
    source: '来自 {value} 的线索赢单率 {rate}（{n} 个），其他来源为 {restRate}（{restN} 个）。',
    competitor: '对阵 {value} 时赢单率 {rate}（{n} 个），其他情况为 {restRate}（{restN} 个）。',
    competitorNone: '没有竞争对手的商机赢单率 {rate}（{n} 个），有竞争对手的为 {restRate}（{restN} 个）。',
    tag: '带有标签 {value} 的商机赢单率 {rate}（{n} 个），没有该标签的为 {restRate}（{restN} 个）。',
    size: '金额在 {value} 的商机赢单率 {rate}（{n} 个），其他金额为 {restRate}（{restN} 个）。',
    role: '进入{stage}之前已识别{role}的商机赢单率 {rate}（{n} 个），未识别的为 {restRate}（{restN} 个）。',

    ownerHigher: '请 {value} 给团队分享他/她推进商机的做法。',
    ownerLower: '和 {value} 一起复盘进行中的商机，针对卡住的阶段进行辅导。',
    teamHigher: '把 {value} 团队的做法推广到其他团队。',
    teamLower: '检查 {value} 团队如何筛选和推进商机。',
    industryHigher: '在{value}行业多开发客户，善用已有的案例。',
    industryLower: '调整面向{value}行业的说法，或在投入前更严格地筛选。',
    sourceHigher: '在 {value} 渠道投入更多精力。',
    sourceLower: '在投入销售时间之前，更严格地筛选来自 {value} 的线索。',
    competitorHigher: '积极争取对阵 {value} 的商机，复用赢单的论点。',
    competitorLower: '对阵 {value} 时尽早制定竞争策略，或更早放弃。',
    competitorNoneHigher: '争取在竞争对手介入之前切入；尽早问清客户还在和谁接触。',
    competitorNoneLower: '没有竞争对手的商机常以"不了了之"告终：确认痛点和截止时间。',
    tagHigher: '找出带有 {value} 标签的商机的共同点，寻找更多类似商机。',
    tagLower: '带有 {value} 标签的商机需要尽早关注。',
    sizeHigher: '{value} 是你们的最佳区间：争取更多这类商机。',
    sizeLower: '{value} 的商机需要不同的打法（涉及的人更多、周期更长）。',
    roleHigherGate: '每个商机都要尽早找到{role}；{stage}关卡已经要求这一点，尽量少用特批绕过它。',
    roleHigherAdd: '辅导销售在{stage}之前找到{role}；可以考虑：gates set {stageKey} require {requirement}',
    roleHigherCoach: '辅导销售在推进到{stage}之前找到{role}。',
    roleLower: '如果这么早就出现{role}，在{stage}之前就要规划好应对方式。',
    maybe: '可能：{sentence}',

    role_decision_maker: '决策人',
    role_economic_buyer: '经济决策人',
    role_dm_or_eb: '决策人或经济决策人',
    role_champion: '支持者',
    role_influencer: '影响者',
    role_user: '使用者',
    role_blocker: '阻碍者',
  },
);

type Key = Parameters<typeof c>[1];

export function rolePhrase(locale: Locale, role: RoleChoice): string {
  return c(locale, `role_${role}` as Key);
}

/** What the coaching needs to know about a dimension beyond the factor itself. */
export interface DimensionInfo {
  /** The simple dimension kind, or 'roleBefore'. */
  kind: string;
  role?: RoleChoice;
  /** Display name of the stage of a role dimension, and its key. */
  stageName?: string;
  stageKey?: string;
  /** The gate requirement id matching the role, if any, and whether the stage's gate already has it. */
  requirement?: string | null;
  gateHasIt?: boolean;
}

export interface Coaching {
  /** The observation: "… won 42% (31 deals) vs 12% (40) without." */
  finding: string;
  /** What to do about it. */
  advice: string;
}

/** The sentence for one factor; `label` is the value's display label. */
export function coach(locale: Locale, f: Factor, info: DimensionInfo, label: string): Coaching {
  const base = { rate: pct(f.rate), n: f.closed, restRate: pct(f.restRate), restN: f.restClosed, value: label };
  const higher = f.direction !== 'lower';
  const kind = info.kind;

  if (kind === 'roleBefore') {
    const role = rolePhrase(locale, info.role ?? 'decision_maker');
    const stage = info.stageName ?? '';
    const params = { ...base, role, stage };
    const finding = c(locale, 'role', params);
    let advice: string;
    if (!higher) advice = c(locale, 'roleLower', params);
    else if (info.requirement && info.gateHasIt) advice = c(locale, 'roleHigherGate', params);
    else if (info.requirement) {
      advice = c(locale, 'roleHigherAdd', { ...params, stageKey: info.stageKey ?? '', requirement: info.requirement });
    } else advice = c(locale, 'roleHigherCoach', params);
    return { finding, advice };
  }
  if (kind === 'competitor' && f.value === 'none') {
    return { finding: c(locale, 'competitorNone', base), advice: c(locale, higher ? 'competitorNoneHigher' : 'competitorNoneLower', base) };
  }
  switch (kind) {
    case 'owner':
    case 'team':
    case 'industry':
    case 'source':
    case 'competitor':
    case 'tag':
    case 'size':
      return { finding: c(locale, kind, base), advice: c(locale, `${kind}${higher ? 'Higher' : 'Lower'}` as Key, base) };
    default:
      return { finding: '', advice: '' };
  }
}

/** "Possibly: …" for signals that are not conclusive yet. */
export function hedge(locale: Locale, sentence: string): string {
  return c(locale, 'maybe', { sentence });
}
