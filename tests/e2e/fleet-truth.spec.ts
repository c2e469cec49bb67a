import type { Page } from '@playwright/test';
import type { SkyportSimulator } from '../../electron/simulators/skyport';
import { expect, test } from './harness';
import { installingPair } from './skyport-installs';

/**
 * The Skyport panel's hazards as the user meets them in the fleet window (quirks on, the real core): an
 * instance without a container yet (installing) cannot be deleted without taking the other installing ones with
 * it, and suspending it flags another one. The window explains, offers the forced choice, and never shows a
 * mismatch as a success.
 */

async function openRow(page: Page, name: string) {
  await page.locator('.vtable-row:not(.placeholder)', { has: page.getByTestId('cell-name').getByText(name, { exact: true }) }).click();
  const drawer = page.getByTestId('detail-drawer');
  await expect(drawer.getByTestId('detail-title')).toHaveText(name);
  return drawer;
}

const listedIds = (sim: SkyportSimulator) => new Set(sim.store.listInstances().map((i) => i.Id));

for (const look of [
  { scheme: 'light' as const, width: 1280, height: 800, tag: 'light-1280' },
  { scheme: 'dark' as const, width: 1024, height: 700, tag: 'dark-1024' },
]) {
  test.describe(look.tag, () => {
    test.use({ colorScheme: look.scheme, viewport: { width: look.width, height: look.height } });

    test(`${look.tag}: installing instances — delete explained with the forced choice, suspend mismatch named, the activity log`, async ({
      page,
      harness,
      openApp,
      shot,
    }) => {
      // The panel flags the first list entry without a container: suspending the later one flags the earlier.
      const { sim, first: other, second: target } = await installingPair(harness);
      await openApp('/fleet');
      await expect(page.getByTestId('row-count')).toHaveText('6 instances');

      // Delete the installing one: the core refuses, the dialog explains and offers "Delete anyway".
      let drawer = await openRow(page, target.name);
      await drawer.getByTestId('action-delete').click();
      const modal = page.getByTestId('confirm-modal');
      await modal.getByTestId('confirm-ok').click();
      const hazard = modal.getByTestId('confirm-hazard');
      await expect(hazard).toContainText(`${target.name} is still installing`);
      await expect(hazard).toContainText(`would also remove 1 other installing instance: ${other.name}`);
      await expect(modal.getByTestId('confirm-force')).toHaveText('Delete anyway');
      await expect(page.locator('.n-message')).toHaveCount(0);
      await shot(`truth-${look.tag}-delete-hazard`);

      // Cancel: nothing deleted, nothing forced.
      await modal.getByRole('button', { name: 'Cancel' }).click();
      await expect(modal).toBeHidden();
      expect(listedIds(sim).has(target.id) && listedIds(sim).has(other.id)).toBe(true);
      expect(harness.pageCalls.some((c) => c.channel === 'instances.act' && (c.input as { params?: { force?: unknown } }).params?.force)).toBe(false);
      await expect(page.getByTestId('row-count')).toHaveText('6 instances');

      // Suspend it while two are installing: the panel flags the other one — a warning naming it, not a success.
      await drawer.getByTestId('action-suspend').click();
      await modal.getByTestId('confirm-ok').click();
      const toast = page.locator('.n-message');
      await expect(toast).toContainText(`Suspend ${target.name} not confirmed: the panel changed ${other.name} instead.`);
      await expect(page.locator('.n-message--success-type, .n-message .n-base-icon.n-message__icon--success-type')).toHaveCount(0);
      const warning = drawer.getByTestId('detail-warning');
      await expect(warning).toContainText(other.name);
      await expect(warning).toContainText('records disagree');
      await shot(`truth-${look.tag}-suspend-mismatch`);

      // The Actions tab: this window's results and the shared activity log for the object, live.
      await drawer.locator('.n-tabs-tab[data-name="activity"]').click();
      await expect(drawer.getByTestId('detail-result').first()).toContainText('Suspend · not a plain success');
      const entries = drawer.getByTestId('activity-entry');
      // Newest first: the suspend, the refused delete, and the deploy that created it.
      await expect(entries).toHaveCount(3);
      await expect(entries.nth(0)).toContainText('Suspend');
      await expect(entries.nth(0)).toContainText('not confirmed');
      await expect(entries.nth(0)).toContainText(`changed ${other.name} instead`);
      await expect(entries.nth(1)).toContainText('Delete');
      await expect(entries.nth(1)).toContainText('refused');
      await expect(entries.nth(1).getByTestId('activity-message')).toContainText('has no container yet');
      await expect(entries.nth(2)).toContainText('Deploy');
      await entries.nth(2).scrollIntoViewIfNeeded();
      await shot(`truth-${look.tag}-activity`);

      // The forced choice, taken: both go; the drawer closes and the rows leave the visible window.
      await drawer.getByTestId('action-delete').click();
      await modal.getByTestId('confirm-ok').click();
      await modal.getByTestId('confirm-force').click();
      await expect(modal).toBeHidden();
      await expect(drawer).toBeHidden();
      await expect(toast.last()).toContainText(`Deleted ${target.name}, but the panel also removed ${other.name}.`);
      await expect(page.getByTestId('row-count')).toHaveText('4 instances');
      // The selection does not pass to the row that took the deleted one's place.
      await expect(page.locator('.vtable-row.selected')).toHaveCount(0);
      await expect(page.getByTestId('cell-name').getByText(other.name, { exact: true })).toHaveCount(0);
      expect(listedIds(sim).has(target.id) || listedIds(sim).has(other.id)).toBe(false);
      await shot(`truth-${look.tag}-forced-delete`);
      drawer = page.getByTestId('detail-drawer');
      void drawer;
    });
  });
}

test('a node that still has instances: the delete is explained and offered only as "Delete anyway"', async ({ page, harness, openApp, shot }) => {
  const { sim, node } = await installingPair(harness);
  const on = (await harness.call('instances.query', { limit: 100 })).rows.filter((i) => i.nodeId === node.id);
  expect(on.length).toBeGreaterThan(0);
  await openApp('/nodes');
  await page.locator('.vtable-row:not(.placeholder)', { has: page.getByTestId('cell-name').getByText(node.name, { exact: true }) }).click();
  const drawer = page.getByTestId('detail-drawer');
  await expect(drawer.getByTestId('detail-title')).toHaveText(node.name);
  await drawer.getByTestId('action-delete').click();
  const modal = page.getByTestId('confirm-modal');
  await modal.getByTestId('confirm-ok').click();
  const hazard = modal.getByTestId('confirm-hazard');
  await expect(hazard).toContainText(`The node still has ${on.length} instance`);
  await expect(hazard).toContainText(on[0].name);
  await expect(modal.getByTestId('confirm-force')).toHaveText('Delete anyway');
  await shot('truth-node-hazard');
  await modal.getByRole('button', { name: 'Cancel' }).click();
  await expect(modal).toBeHidden();
  expect(sim.store.listNodes().some((n) => n?.id === node.id)).toBe(true);
});

test('the palette\'s Delete on an installing instance meets the same explanation and choice', async ({ page, harness, openApp }) => {
  const { sim, first, second } = await installingPair(harness);
  await openApp('/fleet');
  await openRow(page, first.name);
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('palette')).toBeVisible();
  await page.keyboard.type('delete');
  await page.getByTestId('palette-action:delete').click();
  const modal = page.getByTestId('confirm-modal');
  await modal.getByTestId('confirm-ok').click();
  await expect(modal.getByTestId('confirm-hazard')).toContainText(`would also remove 1 other installing instance: ${second.name}`);
  await modal.getByRole('button', { name: 'Cancel' }).click();
  await expect(modal).toBeHidden();
  expect(sim.store.listInstances().filter((i) => i.Id === first.id || i.Id === second.id)).toHaveLength(2);
});

test('in production the forced choice asks for the name again', async ({ page, harness, openApp, shot }) => {
  const { sim, first, second } = await installingPair(harness, 'prod');
  await openApp('/fleet');
  await openRow(page, second.name);
  await page.getByTestId('action-delete').click();
  const modal = page.getByTestId('confirm-modal');
  await page.getByTestId('confirm-type').locator('input').fill(second.name);
  await modal.getByTestId('confirm-ok').click();
  await expect(modal.getByTestId('confirm-hazard')).toContainText(first.name);
  // The typed name was for the plain delete; "Delete anyway" needs it again.
  await expect(page.getByTestId('confirm-type').locator('input')).toHaveValue('');
  await expect(modal.getByTestId('confirm-force')).toBeDisabled();
  await page.getByTestId('confirm-type').locator('input').fill(second.name);
  await expect(modal.getByTestId('confirm-force')).toBeEnabled();
  await shot('truth-prod-force');
  await modal.getByRole('button', { name: 'Cancel' }).click();
  await expect(modal).toBeHidden();
  expect(sim.store.listInstances().filter((i) => i.Id === first.id || i.Id === second.id)).toHaveLength(2);
});

test('the Actions tab follows the object across renames that move its identity (EveryPoint)', async ({ page, harness, openApp }) => {
  const sim = await harness.startSimulator('everypoint', { instances: 3 });
  const account = await harness.addAccount(sim, { name: 'EveryPoint scans' });
  await harness.call('sync.refresh', { accountId: account.id });
  // Not the first row: EveryPoint's "default" instance cannot be renamed.
  const victim = (await harness.call('instances.query', { offset: 1, limit: 1 })).rows[0];
  await openApp('/fleet');
  const drawer = await openRow(page, victim.name);
  for (const name of ['zz-moved-once', 'zz-moved-twice']) {
    await drawer.getByTestId('action-rename').click();
    const form = page.getByTestId('action-form');
    await form.getByTestId('param-name').locator('input').fill(name);
    await form.getByTestId('param-submit').click();
    await expect(form).toBeHidden();
    await expect(drawer.getByTestId('detail-title')).toHaveText(name);
  }
  await drawer.locator('.n-tabs-tab[data-name="activity"]').click();
  // Both renames, though the first was recorded under an id the object no longer has.
  const entries = drawer.getByTestId('activity-entry');
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText('zz-moved-twice');
  await expect(entries.nth(1)).toContainText('zz-moved-once');
});
