// The digest's posters against the fake platforms on 127.0.0.1: Slack gets blocks and
// an uploaded image, Discord an embed and an attachment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CanvasChartRenderer } from '../../src/adapters/charts/index.js';
import { discordPoster } from '../../src/adapters/notify/discord.js';
import { slackPoster } from '../../src/adapters/notify/slack.js';
import { funnelChart } from '../../src/core/charts/index.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';

const text = 'Weekly digest · Acme · 2026-W47\n\nFunnel metrics:\n  Qualified win rate: 50% ↑ (37.5%, +12.5%)';

describe('digest posters', () => {
  let png: Uint8Array;
  beforeAll(async () => {
    const spec = funnelChart({
      workspace: 'Acme',
      period: '2026-W47',
      asOf: new Date('2026-11-23T09:00:00Z'),
      locale: 'en',
      stages: [
        { key: 'lead', label: 'Lead', count: 30 },
        { key: 'won', label: 'Won', count: 5, kind: 'won' },
      ],
    });
    png = await new CanvasChartRenderer().render(spec);
  });

  describe('Slack', () => {
    let slack: FakeSlack;
    beforeAll(async () => {
      slack = await startFakeSlack();
    });
    afterAll(() => slack.close());

    it('posts blocks with the text as fallback, then uploads the chart with files.uploadV2', async () => {
      const poster = slackPoster({ botToken: 'xoxb-t', signingSecret: 's', appToken: undefined, apiUrl: slack.apiUrl });
      await poster.post('slack:T1', 'C9', { text, image: { png, title: 'Funnel', filename: 'funnel.png' } });
      const [post] = slack.callsTo('chat.postMessage');
      expect(post?.args.text).toBe(text);
      const blocks = post?.args.blocks as { type: string; text: { text: string } }[];
      expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Weekly digest · Acme · 2026-W47' } });
      expect(blocks.some((b) => b.type === 'section' && b.text.text.includes('Qualified win rate'))).toBe(true);
      expect(slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
      expect(Buffer.compare(slack.uploads[0]!.bytes, Buffer.from(png))).toBe(0);
    });
  });

  describe('Discord', () => {
    let discord: FakeDiscord;
    beforeAll(async () => {
      discord = await FakeDiscord.start();
    });
    afterAll(() => discord.close());

    it('posts an embed, then the chart as an attachment', async () => {
      const poster = discordPoster({ token: discord.token, applicationId: discord.applicationId, apiUrl: discord.apiUrl, managerRole: undefined });
      await poster.post('discord:1', '123456789', { text, image: { png, title: 'Funnel', filename: 'funnel.png' } });
      expect(discord.channelMessages).toHaveLength(2);
      const [first, second] = discord.channelMessages;
      expect(first?.body.embeds[0]).toMatchObject({ title: 'Weekly digest · Acme · 2026-W47' });
      expect(first?.body.embeds[0].description).toContain('Qualified win rate');
      expect(second?.files?.length).toBe(1);
    });
  });
});
