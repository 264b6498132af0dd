// The Feishu/Lark Open API calls Stagecoach makes, with a cached tenant_access_token
// and bounded retries on rate limits (HTTP 429, code 99991400).
import { ApiError, DEFAULT_RETRY, fetchRetrying, jsonOf, type RetryPolicy } from '../chat/http.js';

export interface FeishuCredentials {
  appId: string;
  appSecret: string;
  domain: string;
}

/** A message body as im/v1/messages takes it: msg_type and its content object. */
export interface FeishuMessage {
  msgType: 'interactive' | 'text' | 'image';
  content: Record<string, unknown>;
}

export type ReceiveIdType = 'chat_id' | 'open_id';

export interface FeishuApi {
  send(to: { type: ReceiveIdType; id: string }, message: FeishuMessage): Promise<string | undefined>;
  uploadImage(png: Uint8Array): Promise<string>;
  /** open_ids of the app's administrators. */
  appAdmins(): Promise<Set<string>>;
  /** open_ids of a group chat's members. */
  chatMembers(chatId: string): Promise<Set<string>>;
  /** The bot's own open_id (to tell its @mention apart from others). */
  botOpenId(): Promise<string | undefined>;
}

export function createFeishuApi(creds: FeishuCredentials, policy: RetryPolicy = DEFAULT_RETRY): FeishuApi {
  const base = `${creds.domain.replace(/\/+$/, '')}/open-apis`;
  let token: { value: string; until: number } | undefined;

  async function tenantToken(): Promise<string> {
    if (token && Date.now() < token.until) return token.value;
    const res = await fetchRetrying(
      `${base}/auth/v3/tenant_access_token/internal`,
      { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ app_id: creds.appId, app_secret: creds.appSecret }) },
      policy,
    );
    const body = await jsonOf(res);
    if (body.code !== 0 || typeof body.tenant_access_token !== 'string') {
      throw new ApiError(res.status, String(body.code), `tenant_access_token refused: ${String(body.msg ?? '')}`);
    }
    // Renewed 3 minutes early, as the SDK does, so no call goes out with a token about to expire.
    const expire = typeof body.expire === 'number' ? body.expire : 7200;
    token = { value: body.tenant_access_token, until: Date.now() + Math.max(0, expire - 180) * 1000 };
    return token.value;
  }

  async function call(method: 'GET' | 'POST', path: string, body?: string | FormData, json = true): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { authorization: `Bearer ${await tenantToken()}` };
    if (json && body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    const res = await fetchRetrying(`${base}${path}`, { method, headers, ...(body !== undefined && { body }) }, policy);
    const answer = await jsonOf(res);
    if (answer.code !== 0) {
      // An expired or revoked token is fetched again on the next call.
      if (answer.code === 99991663 || answer.code === 99991661) token = undefined;
      throw new ApiError(res.status, String(answer.code), `${method} ${path}: ${String(answer.msg ?? 'failed')}`);
    }
    return (answer.data ?? answer) as Record<string, unknown>;
  }

  async function pagedIds(path: string, pick: (item: Record<string, unknown>) => unknown): Promise<Set<string>> {
    const ids = new Set<string>();
    let pageToken = '';
    for (let page = 0; page < 20; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const data = await call('GET', `${path}${pageToken ? `${sep}page_token=${encodeURIComponent(pageToken)}` : ''}`);
      for (const item of (data.items ?? []) as Record<string, unknown>[]) {
        const id = pick(item);
        if (typeof id === 'string') ids.add(id);
      }
      if (data.has_more !== true || typeof data.page_token !== 'string') break;
      pageToken = data.page_token;
    }
    return ids;
  }

  return {
    async send(to, message) {
      const data = await call(
        'POST',
        `/im/v1/messages?receive_id_type=${to.type}`,
        JSON.stringify({ receive_id: to.id, msg_type: message.msgType, content: JSON.stringify(message.content) }),
      );
      return typeof data.message_id === 'string' ? data.message_id : undefined;
    },
    async uploadImage(png) {
      const form = new FormData();
      form.append('image_type', 'message');
      form.append('image', new Blob([png], { type: 'image/png' }), 'chart.png');
      const data = await call('POST', '/im/v1/images', form, false);
      if (typeof data.image_key !== 'string') throw new ApiError(200, 'NO_IMAGE_KEY', 'im/v1/images answered without image_key');
      return data.image_key;
    },
    async appAdmins() {
      const data = await call('GET', '/user/v4/app_admin_user/list');
      const list = (data.user_list ?? []) as { open_id?: string }[];
      return new Set(list.map((u) => u.open_id).filter((id): id is string => typeof id === 'string'));
    },
    chatMembers: (chatId) => pagedIds(`/im/v1/chats/${encodeURIComponent(chatId)}/members?member_id_type=open_id&page_size=100`, (i) => i.member_id),
    async botOpenId() {
      const res = await fetchRetrying(`${base}/bot/v3/info`, { headers: { authorization: `Bearer ${await tenantToken()}` } }, policy);
      const body = await jsonOf(res);
      const bot = body.bot as { open_id?: string } | undefined;
      return body.code === 0 ? bot?.open_id : undefined;
    },
  };
}
