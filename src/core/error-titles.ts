// A short title for each error code, shown by chat front doors above the reply text.

import { defineTexts } from './i18n.js';
import type { Locale } from './model.js';
import type { ErrorCode } from './reply.js';

const en: Record<ErrorCode, string> = {
  USAGE: 'I could not read that command',
  DEAL_NOT_FOUND: 'Deal not found',
  STAGE_NOT_FOUND: 'Stage not found',
  GATE_BLOCKED: 'Not ready for that stage yet',
  FORBIDDEN: 'Not allowed',
  CONFLICT: 'Changed by someone else just now',
  LOCKED: 'The data is locked by another process',
  DUPLICATE: 'Already exists',
  INVALID: 'Not valid',
  STAGE_IN_USE: 'The stage still holds deals',
  DEAL_CLOSED: 'The deal is closed',
  UNAVAILABLE: 'The database is not reachable',
  INTERNAL: 'Something went wrong',
  TOO_LARGE: 'That is too large',
};

const titles = defineTexts('error-titles', en, {
  USAGE: '没能看懂这条命令',
  DEAL_NOT_FOUND: '找不到该商机',
  STAGE_NOT_FOUND: '找不到该阶段',
  GATE_BLOCKED: '还不能进入该阶段',
  FORBIDDEN: '没有权限',
  CONFLICT: '刚被他人修改',
  LOCKED: '数据被另一个进程锁定',
  DUPLICATE: '已经存在',
  INVALID: '无效',
  STAGE_IN_USE: '该阶段中还有商机',
  DEAL_CLOSED: '商机已关闭',
  UNAVAILABLE: '数据库暂时无法连接',
  INTERNAL: '系统出错了',
  TOO_LARGE: '内容过大',
});

export function errorTitle(locale: Locale, code: ErrorCode): string {
  return titles(locale, code);
}
