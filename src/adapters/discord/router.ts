// One entry for every interaction, as the discord.js guide does: a handler per
// interaction kind (interactions/), one try/catch here. A duplicate delivery is dropped
// at once when this process saw its id; handlers claim it in the store for all others.

import { MessageFlags, type Interaction } from 'discord.js';
import { errorReply } from '../../core/usecases/index.js';
import { onAutocomplete } from './interactions/autocomplete.js';
import { onButton } from './interactions/buttons.js';
import { onCommand } from './interactions/commands.js';
import { createKit, failure, payload, type Kit, type RouterOptions } from './interactions/kit.js';
import { onModal } from './interactions/modals.js';

export type { RouterOptions } from './interactions/kit.js';

export interface Router {
  handle(interaction: Interaction): Promise<void>;
  /** Stops taking interactions and waits for those in flight. */
  drain(): Promise<void>;
}

const SEEN_MAX = 5000;

function dispatch(kit: Kit, i: Interaction): Promise<void> {
  if (i.isAutocomplete()) return onAutocomplete(kit, i);
  if (i.isChatInputCommand()) return onCommand(kit, i);
  if (i.isButton()) return onButton(kit, i);
  if (i.isModalSubmit()) return onModal(kit, i);
  return Promise.resolve();
}

export function createRouter(options: RouterOptions): Router {
  const kit = createKit(options);
  const { app, logger } = options;
  const seen = new Map<string, true>();
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  function firstSighting(id: string): boolean {
    if (seen.has(id)) return false;
    seen.set(id, true);
    if (seen.size > SEEN_MAX) seen.delete(seen.keys().next().value as string);
    return true;
  }

  async function lastResort(i: Interaction, err: unknown): Promise<void> {
    logger.error({ err, interaction: i.id, type: i.type }, 'discord interaction handler failed');
    if (i.isRepliable() && !i.replied && !i.deferred) {
      const reply = errorReply(err, app.config.defaultLocale);
      await i
        .reply({ ...payload(failure(reply, app.config.defaultLocale)), flags: MessageFlags.Ephemeral })
        .catch((e: unknown) => logger.warn({ err: e, interaction: i.id }, 'discord error reply failed'));
    }
  }

  return {
    async handle(i) {
      if (stopping) return;
      if (!firstSighting(i.id)) {
        logger.info({ interaction: i.id }, 'discord duplicate interaction dropped');
        return;
      }
      const p = dispatch(kit, i).catch((err: unknown) => lastResort(i, err));
      inFlight.add(p);
      try {
        await p;
      } finally {
        inFlight.delete(p);
      }
    },
    async drain() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
