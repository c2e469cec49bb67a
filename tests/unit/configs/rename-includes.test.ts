/**
 * A rename takes the includes that name the file with it: the rewrite itself (relative, absolute, quoted, several,
 * a glob that stops matching, inside the renamed file, comments untouched), then `configs.renameFile` +
 * `configs.saveDraft` against the NIM simulator's seeded config (lint clean, the include line in the diff).
 */
import { describe, expect, it } from 'vitest';
import { planRename } from '../../../electron/main/core/configs/rename';
import type { ConfigDiff, ConfigDraft, ConfigView, LintResult, RenamePlan } from '../../../shared/contract';
import { nimKiandaCore } from './support/nim-kianda-core';

const MAIN = `# main config: include conf.d/app.conf; is only a comment
user nginx;
events { worker_connections 64; }
http {
    include   conf.d/app.conf;    # relative, odd spacing kept
    include "/etc/nginx/conf.d/app.conf"; # absolute, double quotes
    include './conf.d/app.conf';
    include conf.d/*.conf;
    include /etc/nginx/conf.d/other.conf;
    server { listen 80; return 200 "include conf.d/app.conf;"; }
}
`;
const APP = `# include conf.d/app.conf;
server {
    listen 8080;
    include conf.d/app.conf;
}
`;
const files = [
  { name: '/etc/nginx/nginx.conf', contents: MAIN },
  { name: '/etc/nginx/conf.d/app.conf', contents: APP },
  { name: '/etc/nginx/conf.d/other.conf', contents: 'server { listen 81; }\n' },
];
const rename = (to: string, updateIncludes = true, from = '/etc/nginx/conf.d/app.conf') => planRename(files, { from, to, prefix: '/etc/nginx', updateIncludes });

describe('planRename (the includes follow the file)', () => {
  it('rewrites relative, absolute and quoted includes in their own style and leaves every other byte as it was', () => {
    const plan = rename('/etc/nginx/sites/app.conf');
    const main = plan.files.find((f) => f.name === '/etc/nginx/nginx.conf')!.contents;
    expect(main).toBe(
      MAIN.replace('include   conf.d/app.conf;', 'include   sites/app.conf;')
        .replace('"/etc/nginx/conf.d/app.conf"', '"/etc/nginx/sites/app.conf"')
        .replace("'./conf.d/app.conf'", "'./sites/app.conf'"),
    );
    // The comment on line 1 and the string in `return` still say conf.d/app.conf.
    expect(main.split('\n')[0]).toBe('# main config: include conf.d/app.conf; is only a comment');
    expect(main).toContain('return 200 "include conf.d/app.conf;"');
    expect(plan.updated).toBe(true);
    expect(plan.includes.map((i) => `${i.file.split('/').pop()}:${i.line}:${i.column} ${i.before} → ${i.after}`)).toEqual([
      'nginx.conf:5:15 conf.d/app.conf → sites/app.conf',
      'nginx.conf:6:13 "/etc/nginx/conf.d/app.conf" → "/etc/nginx/sites/app.conf"',
      "nginx.conf:7:13 './conf.d/app.conf' → './sites/app.conf'",
      'app.conf:4:13 conf.d/app.conf → sites/app.conf',
    ]);
    // Inside the renamed file itself (under its new name): its include of itself follows, its comment does not.
    const moved = plan.files.find((f) => f.name === '/etc/nginx/sites/app.conf')!.contents;
    expect(moved).toBe(APP.replace('    include conf.d/app.conf;', '    include sites/app.conf;'));
    expect(plan.files.map((f) => f.name)).toEqual(['/etc/nginx/nginx.conf', '/etc/nginx/sites/app.conf', '/etc/nginx/conf.d/other.conf']);
    expect(plan.files[2]).toBe(files[2]);
  });

  it('says when a glob include stops (or starts) matching, without rewriting it', () => {
    const out = rename('/etc/nginx/sites/app.conf');
    expect(out.globs).toEqual([
      expect.objectContaining({ file: '/etc/nginx/nginx.conf', line: 8, pattern: 'conf.d/*.conf', change: 'stops-matching', message: expect.stringContaining('no longer includes /etc/nginx/sites/app.conf') }),
    ]);
    expect(out.files[0].contents).toContain('include conf.d/*.conf;');
    expect(rename('/etc/nginx/conf.d/site.conf').globs).toEqual([]);
    const into = planRename([files[0], { name: '/etc/nginx/extra.txt', contents: 'x' }], { from: '/etc/nginx/extra.txt', to: '/etc/nginx/conf.d/extra.conf', prefix: '/etc/nginx', updateIncludes: true });
    expect(into.globs).toEqual([expect.objectContaining({ change: 'starts-matching', message: expect.stringContaining('now also includes /etc/nginx/conf.d/extra.conf') })]);
  });

  it('keeps the includes when asked (listed, not changed), quotes a bare name that needs it, and leaves an unrelated file alone', () => {
    const kept = rename('/etc/nginx/sites/app.conf', false);
    expect(kept.updated).toBe(false);
    expect(kept.includes).toHaveLength(4);
    expect(kept.files[0].contents).toBe(MAIN);
    expect(kept.files[1]).toEqual({ name: '/etc/nginx/sites/app.conf', contents: APP });

    const spaced = rename('/etc/nginx/my sites/app.conf');
    expect(spaced.files[0].contents).toContain('include   "my sites/app.conf";');
    expect(spaced.files[0].contents).toContain('include "/etc/nginx/my sites/app.conf";');

    // Outside the prefix: a relative include stays relative (nginx takes ".." under the prefix).
    const outside = rename('/srv/nginx/app.conf');
    expect(outside.includes[0].after).toBe('../../srv/nginx/app.conf');

    const other = rename('/etc/nginx/conf.d/other-site.conf', true, '/etc/nginx/conf.d/other.conf');
    expect(other.includes.map((i) => `${i.line} ${i.after}`)).toEqual(['9 /etc/nginx/conf.d/other-site.conf']);
    expect(other.files[1]).toBe(files[1]);
  });
});

describe('configs.renameFile + configs.saveDraft against the NIM simulator', () => {
  const sims = nimKiandaCore('rename-includes', 1);

  const first = async (accountId: string, index = 0) => {
    const page = await sims.core.dispatch('instances.query', { accountIds: [accountId], limit: 2 });
    if (!page.ok) throw new Error(page.error.message);
    return (page.value as { rows: { id: string }[] }).rows[index].id;
  };
  const value = <T>(r: { ok: boolean }): T => {
    expect(r.ok, JSON.stringify(r)).toBe(true);
    return (r as unknown as { value: T }).value;
  };

  it('renames mime.types: nginx.conf’s include follows, the draft lints clean and the diff shows the include line', async () => {
    const target = { accountId: sims.ids.nim, kind: 'instance' as const, id: await first(sims.ids.nim) };
    const view = value<ConfigView>(await sims.core.dispatch('configs.get', target));
    expect(view.live.files.find((f) => f.name === '/etc/nginx/nginx.conf')!.contents).toContain('include /etc/nginx/mime.types;');

    // A preview saves nothing.
    const plan = value<RenamePlan>(await sims.core.dispatch('configs.renameFile', { target, from: 'mime.types', to: 'types/mime.types' }));
    expect(plan.includes).toEqual([{ file: '/etc/nginx/nginx.conf', line: 11, column: 13, before: '/etc/nginx/mime.types', after: '/etc/nginx/types/mime.types' }]);
    expect(plan.globs).toEqual([]);
    expect(value<ConfigView>(await sims.core.dispatch('configs.get', target)).draft).toBeNull();

    value<ConfigDraft>(await sims.core.dispatch('configs.saveDraft', { target, files: plan.files }));
    const lint = value<LintResult>(await sims.core.dispatch('configs.lint', { target }));
    expect(lint.problems).toEqual([]);
    const diff = value<ConfigDiff>(await sims.core.dispatch('configs.diff', { target }));
    expect(diff.unified).toContain('-    include /etc/nginx/mime.types;');
    expect(diff.unified).toContain('+    include /etc/nginx/types/mime.types;');

    // The glob over conf.d/ stops matching default.conf when it moves out: said, not rewritten; lint agrees nothing is missing.
    const moved = value<RenamePlan>(await sims.core.dispatch('configs.renameFile', { target, from: '/etc/nginx/conf.d/default.conf', to: 'sites/default.conf' }));
    expect(moved.includes).toEqual([]);
    expect(moved.globs).toEqual([expect.objectContaining({ file: '/etc/nginx/nginx.conf', line: 15, pattern: '/etc/nginx/conf.d/*.conf', change: 'stops-matching' })]);

    // --keep-includes: the include keeps the old name and lint reports it, as before.
    const draft = value<ConfigView>(await sims.core.dispatch('configs.get', target)).draft!;
    const kept = value<RenamePlan>(await sims.core.dispatch('configs.renameFile', { target, files: draft.files, from: '/etc/nginx/types/mime.types', to: 'mime.types.new', updateIncludes: false }));
    expect(kept.updated).toBe(false);
    expect(kept.includes).toHaveLength(1);
    const stale = value<LintResult>(await sims.core.dispatch('configs.lint', { target, files: kept.files }));
    expect(stale.problems.map((p) => p.rule)).toContain('missing-include');
  });

  it('refuses a bad rename with VALIDATION and changes nothing', async () => {
    const target = { accountId: sims.ids.nim, kind: 'instance' as const, id: await first(sims.ids.nim, 1) };
    const before = value<ConfigView>(await sims.core.dispatch('configs.get', target)).draft;
    for (const [from, to, why] of [
      ['mime.types', 'nginx.conf', /already has a file named \/etc\/nginx\/nginx.conf/],
      ['mime.types', '../mime.types', /"\." or "\.\."/],
      ['mime.types', 'mime.types', /its name already/],
      ['nope.conf', 'x.conf', /the draft has no file nope.conf/],
      ['mime.types', 'a\\b', /backslashes/],
    ] as const) {
      const r = await sims.core.dispatch('configs.renameFile', { target, from, to });
      expect(r.ok).toBe(false);
      expect((r as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(why) });
    }
    expect(value<ConfigView>(await sims.core.dispatch('configs.get', target)).draft).toEqual(before);
    const fields = { accountId: sims.ids.kianda, kind: 'instance' as const, id: await first(sims.ids.kianda) };
    const name = value<ConfigView>(await sims.core.dispatch('configs.get', fields)).live.files[0].name;
    const single = await sims.core.dispatch('configs.renameFile', { target: fields, from: name, to: 'other.json' });
    expect((single as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/single file/) });
  });
});
