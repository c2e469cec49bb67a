import { expect, test } from './harness';
import { choose, closeDropdown, fill } from './ui';

test.describe('fleet scope and honest states', () => {
  test('scoping by environment, by account, and a saved view that survives a reload', async ({ page, harness, openApp, shot }) => {
    const skyport = await harness.startSimulator('skyport', { instances: 14, nodes: 3 });
    const everypoint = await harness.startSimulator('everypoint', { instances: 6 });
    const zesty = await harness.startSimulator('zesty', { instances: 4 });
    const dev = await harness.addAccount(skyport, { name: 'Skyport dev' });
    const prod = await harness.addAccount(everypoint, { name: 'EveryPoint live', environment: 'prod' });
    await harness.addAccount(zesty, { name: 'Zesty staging', environment: 'staging' });
    await harness.call('sync.refresh', {});

    await openApp('/fleet');
    const count = page.getByTestId('row-count');
    await expect(count).toHaveText('24 instances');
    await expect(page.getByTestId('scope-label')).toHaveText('All accounts');
    await expect(page.getByTestId('prod-in-scope')).toHaveText('incl. prod');
    // Environments with their accounts, states and counts.
    await expect(page.getByTestId('scope-env-prod')).toContainText('PROD');
    await expect(page.getByTestId(`scope-account-${dev.id}`)).toContainText('14');

    // One click scopes the fleet to an environment; production says so everywhere.
    await page.getByTestId('scope-env-prod').click();
    await expect(count).toHaveText('6 instances');
    await expect(page.getByTestId('scope-label')).toHaveText('prod · 1 account');
    await expect(page.getByTestId('prod-in-scope')).toHaveText('PRODUCTION');
    await expect(page.locator('[data-prod-scope="true"]')).toHaveCount(1);
    await expect(page.getByTestId('filter-environment')).toHaveCount(0);
    await shot('scope-prod');

    // The nodes view follows the same scope (EveryPoint has no nodes).
    await page.getByTestId('nav-nodes').click();
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await page.getByTestId(`scope-account-${dev.id}`).click();
    await expect(count).toHaveText('3 nodes');
    await expect(page.getByTestId('scope-label')).toHaveText('Skyport dev');
    await expect(page.locator('[data-prod-scope="true"]')).toHaveCount(0);

    // A saved view: scope + filters + columns, reopened after a reload from the sidebar.
    await page.getByTestId('nav-fleet').click();
    await expect(count).toHaveText('14 instances');
    await choose(page, 'filter-status', 'running');
    await closeDropdown(page);
    const running = (await harness.call('instances.query', { accountIds: [dev.id], statuses: ['running'], limit: 1 })).total;
    await expect(count).toHaveText(`${running} ${running === 1 ? 'instance' : 'instances'}`);
    await expect(page.getByTestId('chip-statuses-running')).toBeVisible();
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-toggle-version').click();
    await expect(page.getByTestId('th-version')).toHaveCount(0);
    await fill(page, 'save-view-name', 'Running on dev panel');
    await page.getByTestId('save-view-ok').click();
    await expect(page.getByTestId('saved-view-Running on dev panel')).toBeVisible();

    await page.getByTestId('scope-all').click();
    await page.getByTestId('chip-statuses-running').locator('.n-tag__close').click();
    await expect(count).toHaveText('24 instances');

    await page.reload();
    await expect(page.getByTestId('scope-label')).toHaveText('All accounts');
    await page.getByTestId('saved-view-Running on dev panel').click();
    await expect(page.getByTestId('scope-label')).toHaveText('Skyport dev');
    await expect(count).toHaveText(`${running} ${running === 1 ? 'instance' : 'instances'}`);
    await expect(page.getByTestId('th-version')).toHaveCount(0);
    await shot('scope-saved-view');

    // The scope itself survives a restart.
    await page.reload();
    await expect(page.getByTestId('scope-label')).toHaveText('Skyport dev');
    void prod;
  });

  test('rows of offline and failing accounts carry a mark with the age of their data', async ({ page, harness, openApp, shot }) => {
    const ok = await harness.startSimulator('skyport', { instances: 3 });
    const gone = await harness.startSimulator('zesty', { instances: 2 });
    const rotated = await harness.startSimulator('everypoint', { instances: 2 });
    await harness.addAccount(ok, { name: 'Skyport ok' });
    const goneAccount = await harness.addAccount(gone, { name: 'Zesty down' });
    const rotatedAccount = await harness.addAccount(rotated, { name: 'EveryPoint rotated' });
    await harness.call('sync.refresh', {});
    await gone.close();
    await harness.call('accounts.update', { id: rotatedAccount.id, secrets: { password: 'rotated' }, verify: false });
    await harness.call('sync.refresh', {});

    await openApp('/fleet');
    await expect(page.getByTestId('row-count')).toHaveText('7 instances');
    const marks = page.getByTestId('row-mark');
    await expect(marks).toHaveCount(4);
    await expect(marks.filter({ hasText: 'offline · now' })).toHaveCount(2);
    await expect(marks.filter({ hasText: 'auth failed · now' })).toHaveCount(2);
    await expect(page.getByTestId(`status-chip-${goneAccount.id}`)).toContainText('offline · just now');
    await shot('fleet-row-marks');
  });

  test('first sync: per-account progress while pages arrive, a slow server is named with its wait', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    const slow = await harness.startSimulator('skyport', { instances: 30, nodes: 2 });
    const panel = await harness.addAccount(slow, { name: 'Slow panel' });
    slow.server.faults.set({ latencyMs: 6_000 });
    const fast = await harness.startSimulator('everypoint', { instances: 5 });
    await harness.addAccount(fast, { name: 'EveryPoint quick' });

    await openApp('/fleet');
    await expect(page.getByTestId('empty-state')).toContainText('Not synced yet');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId(`sync-progress-${panel.id}`)).toBeVisible();
    // The quick account lands first and its rows show while the slow one is still reading.
    await expect(page.getByTestId('row-count')).toHaveText('5 instances');
    await expect(page.getByTestId('sync-waiting')).toContainText('waiting on Slow panel for');
    await expect(page.getByTestId('sync-line')).toContainText('Waiting on Slow panel for');
    await shot('fleet-first-sync');
    await expect(page.getByTestId('row-count')).toHaveText('35 instances', { timeout: 30_000 });
    await expect(page.getByTestId('sync-progress')).toHaveCount(0);
  });
});
