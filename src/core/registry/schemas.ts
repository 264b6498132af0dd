// The zod shapes of command arguments shared by several commands. Values typed as
// text are read (and normalized) by ../parser/values.ts; these check what arrives
// already typed (chat options, forms) and give the arguments their TypeScript types.

import { z } from 'zod';
import { CONTACT_ROLES, LOST_REASONS, ROLES } from '../model.js';
import { SIMPLE_DIMENSIONS } from '../analytics/types.js';
import { NAME_MAX, NOTES_MAX, TEXT_MAX } from '../parser/values.js';

export const nameArg = z.string().trim().min(1).max(NAME_MAX);
export const textArg = z.string().trim().min(1).max(TEXT_MAX);
export const notesArg = z.string().trim().min(1).max(NOTES_MAX);
export const overrideArg = notesArg.optional();
export const contactRoleArg = z.enum(CONTACT_ROLES);
export const lostReasonArg = z.enum(LOST_REASONS);
export const memberRoleArg = z.enum(ROLES);
export const noArgs = z.object({}).strict();

export const dealFieldsArg = z
  .object({
    amount: z.number().nonnegative().max(1e15).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    close: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    industry: textArg.optional(),
    source: textArg.optional(),
    team: textArg.optional(),
    owner: textArg.optional(),
    tags: z.array(textArg).min(1).optional(),
    notes: notesArg.optional(),
  })
  .strict();

export const dealListFilterArg = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('mine') }),
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('stage'), stage: nameArg }),
  z.object({ kind: z.literal('owner'), owner: textArg }),
]);

export const periodArg = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all'), text: z.string() }),
  z.object({
    kind: z.literal('calendar'),
    unit: z.enum(['day', 'week', 'month', 'quarter', 'year']),
    offset: z.number().int(),
    text: z.string(),
  }),
  z.object({ kind: z.literal('lastDays'), days: z.number().int().positive(), text: z.string() }),
  z.object({ kind: z.literal('range'), from: z.string(), to: z.string().nullable(), text: z.string() }),
]);

export const dimensionArg = z.union([
  z.object({ kind: z.enum(SIMPLE_DIMENSIONS) }),
  z.object({ kind: z.literal('roleBefore'), role: z.enum([...CONTACT_ROLES, 'dm_or_eb']), stage: nameArg }),
]);

export const viewArg = z.enum(['cohort', 'activity']);
