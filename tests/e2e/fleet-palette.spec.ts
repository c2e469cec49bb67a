import { expect, test } from './harness';

test.describe('command palette and keyboard', () => {
  test('the palette finds an instance among 100,000 and runs its action', async ({ page, harness, openApp, shot }) => {
    test.setTimeout(240_000);
    // 100,000 instances synced for real from a Zesty simulator, and a small Skyport panel whose instance is acted on.
    const big = await harness.startSimulator('zesty', { instances: 100_000 });
    const panel = await harness.startSimulator('skyport', { instances: 6, nodes: 2 });
    const bigAccount = await harness.addAccount(big, { name: 'Zesty estate' });
    const panelAccount = await harness.addAccount(panel, { name: 'Skyport EU' });
    await harness.call('sync.refresh', { accountId: bigAccount.id });
    await harness.call('sync.refresh', { accountId: panelAccount.id });
    const target = (await harness.call('instances.query', { accountIds: [panelAccount.id], statuses: ['running'], limit: 1 })).rows[0];
    expect((await harness.call('instances.query', { limit: 1 })).total).toBe(100_006);

    await openApp('/fleet');
    await expect(page.getByTestId('row-count')).toHaveText('100,006 instances');
    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('palette');
    await expect(palette).toBeVisible();
    await expect(page.getByTestId('palette-input')).toBeFocused();
    // Views with their shortcuts.
    await expect(palette.getByTestId('palette-view:nodes')).toContainText('Ctrl+2');
    await page.keyboard.type(target.name);
    const hit = palette.getByTestId(`palette-find:instances:${panelAccount.id}_${target.id}`);
    await expect(hit).toBeVisible();
    await expect(palette.locator('.palette-item').first()).toContainText(target.name);
    await shot('palette-find');
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('detail-drawer');
    await expect(drawer.getByTestId('detail-title')).toHaveText(target.name);

    // With the object open, the palette offers its actions.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('suspend');
    await expect(palette.locator('.palette-item').first()).toContainText(`Suspend ${target.name}`);
    await shot('palette-actions');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('confirm-modal')).toBeVisible();
    await page.getByTestId('confirm-ok').click();
    await expect(drawer.getByTestId('detail-fields')).toContainText('suspended');
    const after = await harness.call('instances.get', { accountId: panelAccount.id, id: target.id });
    expect(after.instance.status).toBe('suspended');
  });

  test('keyboard only: from launch to a confirmed action, focus always visible and returned', async ({ page, harness, openApp, shot }) => {
    const sim = await harness.startSimulator('skyport', { instances: 12, nodes: 2 });
    const account = await harness.addAccount(sim, { name: 'Skyport EU' });
    await harness.call('sync.refresh', { accountId: account.id });
    const byName = (await harness.call('instances.query', { limit: 3, sort: 'name', sortDir: 'desc' })).rows;

    await openApp('/fleet');
    await expect(page.getByTestId('row-count')).toHaveText('12 instances');
    // `/` focuses the search; Esc clears it.
    await page.keyboard.press('/');
    const search = page.getByTestId('filter-text').locator('input');
    await expect(search).toBeFocused();
    await page.keyboard.type('zzz-nothing');
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(search).toHaveValue('');
    await expect(page.getByTestId('row-count')).toHaveText('12 instances');

    // Sortable headers take focus and sort with Enter.
    await page.getByTestId('th-name').focus();
    await expect(page.getByTestId('th-name')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('th-name')).toHaveAttribute('aria-sort', 'descending');
    await expect(page.locator('.vtable-row[data-index="0"]').getByTestId('cell-name')).toHaveText(byName[0].name);

    // ArrowDown from the search goes into the list; Enter opens; the drawer takes focus.
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('vtable-body')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('.vtable-row.selected')).toHaveAttribute('data-index', '1');
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('detail-drawer');
    await expect(drawer.getByTestId('detail-title')).toHaveText(byName[1].name);
    await expect(drawer.getByTestId('action-suspend')).toBeVisible();
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.n-drawer'))).toBe(true);

    // Tab to the action, Enter, then confirm with the keyboard.
    for (let i = 0; i < 8; i++) {
      if (await drawer.getByTestId('action-suspend').evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(drawer.getByTestId('action-suspend')).toBeFocused();
    await shot('keyboard-focus-action');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('confirm-modal')).toBeVisible();
    for (let i = 0; i < 6; i++) {
      if (await page.getByTestId('confirm-ok').evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(page.getByTestId('confirm-ok')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(drawer.getByTestId('detail-fields')).toContainText('suspended');
    expect((await harness.call('instances.get', { accountId: account.id, id: byName[1].id })).instance.status).toBe('suspended');

    // Esc closes the drawer and gives the focus back to the list.
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    await expect(page.getByTestId('vtable-body')).toBeFocused();
  });
});
