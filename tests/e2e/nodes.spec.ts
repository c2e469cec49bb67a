import { expect, test } from './harness';
import { fill } from './ui';

test.describe('nodes', () => {
  test('nodes of a synced account, filtering and the node detail with its actions', async ({ page, harness, openApp, shot }) => {
    const sim = await harness.startSimulator('skyport', { instances: 10, nodes: 6 });
    const account = await harness.addAccount(sim, { name: 'Skyport EU', environment: 'staging' });
    await harness.call('sync.refresh', { accountId: account.id });
    const all = await harness.call('nodes.query', { offset: 0, limit: 10 });

    await openApp('/nodes');
    await expect(page.getByTestId('row-count')).toHaveText('6 nodes');
    await expect(page.locator('.vtable-row:not(.placeholder)')).toHaveCount(6);
    await shot('nodes');

    const node = all.rows[2];
    await fill(page, 'filter-text', node.name);
    await expect(page.getByTestId('row-count')).toHaveText('1 node');
    await page.locator('.vtable-row:not(.placeholder)').first().click();
    const drawer = page.getByTestId('detail-drawer');
    await expect(drawer.getByTestId('detail-title')).toHaveText(node.name);
    await expect(drawer.getByTestId('detail-fields')).toContainText('Memory');
    await expect(drawer.getByTestId('action-delete')).toHaveText('Delete node');
    // The raw API object is folded away in its own tab.
    await drawer.locator('.n-tabs-tab[data-name="raw"]').click();
    await expect(drawer.getByTestId('detail-raw')).toContainText(node.id);
    await shot('nodes-detail');
  });

  test('an account whose provider has no nodes shows an honest empty state', async ({ page, harness, openApp }) => {
    const sim = await harness.startSimulator('everypoint', { instances: 2 });
    const account = await harness.addAccount(sim, { name: 'EveryPoint' });
    await harness.call('sync.refresh', { accountId: account.id });
    await openApp('/nodes');
    await expect(page.getByTestId('empty-state')).toContainText('No nodes');
  });
});

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });

  test('follows the OS theme', async ({ page, harness, openApp, shot }) => {
    const sim = await harness.startSimulator('skyport', { instances: 30 });
    const account = await harness.addAccount(sim, { name: 'Skyport prod', environment: 'prod' });
    await harness.call('sync.refresh', { accountId: account.id });
    await openApp('/fleet');
    await expect(page.getByTestId('row-count')).toHaveText('30 instances');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(255, 255, 255)');
    await shot('dark-fleet');
    await page.locator('.vtable-row:not(.placeholder)').first().click();
    await expect(page.getByTestId('detail-title')).toBeVisible();
    await shot('dark-fleet-detail');
    await page.keyboard.press('Escape');
    await openApp('/accounts');
    await expect(page.getByTestId('account-row-Skyport prod')).toBeVisible();
    await shot('dark-accounts');
    await page.getByTestId('add-account').click();
    await shot('dark-account-form');
  });
});
