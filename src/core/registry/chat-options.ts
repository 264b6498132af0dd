// Chat options shared by several commands (see ChatOption in ./types.ts).

import { contactRoleLabel, lostReasonLabel } from '../choice-labels.js';
import { CONTACT_ROLES, LOST_REASONS, ROLES } from '../model.js';
import { NAME_MAX, NOTES_MAX, TEXT_MAX } from '../parser/values.js';
import type { ChatTextKey } from './chat-texts.js';
import type { ChatOption } from './types.js';

const AMOUNT_MAX = 1e15;

export const dealOption: ChatOption = { name: 'name', description: 'opt_name', kind: 'string', as: 'name', required: true, complete: 'deal', maxLength: NAME_MAX };

export const textOption = (name: string, description: ChatTextKey, maxLength = TEXT_MAX): ChatOption => ({
  name,
  description,
  kind: 'string',
  as: 'key',
  maxLength,
});

export const amountOption = (description: ChatTextKey = 'opt_amount', as: ChatOption['as'] = 'key'): ChatOption => ({
  name: 'amount',
  description,
  kind: 'number',
  as,
  min: 0,
  max: AMOUNT_MAX,
});

export const overrideOption: ChatOption = { ...textOption('override', 'opt_override'), as: 'flag' };

export const stageOption = (name: string, description: ChatTextKey, required: boolean, as: ChatOption['as'] = 'name'): ChatOption => ({
  name,
  description,
  kind: 'string',
  as,
  required,
  complete: 'stage',
  maxLength: NAME_MAX,
});

export const periodOption: ChatOption = { name: 'period', description: 'opt_period', kind: 'string', as: 'words', complete: 'period', maxLength: 100 };
export const byOption: ChatOption = { name: 'by', description: 'opt_by', kind: 'string', as: 'key', complete: 'dimension', maxLength: 100 };
export const viewOption: ChatOption = {
  name: 'view',
  description: 'opt_view',
  kind: 'string',
  as: 'key',
  choices: [
    { value: 'cohort', label: 'view_cohort' },
    { value: 'activity', label: 'view_activity' },
  ],
};

/** Fields shared by `deal new` and `deal set` (keys of the text grammar). */
export const DEAL_FIELD_OPTIONS: readonly ChatOption[] = [
  amountOption(),
  { name: 'currency', description: 'opt_currency', kind: 'string', as: 'key', minLength: 3, maxLength: 3 },
  { name: 'close', description: 'opt_close', kind: 'string', as: 'key', minLength: 8, maxLength: 10 },
  textOption('industry', 'opt_industry'),
  textOption('source', 'opt_source'),
  textOption('team', 'opt_team'),
  { name: 'owner', description: 'opt_owner', kind: 'user', as: 'key' },
  textOption('tags', 'opt_tags'),
];

export const NOTES_OPTION = textOption('notes', 'opt_notes', NOTES_MAX);

export const contactRoleChoices = CONTACT_ROLES.map((r) => ({ value: r, label: (l: 'en' | 'zh-CN') => contactRoleLabel(l, r) }));
export const lostReasonChoices = LOST_REASONS.map((r) => ({ value: r, label: (l: 'en' | 'zh-CN') => lostReasonLabel(l, r) }));
export const memberRoleChoices = ROLES.map((r) => ({ value: r, label: `member_${r}` as const }));
