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
});
