// Every command, one line each, in help order. A new command is a file in
// src/core/commands and a line here.

import competitors from '../commands/analytics/competitors.js';
import funnel from '../commands/analytics/funnel.js';
import metrics from '../commands/analytics/metrics.js';
import stale from '../commands/analytics/stale.js';
import winloss from '../commands/analytics/winloss.js';
import dealCompetitor from '../commands/deal/competitor.js';
import dealContact from '../commands/deal/contact.js';
import dealHistory from '../commands/deal/history.js';
import dealList from '../commands/deal/list.js';
import dealLost from '../commands/deal/lost.js';
import dealMove from '../commands/deal/move.js';
import dealNew from '../commands/deal/new.js';
import dealSet from '../commands/deal/set.js';
import dealShow from '../commands/deal/show.js';
import dealTag from '../commands/deal/tag.js';
import dealWon from '../commands/deal/won.js';
import digestNow from '../commands/digest/now.js';
import digestStatus from '../commands/digest/status.js';
import digestSubscribe from '../commands/digest/subscribe.js';
import digestUnsubscribe from '../commands/digest/unsubscribe.js';
import gatesRequirements from '../commands/gates/requirements.js';
import gatesSet from '../commands/gates/set.js';
import gatesShow from '../commands/gates/show.js';
import help from '../commands/help.js';
import roleList from '../commands/role/list.js';
import roleSet from '../commands/role/set.js';
import stageAdd from '../commands/stage/add.js';
import stageList from '../commands/stage/list.js';
import stageMove from '../commands/stage/move.js';
import stageRemove from '../commands/stage/remove.js';
import stageRename from '../commands/stage/rename.js';
import type { Registry } from './types.js';

export const REGISTRY: Registry = {
  commands: [
    dealNew,
    dealMove,
    dealSet,
    dealContact,
    dealCompetitor,
    dealTag,
    dealWon,
    dealLost,
    dealShow,
    dealHistory,
    dealList,
    gatesShow,
    gatesSet,
    gatesRequirements,
    stageList,
    stageAdd,
    stageRename,
    stageRemove,
    stageMove,
    roleSet,
    roleList,
    digestSubscribe,
    digestUnsubscribe,
    digestNow,
    digestStatus,
    funnel,
    metrics,
    winloss,
    competitors,
    stale,
    help,
  ],
  groups: {
    deal: { aliases: ['deals'], suggestBare: true, chat: { description: 'cmd_deal' } },
    gates: { aliases: ['gate'], chat: { description: 'cmd_gates' } },
    stage: { aliases: ['stages'], chat: { description: 'cmd_stage' } },
    role: { aliases: ['roles'], chat: { description: 'cmd_role' } },
    digest: { aliases: ['简报'] },
  },
};

/** The command with this id (`deal.move`), if any. */
export function commandById(id: string) {
  return REGISTRY.commands.find((d) => d.id === id);
}
