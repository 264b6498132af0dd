// Every Slack listener, by kind: slash commands, block actions (buttons), view submissions (modals).
import type { App as BoltApp } from '@slack/bolt';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import type { ListenerDeps } from './shared.js';
import { registerViews } from './views.js';

export type { ListenerDeps } from './shared.js';

export function registerListeners(bolt: BoltApp, deps: ListenerDeps): void {
  registerCommands(bolt, deps);
  registerActions(bolt, deps);
  registerViews(bolt, deps);
}
