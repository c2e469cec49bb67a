import { expect, test } from './harness';
import { installingPair } from './skyport-installs';

test('a forced Skyport delete: the sidebar’s counts and the tray summary drop at once, without a sync', async ({ page, harness, openApp, shot }) => {
  const { sim, account, first: other, second: target } = await installingPair(harness);

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
