// Slash commands: acknowledged at once, answered through response_url.
import type { App as BoltApp, SlashCommand } from '@slack/bolt';
import type { Locale } from '../../../core/model.js';
import { execute } from '../../../core/execute.js';
import { announceCommand, announceMove } from '../announce.js';
import { routeSlash, SLASH_COMMANDS } from '../commands.js';
import type { SlackUserRef } from '../identity.js';
import { failed, firstDelivery, render, yieldToIo, type ListenerDeps } from './shared.js';

export function registerCommands(bolt: BoltApp, deps: ListenerDeps): void {
  const { app, logger } = deps;
  const onError = (err: unknown, input: string) => logger.error({ err, input }, 'slack command failed');

  async function onCommand(cmd: SlashCommand): Promise<void> {
    let locale: Locale = app.config.defaultLocale;
    try {
      await yieldToIo();
      if (!(await firstDelivery(deps, `slack:command:${cmd.team_id}:${cmd.trigger_id}`))) return;
      const ref: SlackUserRef = { teamId: cmd.team_id, teamName: cmd.team_domain, userId: cmd.user_id, userName: cmd.user_name };
      const ctx = await app.context({ ...(await deps.identities.resolve(ref)), channel: { adapter: 'slack', channel: cmd.channel_id } });
      locale = ctx.workspace.locale;
      const route = routeSlash(cmd.command, cmd.text);
      if (route.kind === 'announce') {
        await deps.respond(cmd.response_url, await announceCommand(ctx, route.arg, cmd.channel_id, deps.client, logger));
        return;
      }
      const reply = await execute(ctx, route.text, onError);
      await deps.respond(cmd.response_url, await render(ctx, reply, route.text, route.help));
      await announceMove(ctx, reply, deps.client, logger);
    } catch (err) {
      await failed(deps, cmd.response_url, err, locale);
    }
  }

  for (const name of SLASH_COMMANDS) {
    bolt.command(name, async ({ command, ack }) => {
      await ack();
      deps.track(onCommand(command));
    });
  }
}
