// "Complete and move": a blocked move shows every missing requirement and a button;
// the button opens a modal with exactly the missing fields (the core decides which,
// src/core/completion.ts). A modal holds at most five components, so longer forms
// come in steps: each submit saves its values, then a "Continue" button opens the next
// step; the last submit hands its values and the move to the core's completeMove.
//
// The form's state travels in the button's and modal's custom ids (100 characters at
// most). When it does not fit (long names, extra loss details), it stays in memory
// under a short key for the interaction token's lifetime.

import { randomBytes } from 'node:crypto';
import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIModalInteractionResponseCallbackData } from 'discord.js';
import type { Command } from '../../core/commands.js';
import type { MoveCommand } from '../../core/usecases/move.js';
import { completionFields, optionLabel, type FieldId, type FormField } from '../../core/completion.js';
import { LOST_REASONS, type Locale, type LostReason } from '../../core/model.js';
import type { Reply } from '../../core/reply.js';
import { isRequirementId, type RequirementId } from '../../core/requirements.js';
import { blockedEmbed, type MissingItem } from './embeds.js';
import { LIMITS } from './limits.js';
import { discordText } from './texts.js';

export type FormKind = 'move' | 'won' | 'lost';

/** What the retried command needs besides the deal and the target stage. */
export interface FormAction {
  kind: FormKind;
  amount?: number;
  reason?: LostReason;
  competitor?: string;
  note?: string;
}

export interface FormState extends FormAction {
  /** The workspace locale when the form was offered (labels of the modal). */
  locale: Locale;
  deal: string;
  /** Target stage key. */
  stage: string;
  missing: RequirementId[];
  /** Zero-based step of the form. */
  step: number;
}

/** Current custom ids carry the requirement ids themselves; 'sc1' ids (requirements by position) are still read. */
const PREFIX = 'sc2';
const LEGACY_PREFIX = 'sc1';
const KIND_CODE: Record<FormKind, string> = { move: 'm', won: 'w', lost: 'l' };
const CODE_KIND: Record<string, FormKind> = { m: 'move', w: 'won', l: 'lost' };
const LOCALE_CODE: Record<Locale, string> = { en: 'e', 'zh-CN': 'z' };

/**
 * The requirement list as it was when 'sc1' ids were posted: such an id names a
 * requirement by its base-36 position here. Frozen; new requirements never join it.
 */
const SC1_REQUIREMENTS: readonly RequirementId[] = [
  'contact',
  'industry',
  'source',
  'team',
  'amount',
  'close_date',
  'decision_maker',
  'economic_buyer',
  'champion',
  'competitor',
  'notes',
  'lost_reason',
  'lost_competitor',
];

/** Button opening the modal of a step ('b') and the modal itself ('f'). */
export type FormPart = 'b' | 'f';

const TTL_MS = 15 * 60_000;
const MAX_KEPT = 2000;
const kept = new Map<string, { at: number; state: Omit<FormState, 'step'> }>();

function keep(state: Omit<FormState, 'step'>): string {
  const now = Date.now();
  for (const [k, v] of kept) {
    if (now - v.at > TTL_MS || kept.size >= MAX_KEPT) kept.delete(k);
    else break;
  }
  const key = randomBytes(9).toString('base64url');
  kept.set(key, { at: now, state });
  return key;
}

function idsOf(missing: readonly RequirementId[]): string {
  return missing.join(',');
}

function missingOf(prefix: string, codes: string): RequirementId[] {
  if (prefix === LEGACY_PREFIX) {
    return Array.from(codes)
      .map((c) => SC1_REQUIREMENTS[parseInt(c, 36)])
      .filter((id): id is RequirementId => id !== undefined);
  }
  // A requirement removed since the button was posted is no longer asked for.
  return codes.split(',').filter(isRequirementId);
}

function extraOf(state: FormAction): string {
  if (state.kind === 'won' && state.amount !== undefined) return String(state.amount);
  if (state.kind === 'lost' && state.reason !== undefined) return String(LOST_REASONS.indexOf(state.reason));
  return '';
}

/** The custom id of a form part; the compact form when it fits, a kept key otherwise. */
export function encodeForm(part: FormPart, state: FormState): string {
  const compact = state.competitor === undefined && state.note === undefined;
  if (compact) {
    const id = [PREFIX, part, KIND_CODE[state.kind] + LOCALE_CODE[state.locale], String(state.step), idsOf(state.missing), extraOf(state), String(state.stage.length)].join('|');
    const full = `${id}|${state.stage}${state.deal}`;
    if (full.length <= LIMITS.customId) return full;
  }
  const { step, ...rest } = state;
  return [PREFIX, part, '#', keep(rest), String(step)].join('|');
}

export type Decoded = { ok: true; part: FormPart; state: FormState } | { ok: false; expired: boolean };

export function isFormId(customId: string): boolean {
  return customId.startsWith(`${PREFIX}|`) || customId.startsWith(`${LEGACY_PREFIX}|`);
}

export function decodeForm(customId: string): Decoded {
  const parts = customId.split('|');
  const [prefix, part, kind, step] = parts;
  if ((prefix !== PREFIX && prefix !== LEGACY_PREFIX) || (part !== 'b' && part !== 'f')) return { ok: false, expired: false };
  if (kind === '#') {
    const hit = kept.get(parts[3] ?? '');
    if (!hit || Date.now() - hit.at > TTL_MS) return { ok: false, expired: true };
    return { ok: true, part, state: { ...hit.state, step: Number(parts[4] ?? 0) } };
  }
  const k = CODE_KIND[kind?.[0] ?? ''];
  const locale: Locale = kind?.[1] === 'z' ? 'zh-CN' : 'en';
  if (!k || parts.length < 8) return { ok: false, expired: false };
  const codes = parts[4] ?? '';
  const extra = parts[5] ?? '';
  const stageLength = Number(parts[6]);
  const tail = parts.slice(7).join('|');
  if (!Number.isInteger(stageLength) || stageLength < 0 || stageLength > tail.length) return { ok: false, expired: false };
  const state: FormState = {
    kind: k,
    locale,
    step: Number(step) || 0,
    missing: missingOf(prefix, codes),
    stage: tail.slice(0, stageLength),
    deal: tail.slice(stageLength),
  };
  if (k === 'won' && extra !== '' && Number.isFinite(Number(extra))) state.amount = Number(extra);
  if (k === 'lost' && extra !== '') {
    const reason = LOST_REASONS[Number(extra)];
    if (reason) state.reason = reason;
  }
  return { ok: true, part, state };
}

// --- Steps --------------------------------------------------------------------------

/**
 * The form's fields split into modal steps of at most five. A contact's name, role and
 * title stay together; the loss reason comes last (the final retry records it).
 */
export function formSteps(missing: readonly string[], locale: Locale): FormField[][] {
  const fields = completionFields(missing, locale);
  const units: FormField[][] = [];
  const contact = fields.filter((f) => f.id.startsWith('contact_'));
  const lost = fields.filter((f) => f.id.startsWith('lost_'));
  let contactPlaced = false;
  for (const f of fields) {
    if (f.id.startsWith('contact_')) {
      if (!contactPlaced) units.push(contact);
      contactPlaced = true;
    } else if (!f.id.startsWith('lost_')) {
      units.push([f]);
    }
  }
  if (lost.length) units.push(lost);
  const steps: FormField[][] = [];
  let current: FormField[] = [];
  for (const unit of units) {
    if (current.length + unit.length > LIMITS.modalComponents) {
      steps.push(current);
      current = [];
    }
    current.push(...unit);
  }
  if (current.length) steps.push(current);
  return steps;
}

const PLACEHOLDER: Partial<Record<FieldId, Parameters<typeof discordText>[1]>> = {
  close_date: 'placeholderDate',
  amount: 'placeholderAmount',
  competitor: 'placeholderCompetitor',
};

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The modal of one step: labelled text inputs, and selects for roles and reasons. */
export function buildModal(state: FormState, locale: Locale): APIModalInteractionResponseCallbackData | null {
  const steps = formSteps(state.missing, locale);
  const fields = steps[state.step];
  if (!fields) return null;
  const title =
    steps.length > 1
      ? discordText(locale, 'modalTitleStep', { step: state.step + 1, steps: steps.length })
      : discordText(locale, 'modalTitle');
  return {
    custom_id: encodeForm('f', state),
    title: truncate(title, LIMITS.modalTitle),
    components: fields.map((f) => {
      const label = truncate(f.label, LIMITS.labelText);
      if (f.kind === 'select' && f.options) {
        return {
          type: 18,
          label,
          component: {
            type: 3,
            custom_id: f.id,
            required: f.required,
            min_values: f.required ? 1 : 0,
            max_values: 1,
            options: f.options.slice(0, LIMITS.selectOptions).map((value) => ({
              label: optionLabel(locale, f.id, value),
              value,
              default: value === f.initial,
            })),
          },
        };
      }
      const long = f.id === 'notes' || f.id === 'lost_note';
      const placeholder = PLACEHOLDER[f.id];
      return {
        type: 18,
        label,
        component: {
          type: 4,
          custom_id: f.id,
          style: long ? 2 : 1,
          required: f.required,
          max_length: long ? 2000 : f.kind === 'date' ? 10 : 200,
          ...(f.kind === 'date' && { min_length: 8 }),
          ...(placeholder && { placeholder: discordText(locale, placeholder) }),
          ...(f.initial && { value: f.initial }),
        },
      };
    }),
  } as APIModalInteractionResponseCallbackData;
}

export function formButton(state: FormState, label: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: 1,
    components: [{ type: 2, style: 1, custom_id: encodeForm('b', state), label: truncate(label, LIMITS.buttonLabel) }],
  };
}

// --- Blocked replies and submissions ------------------------------------------------

export interface FormMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

function missingItems(data: Record<string, unknown> | undefined): MissingItem[] {
  const raw = data?.missing;
  if (!Array.isArray(raw)) return [];
  return raw.filter((m): m is MissingItem => typeof m === 'object' && m !== null && typeof (m as MissingItem).id === 'string').map((m) => ({ id: m.id, hint: String(m.hint ?? '') }));
}

/** The message for a GATE_BLOCKED reply; with the button when the command can be retried. */
export function blockedMessage(reply: Reply, action: FormAction | undefined, locale: Locale): FormMessage {
  const missing = missingItems(reply.data);
  const deal = (reply.data?.deal as { name?: unknown } | undefined)?.name;
  const stage = reply.data?.stage;
  const ids = missing.map((m) => m.id).filter(isRequirementId);
  const canForm = action !== undefined && typeof deal === 'string' && typeof stage === 'string' && formSteps(ids, locale).length > 0;
  if (!canForm) {
    return { embeds: [blockedEmbed(reply, missing, locale, discordText(locale, 'noButton'))], components: [] };
  }
  const state: FormState = { ...action, locale, deal, stage, missing: ids, step: 0 };
  return { embeds: [blockedEmbed(reply, missing, locale)], components: [formButton(state, discordText(locale, 'completeAndMove'))] };
}

/** The command that retries the move once the form is complete. */
export function retryCommand(state: FormState, values: Partial<Record<FieldId, string>>): MoveCommand | null {
  switch (state.kind) {
    case 'move':
      return { type: 'deal.move', name: state.deal, stage: state.stage };
    case 'won':
      return state.amount === undefined ? { type: 'deal.won', name: state.deal } : { type: 'deal.won', name: state.deal, amount: state.amount };
    case 'lost': {
      const typed = values.lost_reason?.trim();
      const reason = (LOST_REASONS as readonly string[]).includes(typed ?? '') ? (typed as LostReason) : state.reason;
      if (!reason) return null;
      const cmd: Extract<Command, { type: 'deal.lost' }> = { type: 'deal.lost', name: state.deal, reason };
      if (state.competitor) cmd.competitor = state.competitor;
      const note = values.lost_note?.trim() || state.note;
      if (note) cmd.note = note;
      return cmd;
    }
  }
}

/** The action a command would retry with, for the commands that move a deal. */
export function actionOf(cmd: Command): FormAction | undefined {
  switch (cmd.type) {
    case 'deal.move':
      return { kind: 'move' };
    case 'deal.won':
      return cmd.amount === undefined ? { kind: 'won' } : { kind: 'won', amount: cmd.amount };
    case 'deal.lost': {
      const a: FormAction = { kind: 'lost', reason: cmd.reason };
      if (cmd.competitor) a.competitor = cmd.competitor;
      if (cmd.note) a.note = cmd.note;
      return a;
    }
    default:
      return undefined;
  }
}

/** Reads a step's submitted values (text inputs and selects) by field id. */
export function submittedValues(
  fields: readonly FormField[],
  read: (id: string) => { value?: string; values?: readonly string[] } | undefined,
): Partial<Record<FieldId, string>> {
  const out: Partial<Record<FieldId, string>> = {};
  for (const f of fields) {
    const c = read(f.id);
    const v = c?.value ?? c?.values?.[0];
    if (v !== undefined && v.trim() !== '') out[f.id] = v;
  }
  return out;
}
