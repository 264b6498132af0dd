// The slash commands, as one table: `commandDefinitions()` turns it into the JSON that
// `discord register` sends, and the router and autocomplete look options up in it.
// Option descriptions are registered in English with a zh-CN localization.

import { contactRoleLabel, lostReasonLabel } from '../../core/choice-labels.js';
import { CONTACT_ROLES, LOST_REASONS, ROLES, type Locale } from '../../core/model.js';
import { NAME_MAX, NOTES_MAX, TEXT_MAX } from '../../core/parser/values.js';
import { MAX_INPUT } from '../../core/parser.js';
import { discordText, type DiscordTextKey } from './texts.js';

/** What autocomplete offers for an option. */
export type Completer = 'deal' | 'stage' | 'period' | 'dimension' | 'requirement';

/** A choice's name: a Discord text, or a label core gives every front door (roles, loss reasons). */
export type ChoiceLabel = DiscordTextKey | ((locale: Locale) => string);

export interface OptionSpec {
  name: string;
  description: DiscordTextKey;
  kind: 'string' | 'number' | 'boolean' | 'user';
  required?: boolean;
  complete?: Completer;
  choices?: readonly { value: string; label: ChoiceLabel }[];
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
}

export interface SubcommandSpec {
  name: string;
  description: DiscordTextKey;
  options: readonly OptionSpec[];
}

export interface CommandSpec {
  name: string;
  description: DiscordTextKey;
  subcommands?: readonly SubcommandSpec[];
  options?: readonly OptionSpec[];
}

// Discord's JSON shapes for what we register (a subset of discord-api-types').
export const OptionType = { Subcommand: 1, String: 3, Boolean: 5, User: 6, Number: 10 } as const;
export const GUILD_CONTEXT = 0;
export const GUILD_INSTALL = 0;

export interface OptionDefinition {
  type: number;
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; name_localizations?: Record<string, string>; value: string }[];
  min_length?: number;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  options?: OptionDefinition[];
}

export interface CommandDefinition {
  type: 1;
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  options?: OptionDefinition[];
  contexts: number[];
  integration_types: number[];
}

const AMOUNT_MAX = 1e15;

const name: OptionSpec = { name: 'name', description: 'opt_name', kind: 'string', required: true, complete: 'deal', maxLength: NAME_MAX };
const text = (optName: string, description: DiscordTextKey, maxLength = TEXT_MAX): OptionSpec => ({
  name: optName,
  description,
  kind: 'string',
  maxLength,
});
const amount = (description: DiscordTextKey = 'opt_amount'): OptionSpec => ({ name: 'amount', description, kind: 'number', min: 0, max: AMOUNT_MAX });
const override = text('override', 'opt_override');
const stage = (optName: string, description: DiscordTextKey, required: boolean): OptionSpec => ({
  name: optName,
  description,
  kind: 'string',
  required,
  complete: 'stage',
  maxLength: NAME_MAX,
});
const period: OptionSpec = { name: 'period', description: 'opt_period', kind: 'string', complete: 'period', maxLength: 100 };
const by: OptionSpec = { name: 'by', description: 'opt_by', kind: 'string', complete: 'dimension', maxLength: 100 };
const view: OptionSpec = {
  name: 'view',
  description: 'opt_view',
  kind: 'string',
  choices: [
    { value: 'cohort', label: 'view_cohort' },
    { value: 'activity', label: 'view_activity' },
  ],
};

/** Fields shared by `deal new` and `deal set` (keys of the text grammar). */
const DEAL_FIELDS: readonly OptionSpec[] = [
  amount(),
  { name: 'currency', description: 'opt_currency', kind: 'string', minLength: 3, maxLength: 3 },
  { name: 'close', description: 'opt_close', kind: 'string', minLength: 8, maxLength: 10 },
  text('industry', 'opt_industry'),
  text('source', 'opt_source'),
  text('team', 'opt_team'),
  { name: 'owner', description: 'opt_owner', kind: 'user' },
  text('tags', 'opt_tags'),
];

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'deal',
    description: 'cmd_deal',
    subcommands: [
      { name: 'new', description: 'sub_new', options: [{ ...name, description: 'opt_new_name', complete: undefined }, ...DEAL_FIELDS] },
      { name: 'move', description: 'sub_move', options: [name, stage('stage', 'opt_stage', true), override] },
      { name: 'set', description: 'sub_set', options: [name, ...DEAL_FIELDS, text('notes', 'opt_notes', NOTES_MAX)] },
      {
        name: 'contact',
        description: 'sub_contact',
        options: [
          name,
          { name: 'person', description: 'opt_person', kind: 'string', required: true, maxLength: NAME_MAX },
          {
            name: 'role',
            description: 'opt_contact_role',
            kind: 'string',
            required: true,
            choices: CONTACT_ROLES.map((r) => ({ value: r, label: (l: Locale) => contactRoleLabel(l, r) })),
          },
          text('title', 'opt_title'),
        ],
      },
      {
        name: 'competitor',
        description: 'sub_competitor',
        options: [name, { name: 'competitor', description: 'opt_competitor', kind: 'string', required: true, maxLength: NAME_MAX }],
      },
      { name: 'tag', description: 'sub_tag', options: [name, { ...text('tags', 'opt_tags'), required: true }] },
      { name: 'won', description: 'sub_won', options: [name, amount('opt_won_amount'), override] },
      {
        name: 'lost',
        description: 'sub_lost',
        options: [
          name,
          {
            name: 'reason',
            description: 'opt_reason',
            kind: 'string',
            required: true,
            choices: LOST_REASONS.map((r) => ({ value: r, label: (l: Locale) => lostReasonLabel(l, r) })),
          },
          text('competitor', 'opt_lost_competitor', NAME_MAX),
          text('note', 'opt_note', NOTES_MAX),
          override,
        ],
      },
      { name: 'show', description: 'sub_show', options: [name] },
      { name: 'history', description: 'sub_history', options: [name] },
      {
        name: 'list',
        description: 'sub_list',
        options: [
          {
            name: 'filter',
            description: 'opt_filter',
            kind: 'string',
            choices: [
              { value: 'mine', label: 'filter_mine' },
              { value: 'all', label: 'filter_all' },
            ],
          },
          stage('stage', 'opt_list_stage', false),
          { name: 'owner', description: 'opt_list_owner', kind: 'user' },
        ],
      },
    ],
  },
  { name: 'funnel', description: 'cmd_funnel', options: [period, by, view] },
  { name: 'metrics', description: 'cmd_metrics', options: [period, by, view] },
  { name: 'winloss', description: 'cmd_winloss', options: [by, period, view, stage('from', 'opt_from', false)] },
  { name: 'competitors', description: 'cmd_competitors', options: [period, view] },
  {
    name: 'stale',
    description: 'cmd_stale',
    options: [
      { name: 'mine', description: 'opt_stale_mine', kind: 'boolean' },
      { name: 'owner', description: 'opt_stale_owner', kind: 'user' },
      { name: 'days', description: 'opt_days', kind: 'number', min: 1, max: 3660 },
    ],
  },
  {
    name: 'gates',
    description: 'cmd_gates',
    subcommands: [
      { name: 'show', description: 'sub_gates_show', options: [] },
      {
        name: 'set',
        description: 'sub_gates_set',
        options: [
          stage('stage', 'opt_gate_stage', true),
          { name: 'requirements', description: 'opt_requirements', kind: 'string', required: true, complete: 'requirement', maxLength: 500 },
        ],
      },
    ],
  },
  {
    name: 'stage',
    description: 'cmd_stage',
    subcommands: [
      { name: 'list', description: 'sub_stage_list', options: [] },
      {
        name: 'add',
        description: 'sub_stage_add',
        options: [{ name: 'stage', description: 'opt_new_stage', kind: 'string', required: true, maxLength: 40 }, stage('after', 'opt_after', false)],
      },
      {
        name: 'rename',
        description: 'sub_stage_rename',
        options: [stage('stage', 'opt_gate_stage', true), { name: 'new', description: 'opt_stage_new_name', kind: 'string', required: true, maxLength: 40 }],
      },
      { name: 'remove', description: 'sub_stage_remove', options: [stage('stage', 'opt_gate_stage', true)] },
      { name: 'move', description: 'sub_stage_move', options: [stage('stage', 'opt_gate_stage', true), stage('after', 'opt_after', true)] },
    ],
  },
  {
    name: 'role',
    description: 'cmd_role',
    subcommands: [
      {
        name: 'set',
        description: 'sub_role_set',
        options: [
          { name: 'user', description: 'opt_user', kind: 'user', required: true },
          {
            name: 'role',
            description: 'opt_member_role',
            kind: 'string',
            required: true,
            choices: ROLES.map((r) => ({ value: r, label: `member_${r}` as const })),
          },
        ],
      },
      { name: 'list', description: 'sub_role_list', options: [] },
    ],
  },
  { name: 'stagecoach', description: 'cmd_stagecoach', options: [{ name: 'command', description: 'opt_command', kind: 'string', maxLength: MAX_INPUT }] },
];

const TYPE = { string: OptionType.String, number: OptionType.Number, boolean: OptionType.Boolean, user: OptionType.User } as const;

function localized(key: DiscordTextKey): { description: string; description_localizations: Record<string, string> } {
  return { description: discordText('en', key), description_localizations: { 'zh-CN': discordText('zh-CN', key) } };
}

function choiceName(label: ChoiceLabel, locale: Locale): string {
  return typeof label === 'function' ? label(locale) : discordText(locale, label);
}

function option(spec: OptionSpec): OptionDefinition {
  const def: OptionDefinition = { type: TYPE[spec.kind], name: spec.name, ...localized(spec.description) };
  if (spec.required) def.required = true;
  if (spec.complete) def.autocomplete = true;
  if (spec.choices) {
    def.choices = spec.choices.map((c) => ({
      name: choiceName(c.label, 'en'),
      name_localizations: { 'zh-CN': choiceName(c.label, 'zh-CN') },
      value: c.value,
    }));
  }
  if (spec.minLength !== undefined) def.min_length = spec.minLength;
  if (spec.maxLength !== undefined) def.max_length = spec.maxLength;
  if (spec.min !== undefined) def.min_value = spec.min;
  if (spec.max !== undefined) def.max_value = spec.max;
  return def;
}

/** The JSON bodies for `PUT /applications/:id/commands` (guild commands use the same). */
export function commandDefinitions(): CommandDefinition[] {
  return COMMANDS.map((c) => {
    const def: CommandDefinition = {
      type: 1,
      name: c.name,
      ...localized(c.description),
      contexts: [GUILD_CONTEXT],
      integration_types: [GUILD_INSTALL],
    };
    if (c.subcommands) {
      def.options = c.subcommands.map((s) => ({
        type: OptionType.Subcommand,
        name: s.name,
        ...localized(s.description),
        options: s.options.map(option),
      }));
    } else if (c.options) {
      def.options = c.options.map(option);
    }
    return def;
  });
}

/** The spec of one option of a command (and subcommand), for autocomplete. */
export function optionSpec(command: string, sub: string | null, optionName: string): OptionSpec | undefined {
  const c = COMMANDS.find((x) => x.name === command);
  if (!c) return undefined;
  const options = sub === null ? c.options : c.subcommands?.find((s) => s.name === sub)?.options;
  return options?.find((o) => o.name === optionName);
}
