import { readFile } from 'node:fs/promises';
import { expect, test } from './harness';
import { choose, closeDropdown, fill } from './ui';

test.describe('activity', () => {
  test('every action with its result, filters, live updates and CSV/JSON export', async ({ page, harness, openApp, shot }) => {
    const sim = await harness.startSimulator('everypoint', { instances: 3 });
    const account = await harness.addAccount(sim, { name: 'EveryPoint dev' });
    await harness.call('sync.refresh', { accountId: account.id });
    await harness.call('instances.act', { accountId: account.id, action: 'create', params: { name: 'web-new', description: 'made in e2e' } });
    const failed = await harness.core.dispatch('instances.act', { accountId: account.id, action: 'create', params: { name: 'Bad Name', description: 'x' } });
    expect(failed.ok).toBe(false);

    await openApp('/activity');
    await expect(page.getByTestId('activity-count')).toHaveText('2 entries');
    await expect(page.locator('.vtable-row:not(.placeholder)')).toHaveCount(2);
    await shot('activity');

    // Live: a new action appears without reloading.
    await harness.call('instances.act', { accountId: account.id, action: 'delete', id: 'web-new' });
    await expect(page.getByTestId('activity-count')).toHaveText('3 entries');

    await choose(page, 'activity-outcome', 'error');
    await closeDropdown(page);
    await expect(page.getByTestId('activity-count')).toHaveText('1 entry');
    await expect(page.getByTestId('activity-summary').first()).toContainText('Bad Name');
    await page.getByTestId('activity-clear').click();
    await fill(page, 'activity-text', 'web-new');
    await expect(page.getByTestId('activity-count')).toHaveText('2 entries');

    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain('summary');
    expect(csv).toContain('web-new');
    expect(csv).not.toContain('Bad Name');
    const jsonDownload = page.waitForEvent('download');
    await page.getByTestId('export-json').click();
    const json = JSON.parse(await readFile((await (await jsonDownload).path())!, 'utf8')) as unknown[];
    expect(json).toHaveLength(2);
  });

  test('alerts are in the log, and the view reads the app scope', async ({ page, harness, openApp, shot }) => {
    const demo = await harness.startDemo({ instances: 60, nodes: 8 });
    const { added } = await harness.addDemoAccounts(demo);
    await harness.call('sync.refresh', undefined);
    harness.core.monitor.alerts.start();
    for (let i = 0; i < 4; i++) {
      for (const sim of Object.values(demo.simulators)) sim.clock.tick(5);
      await harness.call('sync.refresh', undefined);
    }
    const alerts = await harness.call('activity.list', { kinds: ['alert'], limit: 1 });
    expect(alerts.total).toBeGreaterThan(0);
    await openApp('/activity');
    await expect(page.getByTestId('activity-count')).toHaveText(`${alerts.total} ${alerts.total === 1 ? 'entry' : 'entries'}`);
    const skyport = added.find((a) => a.provider === 'skyport')!;
    const scoped = await harness.call('activity.list', { accountIds: [skyport.id], limit: 1 });
    await page.evaluate((id) => localStorage.setItem('hangar.scope', JSON.stringify({ kind: 'account', accountId: id })), skyport.id);
    await page.reload();
    await expect(page.getByTestId('activity-count')).toHaveText(`${scoped.total} ${scoped.total === 1 ? 'entry' : 'entries'}`);
    await shot('activity-alerts');
  });

  test.describe('small window, dark', () => {
    test.use({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' });
    test('activity at 1024×700 in the dark theme', async ({ page, harness, openApp, shot }) => {
      const sim = await harness.startSimulator('everypoint', { instances: 2 });
      const account = await harness.addAccount(sim, { name: 'EveryPoint dev' });
      await harness.call('instances.act', { accountId: account.id, action: 'create', params: { name: 'web-a', description: 'a' } });
      await openApp('/activity');
      await expect(page.getByTestId('activity-count')).toHaveText('1 entry');
      await shot('dark-1024-activity');
    });
  });
});
