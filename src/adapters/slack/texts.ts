// Slack-only labels (buttons, modal titles, error headings, announcements) in every
// locale. Reply texts themselves come localized from the core.

import { defineTexts } from '../../core/i18n.js';

export const slackText = defineTexts(
  'slack',
  {
    completeAndMove: 'Complete and move',
    modalTitle: 'Complete and move',
    modalSubmit: 'Save and move',
    modalCancel: 'Cancel',
    modalIntro: '*{name}* → *{stage}*: fill in what is missing. The move is tried again when you save.',
    required: 'This field is required.',
    missingHeader: 'What is missing:',
    overrideHint: 'A manager can still move it with `{command} --override "reason"`.',
    buttonGone: 'This form is too long for Slack; please complete the deal with /deal commands.',
    moreItems: '…and {count} more.',
    by: 'by {actor}',
    helpFooter:
      'In Slack, type commands with a slash: `/deal move "Acme Corp" qualified`, `/gates`, `/funnel`. Everything else works under `/stagecoach`, e.g. `/stagecoach stage list`, `/stagecoach metrics quarter` or `/stagecoach role set @rita manager`.',
    announceSet: 'Deal moves will be announced in <#{channel}>.',
    announceOff: 'Deal moves are no longer announced.',
    announceShow: 'Deal moves are announced in <#{channel}>.',
    announceNone: 'Deal moves are not announced. Type `/stagecoach announce here` in a channel to announce them there.',
    announceHello: 'Stagecoach will announce deal moves in this channel. `/stagecoach announce off` stops it.',
    announceCannotPost: 'I cannot post in <#{channel}>. Invite me first (`/invite @Stagecoach`), then try again.',
    announceNeedsManager: 'Only a manager or an admin can choose where deal moves are announced.',
    announceUsage: 'Usage: `/stagecoach announce here | off | #channel`',
    usageTip: 'Type `/deal help` or `/stagecoach help` to see every command.',
  },
  {
    completeAndMove: '补全并推进',
    modalTitle: '补全并推进',
    modalSubmit: '保存并推进',
    modalCancel: '取消',
    modalIntro: '*{name}* → *{stage}*：请补全缺少的信息，保存后会重新尝试推进。',
    required: '此项必填。',
    missingHeader: '缺少以下信息：',
    overrideHint: '经理仍可用 `{command} --override "原因"` 特批推进。',
    buttonGone: '表单太长，Slack 无法显示；请用 /deal 命令补全商机信息。',
    moreItems: '……还有 {count} 条。',
    by: '操作人 {actor}',
    helpFooter:
      '在 Slack 中请以斜杠开头输入命令：`/deal move "Acme Corp" qualified`、`/gates`、`/funnel`。其他命令都可以放在 `/stagecoach` 后面，例如 `/stagecoach stage list`、`/stagecoach metrics quarter` 或 `/stagecoach role set @rita manager`。',
    announceSet: '商机推进将在 <#{channel}> 中通告。',
    announceOff: '已停止通告商机推进。',
    announceShow: '商机推进在 <#{channel}> 中通告。',
    announceNone: '目前不通告商机推进。在频道中输入 `/stagecoach announce here` 即可在该频道通告。',
    announceHello: 'Stagecoach 将在本频道通告商机推进。输入 `/stagecoach announce off` 可停止。',
    announceCannotPost: '我无法在 <#{channel}> 中发消息。请先邀请我（`/invite @Stagecoach`），然后重试。',
    announceNeedsManager: '只有经理或管理员可以设置商机推进的通告频道。',
    announceUsage: '用法：`/stagecoach announce here | off | #频道`',
    usageTip: '输入 `/deal help` 或 `/stagecoach help` 查看全部命令。',
  },
);

export type SlackTextKey = Parameters<typeof slackText>[1];
