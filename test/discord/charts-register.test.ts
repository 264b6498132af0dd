// Charts as multipart uploads, and `discord register` (in-process and as bin/stagecoach),
// against the fake Discord.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client, Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartPayload, postChart, sendChart } from '../../src/adapters/discord/charts.js';
import { commandDefinitions } from '../../src/adapters/discord/definitions.js';
import { clientOptions } from '../../src/adapters/discord/door.js';
import { discordCommand, registerCommands } from '../../src/adapters/discord/register.js';
import { loadConfig } from '../../src/config.js';
import { exitCodeOf } from '../../src/core/reply.js';
import { FakeDiscord, snowflake } from '../support/fake-discord.js';

// A 1×1 transparent PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('charts as attachments', () => {
  let fake: FakeDiscord;
  let client: Client;
  const charts: { mode: string }[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    client = new Client(clientOptions({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, managerRole: undefined }));
    // A stand-in for the charts engineer's handler.
    client.on(Events.InteractionCreate, (i) => {
      if (!i.isChatInputCommand()) return;
      const mode = i.options.getString('mode') ?? 'reply';
      void (async () => {
        if (mode === 'deferred') await i.deferReply();
        if (mode === 'followup') await i.reply({ content: 'Here is the funnel:' });
        await sendChart(i, PNG, { name: 'funnel chart.png', title: 'Funnel' });
        charts.push({ mode });
      })();
    });
    const ready = new Promise((r) => client.once(Events.ClientReady, r));
    await client.login(fake.token);
    await ready;
  });
  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('refuses a buffer that is not a PNG', () => {
    expect(() => chartPayload(Buffer.from('hello'))).toThrow(TypeError);
  });

  it('uploads the PNG with the reply, after a deferral, and as a follow-up', async () => {
    const user = { id: snowflake(), username: 'rita' };
    const direct = fake.deliver(fake.chatInput({ user, command: 'funnel', options: { mode: 'reply' } }));
    const cb = await fake.callbackOf(direct);
    expect(cb.type).toBe(4);
    expect(cb.files).toHaveLength(1);
    expect(cb.files[0]).toMatchObject({ name: 'funnel-chart.png', type: 'image/png', size: PNG.length });
    expect(cb.files[0]?.bytes.equals(PNG)).toBe(true);
    expect(cb.data.embeds[0]).toMatchObject({ title: 'Funnel', image: { url: 'attachment://funnel-chart.png' } });
    expect(cb.data.attachments[0]).toMatchObject({ id: '0' });

    const deferred = fake.deliver(fake.chatInput({ user, command: 'funnel', options: { mode: 'deferred' } }));
    expect((await fake.callbackOf(deferred)).type).toBe(5);
    const edit = await fake.waitFor(() => fake.webhooksOf(deferred).find((w) => w.kind === 'edit'), 10_000, 'edit');
    expect(edit.files[0]?.bytes.equals(PNG)).toBe(true);

    const follow = fake.deliver(fake.chatInput({ user, command: 'funnel', options: { mode: 'followup' } }));
    const up = await fake.waitFor(() => fake.webhooksOf(follow).find((w) => w.kind === 'followup'), 10_000, 'follow-up');
    expect(up.files[0]?.name).toBe('funnel-chart.png');
  });

  it('posts a chart to a channel for scheduled digests', async () => {
    const channel = snowflake();
    const msg = await postChart(client.rest, channel, PNG, { title: 'Weekly funnel' });
    expect(msg.id).toBeTruthy();
    const posted = fake.channelMessages.at(-1);
    expect(posted?.channelId).toBe(channel);
    expect(posted?.files[0]?.bytes.equals(PNG)).toBe(true);
    expect(posted?.body.embeds[0].image.url).toBe('attachment://chart.png');
  });
});

describe('discord register', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake?.close();
  });
  const env = () => ({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl });

  it('registers guild commands, then global ones, with the exact definitions', async () => {
    const config = loadConfig(env());
    const guild = snowflake();
    const r = await discordCommand(config, ['register'], { guild });
    expect(r).toMatchObject({ ok: true, data: { scope: 'guild', guildId: guild } });
    expect(fake.commandPuts.at(-1)).toEqual({ guildId: guild, body: JSON.parse(JSON.stringify(commandDefinitions())) });
    const put = fake.requests.find((q) => q.method === 'PUT');
    expect(put?.path).toBe(`/applications/${fake.applicationId}/guilds/${guild}/commands`);
    expect(put?.auth).toBe(`Bot ${fake.token}`);

    const global = await discordCommand(config, ['register'], {});
    expect(global).toMatchObject({ ok: true, data: { scope: 'global' } });
    expect(fake.commandPuts.at(-1)?.guildId).toBeNull();
  });

  it('waits out a 429 and succeeds', async () => {
    fake.rateLimit((r) => r.method === 'PUT', 0.3, 1);
    const r = await registerCommands(loadConfig(env()).discord!, {});
    expect(r.ok).toBe(true);
  });

  it('answers usage errors (exit 2) and refusals (exit 1)', async () => {
    expect(exitCodeOf(await discordCommand(loadConfig({}), ['register'], {}))).toBe(2);
    expect(exitCodeOf(await discordCommand(loadConfig(env()), ['unregister'], {}))).toBe(2);
    expect(exitCodeOf(await discordCommand(loadConfig(env()), ['register'], { guild: 'my-server' }))).toBe(2);
    const refused = await discordCommand(loadConfig({ ...env(), DISCORD_TOKEN: 'wrong' }), ['register'], {});
    expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(exitCodeOf(refused)).toBe(1);
  });

  it('works as bin/stagecoach discord register --guild <id> --json', async () => {
    const bin = join(import.meta.dirname, '../../bin/stagecoach');
    // Asynchronous: the fake Discord answers from this very process.
    const run = (args: string[], extra: Record<string, string> = {}) =>
      new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(bin, args, { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env(), ...extra } });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        const timer = setTimeout(() => child.kill(), 60_000);
        child.on('error', reject);
        child.on('close', (status) => {
          clearTimeout(timer);
          resolve({ status, stdout });
        });
      });
    const guild = snowflake();
    const [okRun, usage, unset] = await Promise.all([
      run(['discord', 'register', '--guild', guild, '--json']),
      run(['discord', 'register', '--guild', 'nope', '--json']),
      run(['discord', 'register'], { DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' }),
    ]);
    expect(okRun.status).toBe(0);
    expect(JSON.parse(okRun.stdout)).toMatchObject({ ok: true, data: { scope: 'guild', guildId: guild } });
    expect(fake.commandPuts.some((p) => p.guildId === guild)).toBe(true);
    expect(usage.status).toBe(2);
    expect(JSON.parse(usage.stdout).code).toBe('USAGE');
    expect(unset.status).toBe(2);
  });
});
