// What the CLI itself says (the commands' replies have their own texts).
import { defineTexts } from './core/i18n.js';

export const USAGE = `Usage: stagecoach <command> [options]

Commands:
  start                      start the bot (terminal chat when no Slack/Discord tokens are set)
  run "<command>" [--json] [--as <user>] [--role rep|manager|admin] [--workspace <id>]
                             run one chat command and exit
  workspaces [--json]        list the workspaces (id, name, platform, deals, members, language, time zone)
  migrate                    apply pending database migrations
  demo [--workspace <id>]    load a deterministic sample pipeline into a workspace (default: local)
  worker                     scaled mode: work scheduled jobs from Redis (REDIS_URL) until SIGTERM
  backup <file>              embedded mode: write the whole database to <file> (gzip tar)
  restore <file>             embedded mode: replace the database with a backup (stop the bot first)
  discord register [--guild <id>] [--json]
                             register the Discord slash commands (a server at once, or global)
  import <deals.csv> [<history.csv>] [--dry-run] [--historical] [--workspace <id>]
                             import deals (and history) from CSV (managers)
  export [deals|history] [--workspace <id>] > file.csv
                             export a workspace as CSV
  help                       this text

--workspace <id>: local (default), slack:<team id>, discord:<guild id>, or any id \`workspaces\` lists.
While \`stagecoach start\` runs on the embedded database, run, import, export, demo and workspaces
go through it (a control socket in DATA_DIR) instead of answering LOCKED.

Exit codes: 0 ok, 1 the command failed (see the reply's code), 2 usage or configuration error.`;

export const cliSay = defineTexts(
  'cli',
  {
    unknownWorkspace: 'No workspace "{id}". Known workspaces: {known}.',
    backupWholeDatabase:
      '{sub} covers the whole database, every workspace at once: --workspace does not apply. To copy one workspace, use `export --workspace <id>`.',
    workspaceNotHere: '--workspace does not apply to {sub}; it applies to run, import, export, demo and workspaces.',
    noWorkspaces: 'No workspaces yet: the first command from the terminal or a chat platform creates one.',
    workspaceLine: '{id} · {name} · {platform} · {deals} deals · {members} members · {locale} · {timezone}',
    botStopped: 'The running bot stopped before it answered; the command may or may not have been applied. Check, then run it again.',
    stdinThroughBot: 'The bot is running, and reading a CSV from stdin ("-") through it is not supported: pass a file name.',
    notYourSocket: 'The control socket {path} is not a socket owned by you with mode 0600: refusing to use it.',
  },
  {
    unknownWorkspace: '没有工作区 "{id}"。已有的工作区：{known}。',
    backupWholeDatabase: '{sub} 针对整个数据库（所有工作区）：--workspace 不适用。要复制单个工作区，请用 `export --workspace <id>`。',
    workspaceNotHere: '--workspace 不适用于 {sub}；它适用于 run、import、export、demo 和 workspaces。',
    noWorkspaces: '还没有工作区：终端或聊天平台发出的第一条命令会创建一个。',
    workspaceLine: '{id} · {name} · {platform} · {deals} 个商机 · {members} 名成员 · {locale} · {timezone}',
    botStopped: '正在运行的机器人在回复前停止了；该命令可能已执行，也可能未执行。请检查后再运行一次。',
    stdinThroughBot: '机器人正在运行，无法通过它从标准输入（"-"）读取 CSV：请传入文件名。',
    notYourSocket: '控制套接字 {path} 不是你拥有的、权限为 0600 的套接字：拒绝使用。',
  },
);
