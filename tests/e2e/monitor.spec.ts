import path from 'node:path';
import { createCore } from '../../electron/main/core/core';
import { MemorySecretStore } from '../../electron/main/core/secrets/memory';
import { expect, test } from './harness';

test.describe('monitoring', () => {
  test('nodes worst first, charts over every range, instances linked, thresholds edited', async ({ page, harness, openApp, shot }) => {
    const demo = await harness.startDemo({ instances: 60, nodes: 8 });
    await harness.addDemoAccounts(demo);
    await harness.call('sync.refresh', undefined);
    const collected = await harness.call('monitor.collect', undefined);
    expect(collected.samples).toBeGreaterThan(0);
    const worst = await harness.call('monitor.worstNodes', { limit: 20 });
    const nim = worst.find((n) => n.provider === 'nim' && n.status === 'online')!;

    await openApp(`/monitor?node=${encodeURIComponent(nim.nodeId)}&nodeAccount=${encodeURIComponent(nim.accountId)}`);
    const list = page.getByTestId('worst-nodes');
    await expect(list.locator('li')).toHaveCount(worst.length);
    // Worst first: the list's order is the core's.
    await expect(list.locator('li').first()).toContainText(worst[0]!.name);
    await expect(page.getByTestId('node-title')).toHaveText(nim.name);

    for (const range of ['15m', '1h', '24h', '7d']) {
      await page.getByTestId(`range-${range}`).click();
      await expect(page.getByTestId('charts')).toHaveAttribute('data-range', range);
      const cpu = page.getByTestId('chart-cpu');
      await expect(cpu.locator('canvas')).toHaveCount(1);
      // Some points, never more than the chart is wide (read together, once the chart is laid out).
      const measure = () => cpu.locator('.chart-host').evaluate((el) => ({ points: Number(el.getAttribute('data-points')), width: el.clientWidth }));
      await expect.poll(async () => (await measure()).width).toBeGreaterThan(100);
      const { points, width } = await measure();
      expect(points).toBeGreaterThan(0);
      expect(points).toBeLessThanOrEqual(width);
      await shot(`monitor-${range}`);
    }
    await expect(page.getByTestId('chart-memory')).toBeVisible();
    await expect(page.getByTestId('chart-requests')).toBeVisible();

    // The node's instances are listed and open the fleet on that instance.
    const instances = await harness.call('monitor.nodeInstances', { accountId: nim.accountId, nodeId: nim.nodeId });
    expect(instances.total).toBeGreaterThan(0);
    await expect(page.getByTestId('node-instances')).toContainText(`(${instances.total})`);

    // A node threshold: added through the form, saved in the settings, drawn on the chart.
    await page.getByTestId('threshold-above').locator('input').fill('5');
    await page.getByTestId('threshold-add').click();
    await expect(page.getByTestId('thresholds')).toContainText('cpu above 5');
    const settings = await harness.call('monitor.settings', undefined);
    expect(settings.thresholds.some((t) => t.nodeId === nim.nodeId && t.above === 5)).toBe(true);
    await expect(page.getByTestId('chart-cpu')).toContainText('alert above 5');
    await shot('monitor-threshold');

    // The next reading crosses it: the alert shows under the node, open, as it is raised.
    const nodeAlerts = page.getByTestId('node-alerts');
    await expect(nodeAlerts.getByTestId('object-alerts-link')).toBeVisible();
    const cpuAlerts = async () =>
      (await harness.call('alerts.list', { accountIds: [nim.accountId], targetKind: 'node', targetIds: [nim.nodeId], state: 'open' })).rows.filter((a) =>
        a.title.includes(': cpu '),
      );
    expect(await cpuAlerts()).toHaveLength(0);
    await harness.call('monitor.collect', { accountId: nim.accountId });
    const crossed = await cpuAlerts();
    expect(crossed).toHaveLength(1);
    await expect(nodeAlerts.locator('[data-testid="object-alert"][data-state="open"]').filter({ hasText: crossed[0]!.title })).toHaveCount(1);
    // The panel is below the charts: the element's own picture (Playwright scrolls it into view).
    await page.getByTestId('node-panel').locator('.node-bottom').screenshot({ path: 'tests/e2e/screenshots/monitor-node-alerts.png' });

    // A Skyport node: its API offers status and instance count only, and says so.
    const sky = worst.find((n) => n.provider === 'skyport')!;
    await page.getByTestId(`worst-node-${sky.name}`).click();
    await expect(page.getByTestId('node-title')).toHaveText(sky.name);
    await expect(page.getByTestId('partial-offer')).toContainText('not offered by the Skyport panel API');
    await expect(page.getByTestId('chart-online')).toBeVisible();

    await page.getByTestId(`worst-node-${nim.name}`).click();
    await page.getByTestId(`node-instance-${instances.rows[0]!.name}`).click();
    await expect(page).toHaveURL(/#\/fleet\?/);
    // The fleet opens scoped to the node's account, filtered to the instance's name.
    const name = instances.rows[0]!.name;
    await expect(page.getByTestId('cell-name').filter({ hasText: new RegExp(`^${name}$`) })).toHaveCount(1);
    await expect(page.getByTestId('row-count')).not.toHaveText(/^(5\d|6\d) instances/);
    await shot('monitor-instance-link');
  });

  test('the alert list follows the simulators, and the status bar shows the tray summary', async ({ page, harness, openApp, shot }) => {
    const demo = await harness.startDemo({ instances: 60, nodes: 8 });
    await harness.addDemoAccounts(demo);
    await harness.call('sync.refresh', undefined);
    harness.core.monitor.alerts.start();
    await openApp('/alerts');
    await expect(page.getByTestId('alerts-count')).toHaveText('0 alerts');
    for (let i = 0; i < 4; i++) {
      for (const sim of Object.values(demo.simulators)) sim.clock.tick(5);
      await harness.call('sync.refresh', undefined);
    }
    const alerts = await harness.call('alerts.list', { limit: 500 });
    expect(alerts.total).toBeGreaterThan(0);
    await expect(page.getByTestId('alerts-count')).toHaveText(`${alerts.total} ${alerts.total === 1 ? 'alert' : 'alerts'}`);
    await expect(page.getByTestId('alert-list')).toContainText(alerts.rows[0]!.title);
    await expect(page.getByTestId('status-tray')).toContainText('5 accounts');
    await shot('alerts');

    // Subscriptions saved from the form reach the core.
    await page.getByTestId('sub-threshold').click();
    await page.getByTestId('save-notify').click();
    await expect.poll(async () => (await harness.call('monitor.settings', undefined)).subscriptions['*']).not.toContain('threshold');

    // Each account's effective refresh interval is on the Accounts view.
    await page.getByTestId('nav-accounts').click();
    await expect(page.getByTestId('effective-interval').first()).toHaveText(/^every \d+ (s|min|h)/);

    // A notification's route (app.navigate from the shell) opens the node in the Monitoring view.
    const node = (await harness.call('monitor.worstNodes', { limit: 5 })).find((n) => n.provider === 'nim')!;
    harness.core.events.emit({ type: 'app.navigate', route: `/monitor?account=${node.accountId}&node=${node.nodeId}` });
    await expect(page.getByTestId('node-title')).toHaveText(node.name);
  });

  test('settings another process changes reach the open Notifications panel within seconds', async ({ page, harness, openApp }) => {
    // The app's monitor running (as the shell starts it), and a second core on the same file: what the CLI is.
    harness.core.monitor.start();
    await openApp('/alerts');
    await expect(page.getByTestId('quiet-start').locator('input')).toHaveValue('22:00');
    const other = createCore({ dataDir: path.dirname(harness.core.database.file), secretStore: new MemorySecretStore(), surface: 'cli' });
    try {
      const changedAt = Date.now();
      const res = await other.dispatch('monitor.updateSettings', { quietHours: { enabled: true, start: '21:15', end: '06:30' }, unreachableMinutes: 33 });
      expect(res.ok).toBe(true);
      // The settings check runs every 2 s; well before the monitor's 60 s round.
      await expect(page.getByTestId('quiet-start').locator('input')).toHaveValue('21:15', { timeout: 5_000 });
      expect(Date.now() - changedAt).toBeLessThan(5_000);
      await expect(page.getByTestId('unreachable-minutes').locator('input')).toHaveValue('33');
      await expect(page.getByTestId('settings-changed-elsewhere')).toHaveCount(0);
    } finally {
      await other.close();
    }
  });

  test.describe('small window, dark', () => {
    test.use({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' });
    test('monitoring and alerts at 1024×700 in the dark theme', async ({ page, harness, openApp, shot }) => {
      const demo = await harness.startDemo({ instances: 40, nodes: 6 });
      await harness.addDemoAccounts(demo);
      await harness.call('sync.refresh', undefined);
      await harness.call('monitor.collect', undefined);
      const nim = (await harness.call('monitor.worstNodes', { limit: 20 })).find((n) => n.provider === 'nim' && n.status === 'online')!;
      await openApp(`/monitor?node=${encodeURIComponent(nim.nodeId)}&nodeAccount=${encodeURIComponent(nim.accountId)}`);
      await expect(page.getByTestId('chart-cpu').locator('canvas')).toHaveCount(1);
      await shot('dark-1024-monitor');
      await openApp('/alerts');
      await expect(page.getByTestId('notify-settings')).toBeVisible();
      await shot('dark-1024-alerts');
    });
  });
});
