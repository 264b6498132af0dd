// The command added to prove the registry: one file (src/core/commands/gates/requirements.ts)
// and one line in src/core/registry/list.ts make it work as text, in help, on Discord and Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions, inputOf } from '../../src/adapters/discord/definitions.js';
import { routeSlash } from '../../src/adapters/slack/commands.js';
import { readCommand } from '../../src/core/execute.js';
import { helpText, usageOf } from '../../src/core/help.js';
import { REQUIREMENT_IDS } from '../../src/core/requirements.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/db.js';

describe('gates requirements without a database', () => {
  it('has help in both languages and is in the overview and the group', () => {
    expect(usageOf('gates requirements')).toBe('gates requirements');
    expect(helpText('en')).toContain('gates requirements');
    expect(usageOf('gates')).toContain('gates requirements');
    expect(helpText('zh-CN', 'gates requirements')).toMatch(/[\u4e00-\u9fff]/u);
    expect(helpText('en', 'gates reqs')).toBe(helpText('en', 'gates requirements'));
  });

  it('is a /gates subcommand on Discord, localized, and reads Discord input', () => {
    const gates = commandDefinitions().find((d) => d.name === 'gates');
    const sub = gates?.options?.find((o) => o.name === 'requirements');
    expect(sub).toMatchObject({ type: 1, options: [] });
    expect(sub?.description_localizations?.['zh-CN']).toMatch(/[\u4e00-\u9fff]/u);
    expect(readCommand(inputOf({ command: 'gates', sub: 'requirements', options: {} }), 'en')).toEqual({ ok: true, command: { type: 'gates.requirements' } });
  });

  it('is reached by Slack’s /gates', () => {
    expect(routeSlash('/gates', 'requirements')).toEqual({ kind: 'core', text: 'gates requirements', help: false });
  });

  it('takes no arguments', () => {
    const r = readCommand('gates requirements amount', 'en');
    expect(r.ok || r.reply.code).toBe('USAGE');
  });
});

describe.each(backends)('gates requirements on $name', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(await backend.open());
  });
  afterAll(() => t.close());

  it('lists every requirement id with its hint, for a rep too', async () => {
    const r = await t.run('gates reqs', { user: 'rita', role: 'rep' });
    expect(r.ok).toBe(true);
    const listed = r.data?.requirements as { id: string; hint: string }[];
    expect(listed.map((x) => x.id)).toEqual(REQUIREMENT_IDS);
    for (const x of listed) expect(r.text).toContain(`${x.id}: ${x.hint}`);
  });
});
