// The Discord UI pieces without a network: the form's state in custom ids, modal steps,
// embeds within Discord's limits, and roles from Discord.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { embedLength, fitEmbed, fitMessage, listEmbed, replyEmbed } from '../../src/adapters/discord/embeds.js';
import { Client, GatewayIntentBits } from 'discord.js';
import { clientOptions } from '../../src/adapters/discord/door.js';
import { identityOf, platformRole, type DiscordMemberRef } from '../../src/adapters/discord/identity.js';
import { blockedMessage, buildModal, decodeForm, encodeForm, formSteps, retryCommand, type FormState } from '../../src/adapters/discord/modal.js';
import { completionFields } from '../../src/core/completion.js';
import type { DealView } from '../../src/core/format.js';
import { fail, ok } from '../../src/core/reply.js';
import { REQUIREMENT_IDS } from '../../src/core/requirements.js';

const base: FormState = { kind: 'move', locale: 'en', deal: 'Acme Corp', stage: 'qualified', missing: ['contact', 'close_date'], step: 0 };

describe('form state in custom ids', () => {
  it('round-trips move, won and lost forms compactly', () => {
    for (const state of [
      base,
      { ...base, kind: 'won' as const, amount: 75000.5, locale: 'zh-CN' as const, step: 1 },
      { ...base, kind: 'lost' as const, reason: 'competitor' as const, stage: 'lost', missing: ['lost_competitor' as const] },
      { ...base, deal: 'a|b|c 阿里', stage: 'x|y' },
    ]) {
      const id = encodeForm('b', state);
      expect(id.length).toBeLessThanOrEqual(100);
      expect(id).not.toContain('#');
      expect(decodeForm(id)).toEqual({ ok: true, part: 'b', state });
    }
  });

  it('keeps long names in memory under a short key, and says when a key is unknown', () => {
    const long = { ...base, deal: 'A'.repeat(200) };
    const id = encodeForm('f', long);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeForm(id)).toEqual({ ok: true, part: 'f', state: long });
    const withNote = { ...base, kind: 'lost' as const, reason: 'other' as const, note: 'went quiet' };
    expect(decodeForm(encodeForm('b', withNote))).toEqual({ ok: true, part: 'b', state: withNote });
    expect(decodeForm('sc1|b|#|unknownkey|0')).toEqual({ ok: false, expired: true });
    expect(decodeForm('something else')).toEqual({ ok: false, expired: false });
  });

  it('never exceeds 100 characters, whatever the names', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ minLength: 1, maxLength: 40 }), fc.subarray([...REQUIREMENT_IDS]), (deal, stage, missing) => {
        const state: FormState = { ...base, deal, stage, missing };
        const id = encodeForm('b', state);
        expect(id.length).toBeLessThanOrEqual(100);
        expect(decodeForm(id)).toEqual({ ok: true, part: 'b', state });
      }),
      { numRuns: 200 },
    );
  });
});

describe('modal steps', () => {
  it('hold at most five inputs, keep a contact together, and put the loss reason last', () => {
    fc.assert(
      fc.property(fc.subarray([...REQUIREMENT_IDS], { minLength: 1 }), fc.constantFrom('en' as const, 'zh-CN' as const), (missing, locale) => {
        const steps = formSteps(missing, locale);
        const all = completionFields(missing, locale);
        expect(steps.flat().map((f) => f.id).sort()).toEqual(all.map((f) => f.id).sort());
        for (const step of steps) {
          expect(step.length).toBeGreaterThan(0);
          expect(step.length).toBeLessThanOrEqual(5);
          const contact = step.filter((f) => f.id.startsWith('contact_')).length;
          expect([0, all.filter((f) => f.id.startsWith('contact_')).length]).toContain(contact);
        }
        if (all.some((f) => f.id === 'lost_reason')) expect(steps.at(-1)?.some((f) => f.id === 'lost_reason')).toBe(true);
        steps.forEach((_, step) => {
          const modal = buildModal({ ...base, locale, missing, step }, locale);
          expect(modal?.components.length).toBeLessThanOrEqual(5);
          expect(modal?.title.length).toBeLessThanOrEqual(45);
          for (const c of modal?.components ?? []) expect((c as { label: string }).label.length).toBeLessThanOrEqual(45);
        });
      }),
    );
  });

  it('a blocked reply offers the button only for moves the form can retry', () => {
    const reply = fail('GATE_BLOCKED', '"Acme" cannot enter Qualified yet. Missing:\n  • amount: Set an amount\nA manager may override.', {
      deal: { name: 'Acme' },
      stage: 'qualified',
      missing: [{ id: 'amount', hint: 'Set an amount' }],
    });
    const withButton = blockedMessage(reply, { kind: 'move' }, 'en');
    expect(withButton.components).toHaveLength(1);
    expect(withButton.embeds[0]?.fields).toEqual([{ name: 'amount', value: 'Set an amount' }]);
    expect(withButton.embeds[0]?.footer?.text).toBe('A manager may override.');
    const none = blockedMessage(reply, undefined, 'en');
    expect(none.components).toHaveLength(0);
    expect(none.embeds[0]?.description).toContain('/deal');
  });

  it('retries the same command: move, won with its amount, lost with the reason given', () => {
    expect(retryCommand(base, {})).toEqual({ type: 'deal.move', name: 'Acme Corp', stage: 'qualified' });
    expect(retryCommand({ ...base, kind: 'won', amount: 5 }, {})).toEqual({ type: 'deal.won', name: 'Acme Corp', amount: 5 });
    expect(retryCommand({ ...base, kind: 'lost', reason: 'price' }, { lost_reason: 'other', lost_note: 'moved on' })).toEqual({
      type: 'deal.lost',
      name: 'Acme Corp',
      reason: 'other',
      note: 'moved on',
    });
  });
});

function view(i: number, extra: Partial<DealView> = {}): DealView {
  return {
    name: `Deal ${i} ${'x'.repeat(80)}`,
    owner: '123456789012345678',
    stage: 'lead',
    stageName: 'Lead',
    stageEnteredAt: '2026-03-01T00:00:00.000Z',
    daysInStage: 1,
    amount: 1000 * i,
    currency: 'USD',
    closeDate: null,
    industry: null,
    source: null,
    team: null,
    competitors: [],
    noCompetitor: false,
    tags: [],
    contacts: [],
    notes: null,
    lostReason: null,
    lostNote: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    version: 1,
    ...extra,
  };
}

describe('embeds within Discord limits', () => {
  it('cut descriptions, fields and the total', () => {
    const e = fitEmbed({
      title: 't'.repeat(300),
      description: 'd'.repeat(10_000),
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`.repeat(100), value: 'v'.repeat(2000) })),
      footer: { text: 'f'.repeat(3000) },
    });
    expect(e.title?.length).toBeLessThanOrEqual(256);
    expect(e.description?.length).toBeLessThanOrEqual(4096);
    expect(e.fields?.length).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    expect(embedLength(e)).toBeLessThanOrEqual(6000);
  });

  it('a deal card with many contacts and long notes, a list of 500 deals, long text', () => {
    const big = view(1, {
      contacts: Array.from({ length: 100 }, (_, i) => ({ name: `Person ${i}`, title: 'Very Important Title', role: 'champion', addedAt: null })),
      notes: 'n'.repeat(2000),
      tags: Array.from({ length: 50 }, (_, i) => `tag${i}`),
    });
    const card = replyEmbed(ok(`Updated.\n${'x'}`, { deal: big }), { locale: 'en' });
    expect(embedLength(card)).toBeLessThanOrEqual(6000);
    const list = listEmbed('500 deal(s):', Array.from({ length: 500 }, (_, i) => view(i)), 'en');
    expect(list.description?.length).toBeLessThanOrEqual(4096);
    expect(list.description).toMatch(/…and \d+ more\.$/);
    const text = replyEmbed(ok(`Header\n${'  a   b\n'.repeat(2000)}`), { locale: 'zh-CN' });
    expect(text.description?.length).toBeLessThanOrEqual(4096);
    expect(text.description?.startsWith('```')).toBe(true);
    const several = fitMessage([card, card, card]);
    expect(several.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
  });

  it('show analytics tables (metrics, funnels) in a code block under the first line', () => {
    const text = 'Metrics, last 90 days (cohort):\n  Lead → Opportunity     42.0%   (31 of 74)\n  Qualified win rate     30.0%   (6 of 20)';
    const e = replyEmbed(ok(text, { metrics: { qualifiedWinRate: 0.3 } }), { locale: 'en' });
    expect(e.title).toBe('Metrics, last 90 days (cohort)');
    expect(e.description).toBe('```\n' + text.split('\n').slice(1).join('\n') + '\n```');
  });
});

describe('roles from Discord', () => {
  const ref: DiscordMemberRef = { guildId: '1', userId: '2', manageGuild: false, roleIds: ['111'], roleNames: ['Sales Manager'] };
  it('Manage Server is admin; the manager role by name (any case), id or mention; otherwise none', () => {
    expect(platformRole({ ...ref, manageGuild: true }, undefined)).toBe('admin');
    expect(platformRole(ref, 'sales manager')).toBe('manager');
    expect(platformRole(ref, '111')).toBe('manager');
    expect(platformRole(ref, '<@&111>')).toBe('manager');
    expect(platformRole(ref, 'Closers')).toBeUndefined();
    expect(platformRole(ref, undefined)).toBeUndefined();
  });
  it('the guild is the workspace; a zh-CN guild starts a Chinese workspace', () => {
    const identity = identityOf({ ...ref, guildName: 'Sales', guildLocale: 'zh-CN' }, undefined);
    expect(identity).toMatchObject({ workspaceId: 'discord:1', workspaceName: 'Sales', userId: '2', locale: 'zh-CN' });
    expect(identity.platformRole).toBeUndefined();
    // Discord's say is a per-interaction floor, never an asserted (or stored) role.
    expect(identityOf({ ...ref, manageGuild: true }, undefined)).toMatchObject({ platformRole: 'admin' });
    expect(identityOf({ ...ref, manageGuild: true }, undefined).role).toBeUndefined();
  });
});

describe('client options', () => {
  it('use the Guilds intent only and keep discord.js rate-limit handling on', async () => {
    const opts = clientOptions({ token: 't', applicationId: '123456', apiUrl: 'http://127.0.0.1:9/api/', managerRole: undefined });
    expect(opts.intents).toEqual([GatewayIntentBits.Guilds]);
    expect(opts.rest).toEqual({ api: 'http://127.0.0.1:9/api' });
    const client = new Client(opts);
    expect(client.rest.options.rejectOnRateLimit).toBeNull();
    expect(client.rest.options.retries).toBeGreaterThan(0);
    await client.destroy();
  });
});
