// Who may run a command, declared by the command (`role` in its definition).

import { say } from '../texts.js';
import { managersOnly } from '../usecases/digest.js';
import type { Access } from './types.js';

export const ADMINS: Access = { least: 'admin', denied: (locale) => say(locale, 'adminOnly') };
export const DIGEST_MANAGERS: Access = { least: 'manager', denied: managersOnly };
