import type { SimOptions } from '../../electron/simulators/kit/types';
import type { RunningNimSimulator } from '../../electron/simulators/nim';
import { expect, test } from './harness';

// Adding and renaming files of a draft in the Configs view (the CLI's `configs edit --file NEW=…` can add
// one): names checked as you type and by the core, the file in the tree and the editor, saved with the
// draft, in the diff against live, kept across a reload.
test.describe('configs: files of a draft', () => {
  test.use({ colorScheme: 'dark', viewport: { width: 1024, height: 700 } });

  test('add a file (bad names refused as you type), write it, rename it, see it in the diff', async ({ page, harness, openApp, shot }) => {
    const sim = (await harness.startSimulator('nim', { instances: 3, nodes: 1, nginx: { instances: 1 }, deployDelayMs: 50 } as SimOptions)) as RunningNimSimulator;
    const account = await harness.addAccount(sim, { name: 'NIM lab', environment: 'dev' });
    await harness.call('sync.refresh', { accountId: account.id });
    const real = sim.realInstances[0];
    await openApp('/configs');
    await page.getByTestId(`target-${real.displayName}`).click();
    await expect(page.getByTestId('config-title')).toHaveText(real.displayName);
    await expect(page.getByTestId('lint-ok')).toBeVisible();
    const target = (await harness.call('configs.drafts', {})).length; // no draft yet
    expect(target).toBe(0);
    const before = harness.pageCalls.filter((c) => c.channel === 'configs.saveDraft').length;

    // Keyboard: focus "New file", Enter opens the dialog with the name field focused.
    await page.getByTestId('file-add').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('file-name-dialog');
    await expect(dialog).toBeVisible();
    const name = dialog.getByTestId('file-name').locator('input');
    await name.fill('../outside.conf');
    await expect(dialog.getByTestId('file-name-help')).toContainText('cannot hold "." or ".." folders');
    await expect(dialog.getByTestId('file-name-ok')).toBeDisabled();
    await name.fill('nginx.conf');
    await expect(dialog.getByTestId('file-name-help')).toContainText('already has a file named');
    await shot('configs-file-name-invalid-dark-1024');
    await name.press('Enter');
    await expect(dialog).toBeVisible();
    expect(harness.pageCalls.filter((c) => c.channel === 'configs.saveDraft').length).toBe(before);

    await name.fill('conf.d/health.conf');
    await expect(dialog.getByTestId('file-name-help')).toContainText('Will be /');
    await name.press('Enter');
    await expect(dialog).toBeHidden();
    const tree = page.getByTestId('file-tree');
    await expect(tree.getByTestId('file-health.conf')).toHaveAttribute('aria-current', 'true');
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');

    // Write it in the editor: saved with the draft, linted with the rest.
    await page.locator('.config-editor .cm-content').click();
    await page.keyboard.type('server {\n    listen 8099;\n    location = /health { return 204; }\n');
    // The new file is linted with the rest: the open block is caught in it, then closed.
    await expect(page.getByTestId('problem-0')).toContainText('health.conf:4:1');
    await page.keyboard.type('}\n');
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    await expect(page.getByTestId('lint-ok')).toBeVisible();
    let draft = (await harness.call('configs.get', { accountId: account.id, kind: 'instance', id: `${real.systemUid}:${real.uid}` })).draft!;
    const added = draft.files.find((f) => f.name.endsWith('/conf.d/health.conf'))!;
    expect(added.contents).toContain('location = /health');
    await shot('configs-file-added-dark-1024');

    // Rename it: the same text under the new name; the old name is gone from the draft.
    await page.getByTestId('file-rename').click();
    await expect(name).toHaveValue('conf.d/health.conf');
    await name.fill('conf.d/status.conf');
    await expect(dialog.getByTestId('rename-includes-line')).toHaveText('No include names it.');
    await dialog.getByTestId('file-name-ok').click();
    await expect(tree.getByTestId('file-status.conf')).toBeVisible();
    await expect(tree.getByTestId('file-health.conf')).toHaveCount(0);
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    await expect
      .poll(async () => (await harness.call('configs.get', { accountId: account.id, kind: 'instance', id: `${real.systemUid}:${real.uid}` })).draft!.files.map((f) => f.name))
      .toContain(added.name.replace('health.conf', 'status.conf'));
    draft = (await harness.call('configs.get', { accountId: account.id, kind: 'instance', id: `${real.systemUid}:${real.uid}` })).draft!;
    expect(draft.files.some((f) => f.name === added.name)).toBe(false);
    expect(draft.files.find((f) => f.name.endsWith('/conf.d/status.conf'))!.contents).toContain('location = /health');

    // The diff against live names it as added.
    await page.locator('.n-tabs-tab', { hasText: 'Diff against live' }).click();
    await expect(page.getByTestId('diff-view')).toBeVisible();
    await expect(page.getByTestId('diff-view')).toContainText('status.conf');
    await shot('configs-file-diff-dark-1024');

    // A reload keeps it (the draft is in SQLite).
    await page.reload();
    await page.getByTestId(`target-${real.displayName}`).click();
    await expect(page.getByTestId('file-tree').getByTestId('file-status.conf')).toBeVisible();
  });

  test('rename a file nginx.conf includes: the dialog names the include, the diff shows it changed, lint stays clean', async ({ page, harness, openApp, shot }) => {
    const sim = (await harness.startSimulator('nim', { instances: 3, nodes: 1 } as SimOptions)) as RunningNimSimulator;
    const account = await harness.addAccount(sim, { name: 'NIM lab', environment: 'dev' });
    await harness.call('sync.refresh', { accountId: account.id });
    const row = (await harness.call('instances.query', { accountIds: [account.id], limit: 1 })).rows[0];
    const target = { accountId: account.id, kind: 'instance' as const, id: row.id };
    const live = (await harness.call('configs.get', target)).live.files;
    expect(live.find((f) => f.name === '/etc/nginx/nginx.conf')!.contents).toContain('    include /etc/nginx/mime.types;\n');
    await openApp('/configs');
    await page.getByTestId(`target-${row.name}`).click();
    await expect(page.getByTestId('config-title')).toHaveText(row.name);
    await expect(page.getByTestId('lint-ok')).toBeVisible();
    const tree = page.getByTestId('file-tree');
    await tree.getByTestId('file-mime.types').click();
    await expect(tree.getByTestId('file-mime.types')).toHaveAttribute('aria-current', 'true');
    const saves = harness.pageCalls.filter((c) => c.channel === 'configs.saveDraft').length;

    await page.getByTestId('file-rename').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('file-name-dialog');
    const name = dialog.getByTestId('file-name').locator('input');
    await expect(name).toHaveValue('mime.types');
    // Into conf.d/: the include follows, and the glob over conf.d/*.conf would now take the file too (said, not rewritten).
    await name.fill('conf.d/mime.conf');
    await expect(dialog.getByTestId('rename-includes-line')).toHaveText('Also updates 1 include: nginx.conf line 11');
    await expect(dialog.getByTestId('rename-glob-note')).toContainText('include /etc/nginx/conf.d/*.conf (nginx.conf line 15) will now include it too');
    await shot('configs-file-rename-glob-dark-1024');
    // As you type: the answer follows the name in the field.
    await name.fill('types/mime.types');
    await expect(dialog.getByTestId('rename-includes')).toContainText('nginx.conf:11 include /etc/nginx/mime.types → /etc/nginx/types/mime.types');
    await expect(dialog.getByTestId('rename-glob-note')).toHaveCount(0);
    const box = dialog.getByTestId('rename-update-includes');
    await expect(box).toHaveAttribute('aria-checked', 'true');
    await shot('configs-file-rename-includes-dark-1024');
    // Unticked, the dialog says what lint will then report; ticked again (the default) for the rename.
    await box.click();
    await expect(dialog.getByTestId('rename-includes-line')).toContainText('Leaves 1 include naming the old file (nginx.conf line 11): lint will report it.');
    await box.click();
    await expect(box).toHaveAttribute('aria-checked', 'true');
    // A name that is taken is still refused as you type, and nothing is asked or saved.
    await name.fill('nginx.conf');
    await expect(dialog.getByTestId('file-name-help')).toContainText('already has a file named');
    await expect(dialog.getByTestId('rename-includes')).toHaveCount(0);
    expect(harness.pageCalls.filter((c) => c.channel === 'configs.saveDraft').length).toBe(saves);
    await name.fill('types/mime.types');
    await expect(dialog.getByTestId('rename-includes-line')).toHaveText('Also updates 1 include: nginx.conf line 11');
    await name.press('Enter');
    await expect(dialog).toBeHidden();

    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    await expect(tree.getByTestId('file-mime.types')).toHaveAttribute('title', '/etc/nginx/types/mime.types');
    await expect(page.getByTestId('lint-ok')).toBeVisible();
    const draft = (await harness.call('configs.get', target)).draft!;
    const main = draft.files.find((f) => f.name === '/etc/nginx/nginx.conf')!.contents;
    expect(main).toBe(live.find((f) => f.name === '/etc/nginx/nginx.conf')!.contents.replace('include /etc/nginx/mime.types;', 'include /etc/nginx/types/mime.types;'));
    expect(draft.changedFiles).toEqual(['/etc/nginx/mime.types', '/etc/nginx/nginx.conf', '/etc/nginx/types/mime.types']);
    expect((await harness.call('configs.lint', { target })).problems).toEqual([]);

    // The diff against live shows nginx.conf's include line changed, for review before publishing.
    await page.locator('.n-tabs-tab', { hasText: 'Diff against live' }).click();
    const diffView = page.getByTestId('diff-view');
    await expect(diffView).toBeVisible();
    await diffView.getByTestId('diff-file').click();
    await page.locator('.n-base-select-option', { hasText: '/etc/nginx/nginx.conf' }).click();
    await expect(diffView.getByTestId('diff-file')).toContainText('/etc/nginx/nginx.conf  (modified, +1 −1)');
    await expect(diffView).toContainText('include /etc/nginx/types/mime.types;');
    await expect(diffView).toContainText('include /etc/nginx/mime.types;');
    const diff = await harness.call('configs.diff', { target });
    expect(diff.unified).toContain('-    include /etc/nginx/mime.types;\n+    include /etc/nginx/types/mime.types;');
    await shot('configs-file-rename-diff-dark-1024');
  });
});
