import type { Page } from '@playwright/test';
import { expect, test, type Harness } from './harness';

/**
 * The detail drawer's Alerts tab: the simulator's clock moves an instance's state, the next sync sees
 * it, and the alert appears in the open drawer (live, by event), open while the instance stays down.
 */
async function setup(harness: Harness, page: Page, openApp: (route?: string) => Promise<void>) {
  // One Zesty instance: each clock change toggles it (cancelled ↔ running).
  const sim = await harness.startSimulator('zesty', { instances: 1 });
  const account = await harness.addAccount(sim, { name: 'Zesty sites', environment: 'prod' });
  await harness.call('sync.refresh', { accountId: account.id });
  harness.core.monitor.alerts.start();
  const target = (await harness.call('instances.query', { offset: 0, limit: 1 })).rows[0]!;

  await openApp('/fleet');
  await page.locator('.vtable-row:not(.placeholder)').first().click();
  const drawer = page.getByTestId('detail-drawer');
  await expect(drawer.getByTestId('detail-title')).toHaveText(target.name);
  await drawer.locator('.n-tabs-tab[data-name="alerts"]').click();
  return { sim, account, target, drawer };
}

test.describe('alerts in the detail drawer', () => {
  test('a state change the simulator makes shows in the open drawer, open, then resolved; linked to the Alerts view', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    const { sim, account, target, drawer } = await setup(harness, page, openApp);
    await expect(drawer.getByTestId('object-alerts-empty')).toBeVisible();
    await shot('drawer-alerts-empty');

    sim.clock.tick(1);
    await harness.call('sync.refresh', { accountId: account.id });
    const raised = await harness.call('alerts.list', { accountIds: [account.id], targetKind: 'instance', targetIds: [target.id] });
    expect(raised.total).toBe(1);
    const first = raised.rows[0]!;
    const item = drawer.getByTestId('object-alert');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(first.title);
    await expect(item).toContainText(first.kind);
    if (first.severity === 'info') {
      // The seed had it cancelled: it came back, a recovery is never open.
      await expect(item).toHaveAttribute('data-state', 'resolved');
    } else {
      await expect(item).toHaveAttribute('data-state', 'open');
      await expect(item).toContainText('open since');
      await expect(drawer.locator('.n-tabs-tab[data-name="alerts"]')).toHaveText('Alerts (1)');
    }
    // The header is read again on the object's status change: it says what the alert says.
    const moved = (await harness.call('instances.query', { offset: 0, limit: 1 })).rows[0]!;
    expect(moved.status).not.toBe(target.status);
    await expect(drawer.getByTestId('detail-status')).toHaveText(moved.status);
    await shot('drawer-alerts-raised');

    // Back the other way: a second alert, and whichever was open is now resolved.
    sim.clock.tick(1);
    await harness.call('sync.refresh', { accountId: account.id });
    await expect(drawer.getByTestId('object-alert')).toHaveCount(2);
    const now = await harness.call('alerts.list', { accountIds: [account.id], targetIds: [target.id] });
    const open = now.rows.filter((a) => a.state === 'open').length;
    await expect(drawer.locator('[data-testid="object-alert"][data-state="open"]')).toHaveCount(open);
    await expect(drawer.getByTestId('object-alert').first()).toContainText(now.rows[0]!.title);
    await shot('drawer-alerts-second');

    // "Open in Alerts": the Alerts view, filtered to this instance.
    await drawer.getByTestId('object-alerts-link').click();
    await expect(page.getByTestId('view-title')).toHaveText('Alerts');
    await expect(page.getByTestId('alerts-about')).toContainText(target.name);
    await expect(page.getByTestId('alerts-count')).toHaveText('2 alerts');
    await shot('drawer-alerts-in-alerts-view');
  });

  test.describe('small window, dark', () => {
    test.use({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' });
    test('the drawer’s alerts at 1024×700 in the dark theme', async ({ page, harness, openApp, shot }) => {
      const { sim, account, drawer } = await setup(harness, page, openApp);
      for (let i = 0; i < 3; i++) {
        sim.clock.tick(1);
        await harness.call('sync.refresh', { accountId: account.id });
      }
      await expect(drawer.getByTestId('object-alert')).toHaveCount(3);
      await shot('dark-1024-drawer-alerts');
    });
  });
});
