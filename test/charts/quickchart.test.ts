// The QuickChart renderer against a fake QuickChart server on 127.0.0.1: it must POST
// exactly the spec the local renderer draws, and hand back the server's PNG.
import { createCanvas } from '@napi-rs/canvas';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CanvasChartRenderer,
  createChartRenderer,
  QuickChartRenderer,
} from '../../src/adapters/charts/index.js';
import { loadConfig } from '../../src/config.js';
import {
  conversionTrendChart,
  funnelChart,
  pipelineValueChart,
  winRateChart,
  type ChartSpec,
} from '../../src/core/charts/index.js';
import { ctx, FUNNEL_STAGES_ZH, PIPELINE, WEEKS, WIN_ROWS } from './fixtures.js';
import { isPng, pngSize } from './png.js';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let server: Server;
let base: string;
let requests: Recorded[] = [];
let reply: (res: import('node:http').ServerResponse) => void;
const fakePng = createCanvas(4, 3).toBuffer('image/png');

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : {} });
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  requests = [];
  reply = (res) => res.writeHead(200, { 'content-type': 'image/png' }).end(fakePng);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const specs: Record<string, ChartSpec> = {
  funnel: funnelChart({ ...ctx('zh-CN'), stages: FUNNEL_STAGES_ZH }),
  trend: conversionTrendChart({ ...ctx('zh-CN'), transition: { from: '商机', to: '合格机会' }, weeks: WEEKS }),
  pipeline: pipelineValueChart({ ...ctx('zh-CN'), currency: 'CNY', stages: PIPELINE }),
  winRate: winRateChart({ ...ctx('zh-CN'), dimension: 'industry', rows: WIN_ROWS }),
};

describe('QuickChartRenderer', () => {
  it.each(Object.keys(specs))('POSTs the %s spec as JSON and returns the server’s PNG', async (name) => {
    const spec = specs[name]!;
    const png = await new QuickChartRenderer(base).render(spec);
    expect(Buffer.from(png).equals(fakePng)).toBe(true);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/chart');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toMatchObject({
      width: 1000,
      height: 560,
      devicePixelRatio: 1,
      format: 'png',
      version: '4',
      backgroundColor: '#ffffff',
    });
    // The chart travels as JSON text and is exactly the spec.
    expect(typeof request!.body['chart']).toBe('string');
    expect(JSON.parse(request!.body['chart'] as string)).toStrictEqual(spec);
  });

  it('sends the very spec the canvas renderer draws (same JSON, same picture)', async () => {
    const spec = specs['funnel']!;
    await new QuickChartRenderer(base).render(spec);
    const sent = JSON.parse(requests[0]!.body['chart'] as string) as ChartSpec;
    const canvas = new CanvasChartRenderer();
    const local = await canvas.render(spec);
    const fromSent = await canvas.render(sent);
    expect(isPng(local)).toBe(true);
    expect(pngSize(local)).toEqual({ width: 1000, height: 560 });
    expect(Buffer.from(fromSent).equals(Buffer.from(local))).toBe(true);
  });

  it('keeps a path prefix and the port of QUICKCHART_URL', async () => {
    await new QuickChartRenderer(`${base}/quickchart/`).render(specs['pipeline']!);
    expect(requests[0]!.url).toBe('/quickchart/chart');
    expect(requests[0]!.headers.host).toBe(base.replace('http://', ''));
  });

  it('builds a chart URL without any network call', () => {
    const url = new URL(new QuickChartRenderer(base).client(specs['winRate']!).getUrl());
    expect(`${url.origin}${url.pathname}`).toBe(`${base}/chart`);
    expect(JSON.parse(url.searchParams.get('c')!)).toStrictEqual(specs['winRate']);
    expect(url.searchParams.get('v')).toBe('4');
    expect(requests).toHaveLength(0);
  });

  it('reports the server’s error', async () => {
    reply = (res) => res.writeHead(400, { 'x-quickchart-error': 'Invalid chart config' }).end('bad');
    await expect(new QuickChartRenderer(base).render(specs['funnel']!)).rejects.toThrow(/answered 400: Invalid chart config/);
  });

  it('refuses an answer that is not a PNG', async () => {
    reply = (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>');
    await expect(new QuickChartRenderer(base).render(specs['funnel']!)).rejects.toThrow(/did not return a PNG/);
  });

  it('gives up on a server that does not answer', async () => {
    reply = () => {}; // never answers
    await expect(new QuickChartRenderer(base, { timeoutMs: 200 }).render(specs['funnel']!)).rejects.toThrow(/abort|timeout/i);
  });
});

describe('createChartRenderer', () => {
  it('draws locally by default and on QuickChart when QUICKCHART_URL is set', () => {
    expect(createChartRenderer(loadConfig({}))).toBeInstanceOf(CanvasChartRenderer);
    const remote = createChartRenderer(loadConfig({ QUICKCHART_URL: 'http://quickchart.internal:3400' }));
    expect(remote).toBeInstanceOf(QuickChartRenderer);
    expect(remote instanceof QuickChartRenderer && remote.url).toBe('http://quickchart.internal:3400');
  });
});
