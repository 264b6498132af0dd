// The Slack front door: Bolt in Socket Mode (SLACK_APP_TOKEN set, no public URL) or
// HTTP mode (PORT, requests verified with SLACK_SIGNING_SECRET), driving the core.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App as BoltApp, HTTPReceiver, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import type { App } from '../../app.js';
import type { SlackConfig } from '../../config.js';
import type { FrontDoor } from '../front-door.js';
import type { Logger } from '../log.js';
import { guardRequests } from './guard.js';
import { createIdentityResolver, LOOKUP_TIMEOUT_MS, type IdentityCacheOptions } from './identity.js';
import { registerListeners } from './listeners.js';
import { boltLogger } from './logger.js';
import { createResponder } from './respond.js';
import { uploadImage, type UploadResult } from './upload.js';

export interface SlackDoorOptions {
  app: App;
  slack: SlackConfig;
  /** HTTP mode: where Slack's requests arrive (`/slack/events`). */
  port: number;
  host?: string;
  logger: Logger;
  /** How long a users.info answer (admin or not) is trusted (at most 5 minutes), and its clock. */
  roleCache?: IdentityCacheOptions;
  /** Web API retry policy; rate-limited calls always wait for Retry-After and are retried. */
  retryConfig?: webApi.RetryOptions;
  /**
   * HTTP mode: extra GET routes on the same port (path → handler), e.g. /healthz and
   * /readyz from adapters/http/health.ts. Default: GET /healthz answers "ok".
   */
  httpRoutes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void>;
}

const defaultRoutes: NonNullable<SlackDoorOptions['httpRoutes']> = {
  '/healthz': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  },
};

export interface SlackDoor extends FrontDoor {
  readonly bolt: BoltApp;
  /** The bot's Web API client (base URL from SLACK_API_URL). */
  readonly client: webApi.WebClient;
  readonly mode: 'socket' | 'http';
  /** HTTP mode: the port actually listened on, once started. */
  readonly port: number | undefined;
  /** Uploads a PNG (a chart) into a channel with files.uploadV2. */
  uploadImage(channel: string, png: Uint8Array, title: string, comment?: string): Promise<UploadResult>;
  /** Resolves when the work accepted so far (answers after an ack) is done. */
  idle(): Promise<void>;
}

/** The Web API base URL must end with a slash, or its last segment is lost. */
function apiBase(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

export function createSlackDoor(opts: SlackDoorOptions): SlackDoor {
  const { slack, logger } = opts;
  const log = logger.child({ frontDoor: 'slack' });
  const bLogger = boltLogger(log);
  const slackApiUrl = apiBase(slack.apiUrl);
  const clientOptions: webApi.WebClientOptions = {
    ...(slackApiUrl && { slackApiUrl }),
    // A 429 pauses the client for Retry-After seconds and the call is retried: nothing is dropped.
    rejectRateLimitedCalls: false,
    retryConfig: opts.retryConfig ?? webApi.retryPolicies.tenRetriesInAboutThirtyMinutes,
  };
  const mode = slack.appToken ? 'socket' : 'http';
  let receiver: Receiver;
  if (slack.appToken) {
    receiver = new SocketModeReceiver({
      appToken: slack.appToken,
      logger: bLogger,
      // apps.connections.open goes to the same (possibly private) API base.
      installerOptions: { clientOptions: { ...(slackApiUrl && { slackApiUrl }) } },
    });
  } else {
    if (!slack.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
    const http = new HTTPReceiver({
      signingSecret: slack.signingSecret,
      logger: bLogger,
      // Answer Slack as soon as a listener acks; the work continues afterwards.
      processBeforeResponse: false,
      customRoutes: Object.entries(opts.httpRoutes ?? defaultRoutes).map(([path, handler]) => ({ path, method: ['GET'], handler })),
    });
    guardRequests(http, slack.signingSecret, log);
    receiver = http;
  }
  // Who a user is must not hold a command up: one try, no waiting out a 429, then the stored role.
  const lookupClient = new webApi.WebClient(slack.botToken, {
    ...(slackApiUrl && { slackApiUrl }),
    logger: bLogger,
    timeout: LOOKUP_TIMEOUT_MS,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  // Initialised in start(): the token is checked there (auth.test) and a refusal is a clear error.
  const bolt = new BoltApp({ token: slack.botToken, receiver, logger: bLogger, clientOptions, deferInitialization: true });
  const client = bolt.client;

  const inflight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const p: Promise<unknown> = work
      .catch((err: unknown) => log.error({ err }, 'slack background work failed'))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };

  registerListeners(bolt, {
    app: opts.app,
    client,
    identities: createIdentityResolver(lookupClient, log, opts.roleCache),
    respond: createResponder(log),
    logger: log,
    track,
  });
  bolt.error(async (err) => {
    log.error({ err }, 'slack listener error');
  });

  let server: Server | undefined;
  let started = false;

  async function idle(): Promise<void> {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  }

  return {
    name: 'slack',
    bolt,
    client,
    mode,
    get port() {
      const address = server?.address();
      return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
    },
    async start() {
      try {
        await bolt.init();
      } catch (err) {
        const reason = (err as { data?: { error?: string } }).data?.error ?? (err instanceof Error ? err.message : String(err));
        throw new Error(`Slack did not accept SLACK_BOT_TOKEN (auth.test: ${reason}); check the token and SLACK_API_URL`, { cause: err });
      }
      if (mode === 'http') {
        server = (await bolt.start({ port: opts.port, ...(opts.host && { host: opts.host }) })) as Server;
        log.info({ mode, port: this.port }, 'slack front door listening on /slack/events');
      } else {
        await bolt.start();
        log.info({ mode }, 'slack front door connected (Socket Mode)');
      }
      started = true;
    },
    async stop() {
      if (started) {
        started = false;
        await bolt.stop().catch((err: unknown) => log.warn({ err }, 'slack stop failed'));
      }
      await idle();
    },
    uploadImage: (channel, png, title, comment) => uploadImage(client, channel, png, title, comment),
    idle,
  };
}
