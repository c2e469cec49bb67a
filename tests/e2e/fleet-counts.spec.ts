import type { SkyportSimulator } from '../../electron/simulators/skyport';
import { expect, test } from './harness';

test('a forced Skyport delete: the sidebar’s counts and the tray summary drop at once, without a sync', async ({ page, harness, openApp, shot }) => {
  const sim = (await harness.startSimulator('skyport', { instances: 4, nodes: 2, rateLimit: false, installMs: 3_600_000 } as never)) as SkyportSimulator;
  sim.store.settle(Number.POSITIVE_INFINITY);
  const account = await harness.addAccount(sim, { name: 'Skyport EU', environment: 'dev' });
  await harness.call('sync.refresh', { accountId: account.id });
  const node = (await harness.call('nodes.query', { limit: 10 })).rows.find((n) => n.status === 'online')!;
  const [user] = await harness.call('instances.options', { accountId: account.id, list: 'users' });
  const deploy = (name: string, port: number) =>
    harness.call('instances.act', {
      accountId: account.id,
      action: 'deploy',
      params: { name, image: 'ghcr.io/skyportlabs/images:java21', imagename: 'Paper', nodeId: node.id, user: user.id, memory: '1024', cpu: '1', ports: `25565:${port}`, primary: String(port) },
    });
  const other = (await deploy('aa-install-one', 31001)).instance!;
  const target = (await deploy('aa-install-two', 31002)).instance!;
  await harness.call('sync.refresh', { accountId: account.id });

  // No scheduler runs in this test: only an action can change the counts.
  await openApp('/fleet');
  const sidebarCount = page.getByTestId(`scope-account-${account.id}`).locator('.scope-count');
  await expect(sidebarCount).toHaveText('6');
  await expect(page.getByTestId('scope-all').locator('.scope-count')).toHaveText('6');
  await expect(page.getByTestId('scope-env-dev').locator('.scope-count')).toHaveText('6');

  await page.locator('.vtable-row:not(.placeholder)', { has: page.getByTestId('cell-name').getByText(target.name, { exact: true }) }).click();
  const drawer = page.getByTestId('detail-drawer');
  await drawer.getByTestId('action-delete').click();
  const modal = page.getByTestId('confirm-modal');
  await modal.getByTestId('confirm-ok').click();
  const callsBefore = harness.pageCalls.length;
  const eventsBefore = harness.events.length;
  await modal.getByTestId('confirm-force').click();
  await expect(drawer).toBeHidden();

  // Both are gone from the panel; every count says so now.
  await expect(page.getByTestId('row-count')).toHaveText('4 instances');
  await expect(sidebarCount).toHaveText('4');
  await expect(page.getByTestId('scope-all').locator('.scope-count')).toHaveText('4');
  await expect(page.getByTestId('scope-env-dev').locator('.scope-count')).toHaveText('4');
  // And they stay so after the status re-read the event triggers (it used to bring the old count back).
  await expect.poll(() => harness.pageCalls.slice(callsBefore).some((c) => c.channel === 'sync.status')).toBe(true);
  await page.waitForTimeout(600);
  await expect(sidebarCount).toHaveText('4');
  const status = (await harness.call('sync.status', undefined)).find((s) => s.accountId === account.id)!;
  expect(status.instanceCount).toBe(4);
  const summary = await harness.call('monitor.summary', undefined);
  expect(summary.accounts.find((a) => a.accountId === account.id)?.instances).toBe(4);
  // No sync ran meanwhile.
  expect(harness.pageCalls.slice(callsBefore).some((c) => c.channel === 'sync.refresh')).toBe(false);
  expect(harness.events.slice(eventsBefore).some((e) => e.type === 'sync.state' && e.state === 'syncing')).toBe(false);
  expect(new Set(sim.store.listInstances().map((i) => i.Id)).has(other.id)).toBe(false);
  await shot('counts-after-forced-delete');
});
