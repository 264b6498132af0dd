// The single entry point of the command language: text in, Reply out, never a throw.

import type { Command } from '../commands.js';
import { helpText } from '../help.js';
import { defineTexts } from '../i18n.js';
import type { Locale } from '../model.js';
import { parseCommand } from '../parser.js';
import { fail, ok, type Reply } from '../reply.js';
import { competitors, funnel, metrics, stale, winloss } from './analytics.js';
import { gatesSet, gatesShow, roleList, roleSet, stageAdd, stageList, stageMove, stageRemove, stageRename } from './admin.js';
import { localeOf, type Context } from './context.js';
import { digestNow, digestStatus, digestSubscribe, digestUnsubscribe } from './digest.js';
import { dealContact, dealCompetitor, dealHistory, dealList, dealNew, dealSet, dealShow, dealTag } from './deals.js';
import { dealLost, dealMove, dealWon } from './move.js';

export type { Context } from './context.js';
export { changeStage } from './move.js';

const texts = defineTexts(
  'dispatch',
  {
    unavailable: 'The database is not reachable right now; nothing was changed. Please try again in a moment.',
    internal: 'Something went wrong on our side; nothing was changed. The error was logged.',
  },
  {
    unavailable: '数据库暂时无法连接，未做任何修改。请稍后重试。',
    internal: '系统内部出错，未做任何修改。错误已记录。',
  },
);

export function runCommand(ctx: Context, cmd: Command): Promise<Reply> {
  switch (cmd.type) {
    case 'deal.new': return dealNew(ctx, cmd);
    case 'deal.move': return dealMove(ctx, cmd);
    case 'deal.set': return dealSet(ctx, cmd);
    case 'deal.contact': return dealContact(ctx, cmd);
    case 'deal.competitor': return dealCompetitor(ctx, cmd);
    case 'deal.tag': return dealTag(ctx, cmd);
    case 'deal.won': return dealWon(ctx, cmd);
    case 'deal.lost': return dealLost(ctx, cmd);
    case 'deal.show': return dealShow(ctx, cmd);
    case 'deal.history': return dealHistory(ctx, cmd);
    case 'deal.list': return dealList(ctx, cmd.filter);
    case 'gates.show': return gatesShow(ctx);
    case 'gates.set': return gatesSet(ctx, cmd);
    case 'stage.list': return stageList(ctx);
    case 'stage.add': return stageAdd(ctx, cmd);
    case 'stage.rename': return stageRename(ctx, cmd);
    case 'stage.remove': return stageRemove(ctx, cmd);
    case 'stage.move': return stageMove(ctx, cmd);
    case 'role.set': return roleSet(ctx, cmd);
    case 'role.list': return roleList(ctx);
    case 'help': return Promise.resolve(ok(helpText(localeOf(ctx), cmd.topic), { topic: cmd.topic ?? null }));
    case 'digest.subscribe': return digestSubscribe(ctx, cmd);
    case 'digest.unsubscribe': return digestUnsubscribe(ctx, cmd);
    case 'digest.status': return digestStatus(ctx);
    case 'digest.now': return digestNow(ctx);
    case 'funnel': return funnel(ctx, cmd);
    case 'metrics': return metrics(ctx, cmd);
    case 'winloss': return winloss(ctx, cmd);
    case 'competitors': return competitors(ctx, cmd);
    case 'stale': return stale(ctx, cmd);
  }
}

export interface ErrorSink {
  (err: unknown, input: string): void;
}

/** Marks storage errors that mean "the database cannot be reached". */
export function isUnavailable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { unavailable?: unknown }).unavailable === true;
}

export async function handleText(ctx: Context, input: string, onError: ErrorSink = () => {}): Promise<Reply> {
  const parsed = parseCommand(input, localeOf(ctx));
  if (!parsed.ok) return parsed.reply;
  try {
    return await runCommand(ctx, parsed.command);
  } catch (err) {
    onError(err, input);
    return errorReply(err, localeOf(ctx));
  }
}

/** The reply for an unexpected failure: no stack trace, no internals, a stable code. */
export function errorReply(err: unknown, locale: Locale): Reply {
  if (isUnavailable(err)) return fail('UNAVAILABLE', texts(locale, 'unavailable'));
  return fail('INTERNAL', texts(locale, 'internal'));
}
