// "Complete and move": when a move is blocked, chat UIs show a form with exactly the
// missing fields. Which fields a requirement needs, and how the answers become
// ordinary commands (so every rule still applies), is decided here, once, for
// Slack, Discord and any other front door.

import { contactRoleLabel, lostReasonLabel } from './choice-labels.js';
import type { Command } from './commands.js';
import { defineTexts } from './i18n.js';
import { CONTACT_ROLES, LOST_REASONS, type Locale } from './model.js';
import { UsageError } from './parser/errors.js';
import { renderUsage } from './registry/usage.js';
import { amount, contactRole, date, lostReason, text } from './parser/values.js';
import type { Reply } from './reply.js';
import { isRequirementId, type RequirementId } from './requirements.js';

export type FieldId =
  | 'contact_name'
  | 'contact_role'
  | 'contact_title'
  | 'industry'
  | 'source'
  | 'team'
  | 'amount'
  | 'close_date'
  | 'competitor'
  | 'notes'
  | 'lost_reason'
  | 'lost_note';

export interface FormField {
  id: FieldId;
  kind: 'text' | 'number' | 'date' | 'select';
  label: string;
  required: boolean;
  options?: readonly string[];
  initial?: string;
}

const labels = defineTexts(
  'completion',
  {
    contact_name: 'Contact name',
    contact_role: 'Contact role',
    contact_title: 'Contact title',
    industry: 'Industry',
    source: 'Lead source',
    team: 'Team',
    amount: 'Amount',
    close_date: 'Expected close date',
    competitor: 'Competitor (or "none")',
    notes: 'Note',
    lost_reason: 'Loss reason',
    lost_note: 'Loss note',
  },
  {
    contact_name: '联系人姓名',
    contact_role: '联系人角色',
    contact_title: '联系人职位',
    industry: '行业',
    source: '线索来源',
    team: '团队',
    amount: '金额',
    close_date: '预计成交日期',
    competitor: '竞争对手（没有请填 none）',
    notes: '备注',
    lost_reason: '输单原因',
    lost_note: '输单备注',
  },
);

/** The fields one requirement asks for; a contact requirement presets the role it needs. */
function fieldsOf(id: RequirementId): { id: FieldId; initial?: string; required?: boolean }[] {
  switch (id) {
    case 'contact':
      return [{ id: 'contact_name' }, { id: 'contact_role', initial: 'champion' }, { id: 'contact_title', required: false }];
    case 'decision_maker':
    case 'economic_buyer':
    case 'champion':
      return [{ id: 'contact_name' }, { id: 'contact_role', initial: id }, { id: 'contact_title', required: false }];
    case 'industry':
    case 'source':
    case 'team':
    case 'amount':
    case 'close_date':
    case 'competitor':
    case 'notes':
      return [{ id }];
    case 'lost_reason':
      return [{ id: 'lost_reason' }, { id: 'lost_note', required: false }];
    case 'lost_competitor':
      return [{ id: 'competitor' }];
  }
}

const KIND: Record<FieldId, FormField['kind']> = {
  contact_name: 'text',
  contact_role: 'select',
  contact_title: 'text',
  industry: 'text',
  source: 'text',
  team: 'text',
  amount: 'number',
  close_date: 'date',
  competitor: 'text',
  notes: 'text',
  lost_reason: 'select',
  lost_note: 'text',
};

const OPTIONS: Partial<Record<FieldId, readonly string[]>> = { contact_role: CONTACT_ROLES, lost_reason: LOST_REASONS };

/** What a select shows for one of its options; the submitted value stays the option itself. */
export function optionLabel(locale: Locale, field: FieldId, option: string): string {
  const role = field === 'contact_role' ? CONTACT_ROLES.find((r) => r === option) : undefined;
  if (role) return contactRoleLabel(locale, role);
  const reason = field === 'lost_reason' ? LOST_REASONS.find((r) => r === option) : undefined;
  if (reason) return lostReasonLabel(locale, reason);
  return option;
}

/** The form for a blocked move: each field once, in the order the requirements came. */
export function completionFields(missing: readonly string[], locale: Locale): FormField[] {
  const out = new Map<FieldId, FormField>();
  for (const raw of missing) {
    if (!isRequirementId(raw)) continue;
    for (const f of fieldsOf(raw)) {
      const existing = out.get(f.id);
      // The stronger contact role wins when several requirements ask for a contact.
      if (existing) {
        if (f.initial && f.initial !== 'champion') existing.initial = f.initial;
        continue;
      }
      const field: FormField = { id: f.id, kind: KIND[f.id], label: labels(locale, f.id), required: f.required ?? true };
      const options = OPTIONS[f.id];
      if (options) field.options = options;
      if (f.initial) field.initial = f.initial;
      out.set(f.id, field);
    }
  }
  return [...out.values()];
}

export type Completion = { ok: true; commands: Command[] } | { ok: false; reply: Reply };

/**
 * Turns submitted form values into the commands that record them. Values are checked
 * with the same rules as typed commands; the move itself is retried by the caller
 * through the usual use case, so gates and permissions apply as always.
 */
export function completionCommands(deal: string, values: Partial<Record<FieldId, string>>, locale: Locale): Completion {
  const v = (id: FieldId) => {
    const s = values[id]?.trim();
    return s ? s : undefined;
  };
  try {
    const commands: Command[] = [];
    const name = v('contact_name');
    if (name) {
      const title = v('contact_title');
      commands.push({
        type: 'deal.contact',
        name: deal,
        person: text(name, 'person', 'deal contact'),
        role: contactRole(v('contact_role') ?? 'champion', 'deal contact'),
        ...(title && { title: text(title, 'title', 'deal contact') }),
      });
    }
    const fields: Record<string, unknown> = {};
    const industry = v('industry');
    const source = v('source');
    const team = v('team');
    const amt = v('amount');
    const close = v('close_date');
    const notes = v('notes');
    if (industry) fields.industry = text(industry, 'industry', 'deal set');
    if (source) fields.source = text(source, 'source', 'deal set');
    if (team) fields.team = text(team, 'team', 'deal set');
    if (amt) fields.amount = amount(amt, 'positive', 'deal set');
    if (close) fields.close = date(close, 'deal set');
    if (notes) fields.notes = text(notes, 'notes', 'deal set', 2000);
    if (Object.keys(fields).length) commands.push({ type: 'deal.set', name: deal, fields });
    const competitor = v('competitor');
    if (competitor) {
      const none = ['none', '无', '没有'].includes(competitor.toLowerCase());
      commands.push({ type: 'deal.competitor', name: deal, competitor: none ? null : text(competitor, 'competitor', 'deal competitor') });
    }
    const reason = v('lost_reason');
    if (reason) {
      // Recorded by the lost move itself: the caller passes it to `deal lost`.
      lostReason(reason, 'deal lost');
    }
    return { ok: true, commands };
  } catch (err) {
    if (err instanceof UsageError) return { ok: false, reply: renderUsage(locale, err) };
    throw err;
  }
}
