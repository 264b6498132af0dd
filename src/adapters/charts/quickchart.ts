// Renders chart specs on a QuickChart server (self-hosted or quickchart.io): the spec
// goes as JSON in the POST body (quickchart-js builds the payload), PNG bytes come back.

import quickchartModule from 'quickchart-js';
import {
  CHART_BACKGROUND,
  CHART_HEIGHT,
  CHART_WIDTH,
  type ChartRenderer,
  type ChartSpec,
} from '../../core/charts/index.js';

// The package's types describe a CommonJS module whose `default` is the class; Node's
// ESM entry (build/quickchart.mjs) exports the class itself as default. Accept both.
type QuickChartClass = typeof quickchartModule.default;
const QuickChart: QuickChartClass =
  (quickchartModule as unknown as { default?: QuickChartClass }).default ??
  (quickchartModule as unknown as QuickChartClass);
export type QuickChartClient = InstanceType<QuickChartClass>;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface QuickChartOptions {
  /** Chart.js major version the server should use; the specs are Chart.js 4. */
  version?: string;
  /** Abort a request after this long. Default 20 s. */
  timeoutMs?: number;
  /** quickchart.io API key, when using the hosted service with an account. */
  apiKey?: string;
}

export class QuickChartRenderer implements ChartRenderer {
  private readonly scheme: string;
  private readonly host: string;

  /** `url`: the server's base URL, e.g. http://quickchart.internal:3400 (a path prefix is kept). */
  constructor(
    readonly url: string,
    private readonly options: QuickChartOptions = {},
  ) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`QUICKCHART_URL must be http(s), got ${parsed.protocol}`);
    }
    this.scheme = parsed.protocol.slice(0, -1);
    // quickchart-js has no setPort: the port travels in the host, and so does a path prefix
    // (it builds `${scheme}://${host}/chart`).
    this.host = `${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  }

  /** The client configured for `spec`, e.g. for getUrl() in a message that links the chart. */
  client(spec: ChartSpec): QuickChartClient {
    const qc = new QuickChart(this.options.apiKey)
      .setScheme(this.scheme)
      .setHost(this.host)
      // A JSON string is sent as is; an object would go through javascript-stringify.
      .setConfig(JSON.stringify(spec))
      .setWidth(CHART_WIDTH)
      .setHeight(CHART_HEIGHT)
      .setDevicePixelRatio(1)
      .setBackgroundColor(CHART_BACKGROUND)
      .setFormat('png')
      .setVersion(this.options.version ?? '4');
    return qc;
  }

  async render(spec: ChartSpec): Promise<Uint8Array> {
    const qc = this.client(spec);
    // What QuickChart#toBinary() does, with a time-out: a hung chart server must not
    // hold a scheduled job forever.
    const endpoint = `${this.scheme}://${this.host}/chart`;
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'stagecoach (quickchart-js payload)' },
      body: JSON.stringify(qc.getPostData()),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
    });
    if (!response.ok) {
      const detail = response.headers.get('x-quickchart-error');
      await response.body?.cancel();
      throw new Error(`QuickChart at ${endpoint} answered ${response.status}${detail ? `: ${detail}` : ''}`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
      throw new Error(`QuickChart at ${endpoint} did not return a PNG (${bytes.length} bytes)`);
    }
    return bytes;
  }
}
