/**
 * Adding and renaming files of a draft: one rule for the Configs view (as you type) and the core
 * (`configs.saveDraft`), against a NIM simulator's instance config and a Kianda fields document.
 */
import { describe, expect, it } from 'vitest';
import { draftFilesProblem, fileNameProblem, resolveFileName } from '../../../shared/config-files';
import type { ConfigDraft, ConfigView } from '../../../shared/contract';
import { nimKiandaCore } from './support/nim-kianda-core';

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
  const sims = nimKiandaCore('draft-files', 2);

  const first = async (accountId: string) => {
    const page = await sims.core.dispatch('instances.query', { accountIds: [accountId], limit: 1 });
    if (!page.ok) throw new Error(page.error.message);
    return (page.value as { rows: { id: string }[] }).rows[0].id;
  };

  it('adds and renames a NIM file; refuses a bad or duplicate name with VALIDATION and keeps the draft as it was', async () => {
    const target = { accountId: sims.ids.nim, kind: 'instance' as const, id: await first(sims.ids.nim) };
    const view = (await sims.core.dispatch('configs.get', target)) as { ok: true; value: ConfigView };
    const live = view.value.live.files;
    const root = view.value.live.rootDir ?? '/etc/nginx';
    const added = `${root.replace(/\/$/, '')}/conf.d/extra.conf`;
    const save = (files: { name: string; contents: string }[]) => sims.core.dispatch('configs.saveDraft', { target, files });
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
    const kept = (await sims.core.dispatch('configs.get', target)) as { ok: true; value: ConfigView };
    expect(kept.value.draft!.files.map((f) => f.name)).toContain(renamed);
  });

  it('keeps Kianda’s fields a single document', async () => {
    const target = { accountId: sims.ids.kianda, kind: 'instance' as const, id: await first(sims.ids.kianda) };
    const view = (await sims.core.dispatch('configs.get', target)) as { ok: true; value: ConfigView };
    const refused = await sims.core.dispatch('configs.saveDraft', { target, files: [...view.value.live.files, { name: 'more.json', contents: '{}' }] });
    expect((refused as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/single file/) });
    const renamed = await sims.core.dispatch('configs.saveDraft', { target, files: [{ name: 'other.json', contents: view.value.live.files[0].contents }] });
    expect(renamed.ok).toBe(false);
  });
});
