// "Complete and move": the button on a blocked move, the modal with exactly the
// missing fields (chosen by core/completion), and reading + checking what was submitted.
import type { types } from '@slack/bolt';
import { completionCommands, completionFields, optionLabel, type FieldId, type FormField } from '../../core/completion.js';
import { LOCALES, type Locale } from '../../core/model.js';
import { isRequirementId, requirementHint } from '../../core/requirements.js';
import { context, esc, section, type Block } from './mrkdwn.js';
import { slackText } from './texts.js';

export const COMPLETE_ACTION = 'stagecoach_complete';
export const COMPLETE_VIEW = 'stagecoach_complete_view';
const INPUT_ACTION = 'value';

/** What a blocked move needs; carried in the button, then in the modal. */
export interface Pending {
  /** The core command to retry (`deal move ACME qualified`, `deal won ...`, `deal lost ...`). */
  command: string;
  locale: Locale;
  deal: string;
  /** Display name of the target stage. */
  stage: string;
  missing: string[];
}

/** The modal adds where to put the result: the blocked message's response_url. */
export interface ModalState extends Pending {
  responseUrl?: string;
}

const BUTTON_VALUE_MAX = 2000;
const METADATA_MAX = 3000;

function pack(p: ModalState): string {
  return JSON.stringify({ c: p.command, l: p.locale, d: p.deal, s: p.stage, m: p.missing, ...(p.responseUrl && { r: p.responseUrl }) });
}

function unpack(raw: string | undefined): ModalState | null {
  if (!raw) return null;
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    const locale = LOCALES.find((l) => l === o.l);
    if (typeof o.c !== 'string' || !locale || typeof o.d !== 'string' || typeof o.s !== 'string' || !Array.isArray(o.m)) return null;
    const state: ModalState = { command: o.c, locale, deal: o.d, stage: o.s, missing: o.m.filter((x): x is string => typeof x === 'string') };
    if (typeof o.r === 'string') state.responseUrl = o.r;
    return state;
  } catch {
    return null;
  }
}

export function completeButton(p: Pending): types.Button | null {
  const value = pack(p);
  if (value.length > BUTTON_VALUE_MAX) return null;
  return { type: 'button', action_id: COMPLETE_ACTION, style: 'primary', text: { type: 'plain_text', text: slackText(p.locale, 'completeAndMove') }, value };
}

export function pendingFromButton(value: string | undefined): Pending | null {
  return unpack(value);
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });

function element(f: FormField, locale: Locale): types.InputBlock['element'] {
  switch (f.kind) {
    case 'number':
      return { type: 'number_input', action_id: INPUT_ACTION, is_decimal_allowed: true, ...(f.initial && { initial_value: f.initial }) };
    case 'date':
      return { type: 'datepicker', action_id: INPUT_ACTION, ...(f.initial && { initial_date: f.initial }) };
    case 'select': {
      const options = (f.options ?? []).map((o) => ({ text: plain(optionLabel(locale, f.id, o)), value: o }));
      const initial = options.find((o) => o.value === f.initial);
      return { type: 'static_select', action_id: INPUT_ACTION, options, ...(initial && { initial_option: initial }) };
    }
    case 'text':
      return {
        type: 'plain_text_input',
        action_id: INPUT_ACTION,
        max_length: f.id === 'notes' || f.id === 'lost_note' ? 2000 : 200,
        multiline: f.id === 'notes' || f.id === 'lost_note',
        ...(f.initial && { initial_value: f.initial }),
      };
  }
}

/** The modal for a blocked move, or null when its state does not fit Slack's metadata limit. */
export function completionModal(state: ModalState): types.ModalView | null {
  const metadata = pack(state);
  if (metadata.length > METADATA_MAX) return null;
  const { locale } = state;
  const fields = completionFields(state.missing, locale);
  const hints = state.missing.filter(isRequirementId).map((id) => `• ${esc(requirementHint(locale, id))}`);
  const blocks: Block[] = [section(slackText(locale, 'modalIntro', { name: esc(state.deal), stage: esc(state.stage) }))];
  if (hints.length) blocks.push(context(hints.join('\n').slice(0, 2990)));
  for (const f of fields) {
    blocks.push({ type: 'input', block_id: f.id, optional: !f.required, label: plain(f.label), element: element(f, locale) });
  }
  return {
    type: 'modal',
    callback_id: COMPLETE_VIEW,
    private_metadata: metadata,
    title: plain(slackText(locale, 'modalTitle')),
    submit: plain(slackText(locale, 'modalSubmit')),
    close: plain(slackText(locale, 'modalCancel')),
    blocks,
  };
}

export function stateFromView(view: { private_metadata?: string }): ModalState | null {
  return unpack(view.private_metadata);
}

type ViewValues = Record<string, Record<string, { value?: string | null; selected_date?: string | null; selected_option?: { value: string } | null }>>;

/** The submitted value of each field, as text. */
export function submittedValues(values: ViewValues): Partial<Record<FieldId, string>> {
  const out: Partial<Record<FieldId, string>> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const a = actions[INPUT_ACTION];
    if (!a) continue;
    const v = a.value ?? a.selected_date ?? a.selected_option?.value ?? undefined;
    if (typeof v === 'string') out[blockId as FieldId] = v;
  }
  return out;
}

function probe(id: FieldId, value: string): Partial<Record<FieldId, string>> {
  // A role or title is only checked together with a contact name.
  return id === 'contact_role' || id === 'contact_title' ? { contact_name: 'x', [id]: value } : { [id]: value };
}

/**
 * Field errors for the modal (block id → message), checked with the same rules as typed
 * commands, one field at a time so each message sits under its own input. Null when valid.
 */
export function validateSubmission(state: ModalState, values: Partial<Record<FieldId, string>>): Record<string, string> | null {
  const errors: Record<string, string> = {};
  for (const f of completionFields(state.missing, state.locale)) {
    const v = values[f.id]?.trim();
    if (!v) {
      if (f.required) errors[f.id] = slackText(state.locale, 'required');
      continue;
    }
    const r = completionCommands(state.deal, probe(f.id, v), state.locale);
    if (!r.ok) errors[f.id] = (r.reply.text.split('\n')[0] ?? r.reply.text).slice(0, 150);
  }
  return Object.keys(errors).length ? errors : null;
}
