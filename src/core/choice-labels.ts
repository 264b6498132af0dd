// Display names of the contact roles and loss reasons, wherever a chat front door
// offers them as choices (form selects, Discord's slash-command choices). Kept once
// here so every front door names them alike; the tables are typed over every role
// and reason, so adding one to the model does not compile until it has a label in
// both locales.

import { defineTexts } from './i18n.js';
import type { ContactRole, Locale, LostReason } from './model.js';

const rolesEn: Record<ContactRole, string> = {
  decision_maker: 'Decision maker',
  economic_buyer: 'Economic buyer',
  champion: 'Champion',
  influencer: 'Influencer',
  user: 'User',
  blocker: 'Blocker',
};

const roles = defineTexts('contact-roles', rolesEn, {
  decision_maker: '决策者',
  economic_buyer: '经济决策人',
  champion: '内部支持者',
  influencer: '影响者',
  user: '使用者',
  // The word Discord's registered slash-command choices carry (another one means
  // re-registering them). The parser reads 阻碍者 as blocker too.
  blocker: '反对者',
});

const reasonsEn: Record<LostReason, string> = {
  price: 'Price',
  competitor: 'Competitor',
  no_decision: 'No decision',
  timing: 'Timing',
  no_budget: 'No budget',
  other: 'Other',
};

const reasons = defineTexts('lost-reasons', reasonsEn, {
  price: '价格',
  competitor: '竞争对手',
  no_decision: '未做决定',
  timing: '时机',
  no_budget: '没有预算',
  other: '其他',
});

export function contactRoleLabel(locale: Locale, role: ContactRole): string {
  return roles(locale, role);
}

export function lostReasonLabel(locale: Locale, reason: LostReason): string {
  return reasons(locale, reason);
}
