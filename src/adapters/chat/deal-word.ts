// Message platforms without slash commands (Feishu, DingTalk): the `deal` word is
// optional, so `move 阿里巴巴 机会` reads as `deal move 阿里巴巴 机会`.
import { isCommandWord, isSubcommandWord } from '../../core/parser/dispatch.js';

/** Prefixes `deal` when the first word is a deal subcommand and not a command of its own. */
export function withDealWord(text: string): string {
  const trimmed = text.trim();
  const first = (trimmed.split(/\s+/u)[0] ?? '').toLowerCase();
  if (first === '' || isCommandWord(first)) return trimmed;
  return isSubcommandWord('deal', first) ? `deal ${trimmed}` : trimmed;
}
