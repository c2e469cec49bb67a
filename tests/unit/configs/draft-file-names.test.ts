/**
 * Adding and renaming files of a draft: one rule for the Configs view (as you type) and the core
 * (`configs.saveDraft`), against a NIM simulator's instance config and a Kianda fields document.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/main/core/core';
import { MemorySecretStore } from '../../../electron/main/core/secrets/memory';
import { startKiandaSimulator } from '../../../electron/simulators/kianda';
import type { RunningSimulator } from '../../../electron/simulators/kit/types';
import { startNimSimulator } from '../../../electron/simulators/nim';
import { draftFilesProblem, fileNameProblem, resolveFileName } from '../../../shared/config-files';
import type { ConfigDraft, ConfigView } from '../../../shared/contract';

describe('draft file names (shared rule)', () => {
  const rules = { rootDir: '/etc/nginx', baseNames: ['/etc/nginx/nginx.conf', '/etc/nginx/conf.d/app.conf'] };
  const others = rules.baseNames;

  it('takes a relative name under the root folder and refuses what nginx or NIM could not use', () => {
    expect(resolveFileName(' conf.d/extra.conf ', '/etc/nginx/')).toBe('/etc/nginx/conf.d/extra.conf');
    expect(resolveFileName('/srv/www/index.html', '/etc/nginx')).toBe('/srv/www/index.html');
    expect(fileNameProblem('conf.d/extra.conf', rules, others)).toBeNull();
    expect(fileNameProblem('/usr/share/nginx/html/50x.html', rules, others)).toBeNull();
    expect(fileNameProblem('  ', rules, others)).toMatch(/Give the file a name/);
    expect(fileNameProblem('../passwd', rules, others)).toMatch(/"\." or "\.\."/);
    expect(fileNameProblem('conf.d//x.conf', rules, others)).toMatch(/empty folder/);
    expect(fileNameProblem('conf.d/', rules, others)).toMatch(/folder/);
    expect(fileNameProblem('a\\b.conf', rules, others)).toMatch(/backslashes/);
    expect(fileNameProblem('a\nb.conf', rules, others)).toMatch(/control characters/);
    expect(fileNameProblem('conf.d/app.conf', rules, others)).toBe('The draft already has a file named /etc/nginx/conf.d/app.conf.');
    expect(fileNameProblem(`${'x'.repeat(1020)}.conf`, rules, others)).toMatch(/1,024/);
    expect(fileNameProblem('x.json', { rootDir: null, baseNames: ['fields.json'] }, ['fields.json'])).toMatch(/single file/);
  });

  it('checks a whole list: duplicates, and new names only (the server’s own names are kept as they are)', () => {
    expect(draftFilesProblem([...rules.baseNames, '/etc/nginx/conf.d/new.conf'], rules)).toBeNull();
    expect(draftFilesProblem(['/etc/nginx/nginx.conf', '/etc/nginx/nginx.conf'], rules)).toMatch(/Two files of the draft are named/);
    expect(draftFilesProblem(['/etc/nginx/nginx.conf', 'conf.d/new.conf'], rules)).toMatch(/needs its full path/);
    expect(draftFilesProblem(['/etc/nginx/nginx.conf', '/etc/nginx/../x.conf'], rules)).toMatch(/"\." or "\.\."/);
    expect(draftFilesProblem(['fields.json'], { rootDir: null, baseNames: ['fields.json'] })).toBeNull();
    expect(draftFilesProblem(['other.json'], { rootDir: null, baseNames: ['fields.json'] })).toMatch(/single file/);
  });
});

describe('configs.saveDraft checks added and renamed files', () => {
  let nim: RunningSimulator;
  let kianda: RunningSimulator;
  let core: Core;
  let dataDir: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    nim = await startNimSimulator({ seed: 'draft-files', instances: 2, nodes: 1 });
    kianda = await startKiandaSimulator({ seed: 'draft-files', instances: 2 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-draft-files-'));
    core = createCore({ dataDir, secretStore: new MemorySecretStore() });
    for (const [name, sim] of [['nim', nim], ['kianda', kianda]] as const) {
      const add = await core.dispatch('accounts.add', {
        name, provider: name, environment: 'dev', baseUrl: sim.account.baseUrl, authMethod: sim.account.authMethod,
        fields: sim.account.fields, secrets: sim.account.secrets, verify: false,
      });
      expect(add.ok, JSON.stringify(add)).toBe(true);
      ids[name] = (add as { value: { id: string } }).value.id;
      await core.dispatch('sync.refresh', { accountId: ids[name] });
    }
  });

  afterAll(async () => {
    await core?.close();
    await nim?.close();
    await kianda?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const first = async (accountId: string) => {
    const page = await core.dispatch('instances.query', { accountIds: [accountId], limit: 1 });
    if (!page.ok) throw new Error(page.error.message);
    return (page.value as { rows: { id: string }[] }).rows[0].id;
  };

  it('adds and renames a NIM file; refuses a bad or duplicate name with VALIDATION and keeps the draft as it was', async () => {
    const target = { accountId: ids.nim, kind: 'instance' as const, id: await first(ids.nim) };
    const view = (await core.dispatch('configs.get', target)) as { ok: true; value: ConfigView };
    const live = view.value.live.files;
    const root = view.value.live.rootDir ?? '/etc/nginx';
    const added = `${root.replace(/\/$/, '')}/conf.d/extra.conf`;
    const save = (files: { name: string; contents: string }[]) => core.dispatch('configs.saveDraft', { target, files });
    const ok = await save([...live, { name: added, contents: 'server { listen 8081; return 204; }\n' }]);
    expect(ok.ok, JSON.stringify(ok)).toBe(true);
    expect((ok as { value: ConfigDraft }).value.files.map((f) => f.name)).toContain(added);

    const renamed = added.replace('extra.conf', 'renamed.conf');
    const again = await save([...live, { name: renamed, contents: 'server { listen 8081; return 204; }\n' }]);
    expect((again as { value: ConfigDraft }).value.files.map((f) => f.name)).toEqual([...live.map((f) => f.name), renamed]);

    for (const [bad, why] of [
      [`${root}/../etc/passwd`, /"\." or "\.\."/],
      ['conf.d/relative.conf', /needs its full path/],
      [live[0].name, /Two files of the draft are named/],
    ] as const) {
      const refused = await save([...live, { name: bad, contents: 'x' }]);
      expect(refused.ok).toBe(false);
      expect((refused as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(why) });
    }
    const kept = (await core.dispatch('configs.get', target)) as { ok: true; value: ConfigView };
    expect(kept.value.draft!.files.map((f) => f.name)).toContain(renamed);
  });

  it('keeps Kianda’s fields a single document', async () => {
    const target = { accountId: ids.kianda, kind: 'instance' as const, id: await first(ids.kianda) };
    const view = (await core.dispatch('configs.get', target)) as { ok: true; value: ConfigView };
    const refused = await core.dispatch('configs.saveDraft', { target, files: [...view.value.live.files, { name: 'more.json', contents: '{}' }] });
    expect((refused as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/single file/) });
    const renamed = await core.dispatch('configs.saveDraft', { target, files: [{ name: 'other.json', contents: view.value.live.files[0].contents }] });
    expect(renamed.ok).toBe(false);
  });
});
