// The "Complete and move" button: opens the modal from the button's own data.
import type { App as BoltApp } from '@slack/bolt';
import { renderReply } from '../blocks.js';
import { COMPLETE_ACTION, completionModal, pendingFromButton, type ModalState } from '../modal.js';
import { slackText } from '../texts.js';
import { RecentKeys, type ListenerDeps } from './shared.js';

export function registerActions(bolt: BoltApp, deps: ListenerDeps): void {
  const recent = new RecentKeys();
  bolt.action(COMPLETE_ACTION, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    // The trigger_id is valid for 3 seconds: the modal opens from the button's own data, no database.
    if (!recent.firstTime(`action:${body.trigger_id}`)) return;
    const pending = pendingFromButton(action.value);
    if (!pending) return;
    const state: ModalState = { ...pending, ...(body.response_url && { responseUrl: body.response_url }) };
    const view = completionModal(state);
    deps.track(
      (async () => {
        if (!view) {
          if (body.response_url) await deps.respond(body.response_url, renderReply({ ok: false, code: 'INVALID', text: slackText(pending.locale, 'buttonGone') }, { locale: pending.locale }));
          return;
        }
        await deps.client.views.open({ trigger_id: body.trigger_id, view });
      })().catch((err: unknown) => deps.logger.error({ err }, 'slack views.open failed')),
    );
  });
}
