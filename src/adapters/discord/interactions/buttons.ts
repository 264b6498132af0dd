// The form's buttons ("Complete and move", "Continue", "Try again"): each opens a modal step.
import { type ButtonInteraction } from 'discord.js';
import { memberRefOf } from '../identity.js';
import { buildModal, decodeForm, isFormId } from '../modal.js';
import { discordText } from '../texts.js';
import type { Kit } from './kit.js';

export async function onButton(kit: Kit, i: ButtonInteraction): Promise<void> {
  if (!isFormId(i.customId)) return;
  const decoded = decodeForm(i.customId);
  const locale = decoded.ok ? decoded.state.locale : kit.fallbackLocale(memberRefOf(i));
  const modal = decoded.ok ? buildModal(decoded.state, decoded.state.locale) : null;
  if (!modal) return kit.notice(i, discordText(locale, 'formExpired'));
  // A modal must be the first answer: no database work before it.
  await i.showModal(modal);
}
