// Stage-gate requirements: a stable id, a check, and the coaching hint that says why
// the information matters (the source article's "standardised process").

import { defineTexts } from './i18n.js';
import type { Deal, Locale } from './model.js';

type Check = (deal: Deal) => boolean;

const CHECKS = {
  contact: (d) => d.contacts.length > 0,
  industry: (d) => !!d.industry,
  source: (d) => !!d.source,
  team: (d) => !!d.team,
  amount: (d) => d.amount !== null && d.amount > 0,
  close_date: (d) => d.closeDate !== null,
  decision_maker: (d) => d.contacts.some((c) => c.role === 'decision_maker' || c.role === 'economic_buyer'),
  economic_buyer: (d) => d.contacts.some((c) => c.role === 'economic_buyer'),
  champion: (d) => d.contacts.some((c) => c.role === 'champion'),
  competitor: (d) => d.noCompetitor || d.competitors.length > 0,
  notes: (d) => !!d.notes,
  lost_reason: (d) => d.lostReason !== null && (d.lostReason !== 'other' || !!d.lostNote),
  lost_competitor: (d) => d.lostReason !== 'competitor' || d.competitors.length > 0,
} satisfies Record<string, Check>;

export type RequirementId = keyof typeof CHECKS;
export const REQUIREMENT_IDS = Object.keys(CHECKS) as RequirementId[];

/** Requirements that a listed id brings along (a competitor loss must name the competitor). */
const IMPLIES: Partial<Record<RequirementId, RequirementId[]>> = { lost_reason: ['lost_competitor'] };

export function isRequirementId(id: string): id is RequirementId {
  return Object.prototype.hasOwnProperty.call(CHECKS, id);
}

const hints = defineTexts(
  'requirements',
  {
    contact: 'Add at least one contact: a deal nobody on the buyer side has spoken for is a lead, not an opportunity.',
    industry: 'Set the industry: win rates differ by industry, and coaching compares like with like.',
    source: 'Set the lead source: it tells which channels bring deals that close.',
    team: 'Set the team, so results can be compared between teams.',
    amount: 'Set an amount above zero: pipeline value and forecasts need it.',
    close_date: 'Set an expected close date: a deal without a date is a wish, not a forecast.',
    decision_maker:
      'Identify the decision maker or economic buyer: deals where they were reached before qualification win far more often.',
    economic_buyer: 'Identify the economic buyer: without budget authority the deal stalls at signature.',
    champion: 'Find a champion: someone inside who sells for you when you are not in the room.',
    competitor: 'Record the competitor (or "none"): knowing who you are up against shapes the pitch.',
    notes: 'Write a note on the current situation so the team can help.',
    lost_reason: 'Give the loss reason (price, competitor, no_decision, timing, no_budget, or other with a note): losses teach only when we know why.',
    lost_competitor: 'Name the competitor who won: it shows whom we beat and who beats us.',
  },
  {
    contact: '至少添加一位联系人：买方无人参与的商机只是线索，还不是机会。',
    industry: '填写行业：不同行业的赢单率不同，辅导需要同类比较。',
    source: '填写线索来源：这能看出哪些渠道带来的商机更容易成交。',
    team: '填写所属团队，以便在团队之间比较结果。',
    amount: '填写大于零的金额：管道价值和预测都依赖它。',
    close_date: '填写预计成交日期：没有日期的商机只是愿望，不是预测。',
    decision_maker: '找到决策者或经济决策人：在进入合格机会前接触到他们的商机赢单率高得多。',
    economic_buyer: '找到经济决策人：没有预算审批人，商机会卡在签约环节。',
    champion: '找到内部支持者：在你不在场时替你推动的人。',
    competitor: '记录竞争对手（或"none"表示没有）：了解对手才能调整打法。',
    notes: '写一条当前情况的备注，方便团队协助。',
    lost_reason: '填写输单原因（price、competitor、no_decision、timing、no_budget，或 other 加备注）：只有知道原因，输单才有价值。',
    lost_competitor: '写明赢下这单的竞争对手：这样才能知道我们赢过谁、输给谁。',
  },
);

export function requirementHint(locale: Locale, id: RequirementId): string {
  return hints(locale, id);
}

export interface Missing {
  id: RequirementId;
  hint: string;
}

/** ALL unmet requirements among `ids`, in the given order, without repeats. */
export function missingRequirements(deal: Deal, ids: readonly string[], locale: Locale): Missing[] {
  const seen = new Set<RequirementId>();
  const out: Missing[] = [];
  for (const raw of ids) {
    if (!isRequirementId(raw)) continue;
    for (const id of [raw, ...(IMPLIES[raw] ?? [])]) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (!CHECKS[id](deal)) out.push({ id, hint: hints(locale, id) });
    }
  }
  return out;
}
