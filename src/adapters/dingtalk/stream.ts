// dingtalk-stream's client with its hard-coded hosts replaced: the gateway
// (connections/open) and the access token come from DINGTALK_API_URL when it is set.
import { DWClient } from 'dingtalk-stream';
import type { DingTalkApi } from './api.js';

export class StreamClient extends DWClient {
  constructor(
    opts: { clientId: string; clientSecret: string },
    private readonly api: DingTalkApi,
  ) {
    super({ ...opts, keepAlive: true });
  }

  override async getAccessToken(): Promise<string> {
    const token = await this.api.accessToken();
    this.config.access_token = token;
    return token;
  }

  /** As the SDK's own, with the configured base: POST connections/open → { endpoint, ticket }. */
  override async getEndpoint(): Promise<this> {
    const res = await fetch(`${this.api.apiBase}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientId: this.config.clientId, clientSecret: this.config.clientSecret, ua: this.config.ua, subscriptions: this.config.subscriptions }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json().catch(() => null)) as { endpoint?: string; ticket?: string; message?: string } | null;
    if (!res.ok || !body?.endpoint || !body.ticket) {
      throw new Error(`DingTalk stream gateway refused (HTTP ${res.status}${body?.message ? `: ${body.message}` : ''}): check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET`);
    }
    // dw_url is private in the SDK's types; connect() reads it.
    (this as unknown as { dw_url: string }).dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }
}
