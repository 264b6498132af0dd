// The DingTalk calls Stagecoach makes: the access token, robot messages (the
// message's session webhook, or the robot send API for groups and one-to-one chats),
// media upload for charts, and a member's roles. Rate-limited answers (HTTP 429) are
// waited out and retried a bounded number of times.
import { ApiError, DEFAULT_RETRY, fetchRetrying, jsonOf, type RetryPolicy } from '../chat/http.js';

export interface DingTalkCredentials {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** One base for everything (a fake, a proxy); unset = api.dingtalk.com and oapi.dingtalk.com. */
  apiUrl: string | undefined;
}

export interface Markdown {
  title: string;
  text: string;
}

export type RobotTarget = { kind: 'group'; conversationId: string } | { kind: 'user'; staffId: string };

export interface DingTalkApi {
  readonly apiBase: string;
  accessToken(): Promise<string>;
  /** Answers through a message's session webhook. */
  toWebhook(url: string, markdown: Markdown): Promise<void>;
  /** Sends as the robot (robot send API): markdown, or an uploaded image. */
  send(to: RobotTarget, message: { markdown: Markdown } | { mediaId: string }): Promise<void>;
  uploadImage(png: Uint8Array, filename: string): Promise<string>;
  /** Names of a member's DingTalk roles. */
  roleNames(staffId: string): Promise<string[]>;
}

export function createDingTalkApi(creds: DingTalkCredentials, policy: RetryPolicy = DEFAULT_RETRY): DingTalkApi {
  const apiBase = creds.apiUrl ?? 'https://api.dingtalk.com';
  const oapiBase = creds.apiUrl ?? 'https://oapi.dingtalk.com';
  let token: { value: string; until: number } | undefined;

  async function accessToken(): Promise<string> {
    if (token && Date.now() < token.until) return token.value;
    const q = new URLSearchParams({ appkey: creds.clientId, appsecret: creds.clientSecret });
    const res = await fetchRetrying(`${oapiBase}/gettoken?${q}`, { method: 'GET' }, policy);
    const body = await jsonOf(res);
    if (body.errcode !== 0 || typeof body.access_token !== 'string') {
      throw new ApiError(res.status, String(body.errcode), `gettoken refused: ${String(body.errmsg ?? '')}`);
    }
    const expires = typeof body.expires_in === 'number' ? body.expires_in : 7200;
    token = { value: body.access_token, until: Date.now() + Math.max(0, expires - 300) * 1000 };
    return token.value;
  }

  /** The old OpenAPI (oapi): errcode 0 is success. */
  async function oapi(path: string, body: string | FormData): Promise<Record<string, unknown>> {
    const sep = path.includes('?') ? '&' : '?';
    const headers: Record<string, string> = typeof body === 'string' ? { 'content-type': 'application/json' } : {};
    const res = await fetchRetrying(`${oapiBase}${path}${sep}access_token=${encodeURIComponent(await accessToken())}`, { method: 'POST', headers, body }, policy);
    const answer = await jsonOf(res);
    if (answer.errcode !== 0) throw new ApiError(res.status, String(answer.errcode), `${path}: ${String(answer.errmsg ?? 'failed')}`);
    return answer;
  }

  /** The new OpenAPI (api.dingtalk.com/v1.0): HTTP status says it. */
  async function v1(path: string, body: Record<string, unknown>): Promise<void> {
    const res = await fetchRetrying(
      `${apiBase}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': await accessToken() }, body: JSON.stringify(body) },
      policy,
    );
    if (!res.ok) {
      const answer = await jsonOf(res).catch(() => ({}) as Record<string, unknown>);
      throw new ApiError(res.status, String(answer.code ?? res.status), `${path}: ${String(answer.message ?? `HTTP ${res.status}`)}`);
    }
    await res.body?.cancel();
  }

  return {
    apiBase,
    accessToken,
    async toWebhook(url, markdown) {
      const res = await fetchRetrying(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'markdown', markdown }) }, policy);
      const answer = await jsonOf(res);
      if (answer.errcode !== undefined && answer.errcode !== 0) throw new ApiError(res.status, String(answer.errcode), `session webhook: ${String(answer.errmsg ?? '')}`);
    },
    async send(to, message) {
      const [msgKey, msgParam] = 'markdown' in message ? ['sampleMarkdown', message.markdown] : ['sampleImageMsg', { photoURL: message.mediaId }];
      const common = { robotCode: creds.robotCode, msgKey, msgParam: JSON.stringify(msgParam) };
      if (to.kind === 'group') await v1('/v1.0/robot/groupMessages/send', { ...common, openConversationId: to.conversationId });
      else await v1('/v1.0/robot/oToMessages/batchSend', { ...common, userIds: [to.staffId] });
    },
    async uploadImage(png, filename) {
      const form = new FormData();
      form.append('media', new Blob([png], { type: 'image/png' }), filename);
      const answer = await oapi('/media/upload?type=image', form);
      if (typeof answer.media_id !== 'string') throw new ApiError(200, 'NO_MEDIA_ID', 'media/upload answered without media_id');
      return answer.media_id;
    },
    async roleNames(staffId) {
      const answer = await oapi('/topapi/v2/user/get', JSON.stringify({ userid: staffId }));
      const result = answer.result as { role_list?: { name?: string }[] } | undefined;
      return (result?.role_list ?? []).map((r) => r.name).filter((n): n is string => typeof n === 'string');
    },
  };
}
