import { expect, test } from './harness';
import { choose, closeDropdown, fill, input } from './ui';

test.describe('fleet', () => {
  test('synced data from simulators: sync now, filters, sort, detail drawer, an action', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    const skyport = await harness.startSimulator('skyport', { instances: 40, nodes: 4 });
    const everypoint = await harness.startSimulator('everypoint', { instances: 12 });
    await harness.addAccount(skyport, { name: 'Skyport EU' });
    await harness.addAccount(everypoint, { name: 'EveryPoint prod', environment: 'prod' });

    await openApp('/fleet');
    await expect(page.getByTestId('empty-state')).toContainText('Not synced yet');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('row-count')).toHaveText('52 instances');
    await expect(page.getByTestId('status-bar')).toContainText('2 ok');
    await expect(page.getByTestId('status-chip-' + (await harness.call('accounts.list', undefined))[0].id)).toBeVisible();
    const rows = page.locator('.vtable-row:not(.placeholder)');
    await expect(rows.first()).toBeVisible();
    await shot('fleet-synced');

    // Free text, as you type (debounced), over name/id/address.
    const first = await harness.call('instances.query', { offset: 0, limit: 1, providers: ['skyport'] });
    const target = first.rows[0];
    await fill(page, 'filter-text', target.name);
    await expect(page.getByTestId('row-count')).toHaveText('1 instance');
    await expect(rows.first().getByTestId('cell-name')).toHaveText(target.name);
    await fill(page, 'filter-text', 'no-such-instance-anywhere');
    await expect(page.getByTestId('empty-state')).toContainText('No instances match these filters');
    await shot('fleet-no-match');
    await page.getByTestId('empty-clear-filters').click();
    await expect(page.getByTestId('row-count')).toHaveText('52 instances');

    // Provider and environment filters.
    await choose(page, 'filter-provider', 'EveryPoint');
    await closeDropdown(page);
    await expect(page.getByTestId('row-count')).toHaveText('12 instances');
    await choose(page, 'filter-environment', 'dev');
    await closeDropdown(page);
    await expect(page.getByTestId('empty-state')).toContainText('No instances match');
    await page.getByTestId('clear-filters').click();
    await expect(page.getByTestId('row-count')).toHaveText('52 instances');

    // Sort by name, descending: the first row is the last name.
    const lastByName = (await harness.call('instances.query', { offset: 0, limit: 1, sort: 'name', sortDir: 'desc' })).rows[0];
    await page.getByTestId('th-name').click();
    await expect(rows.first().getByTestId('cell-name')).toHaveText(lastByName.name);
    await page.getByTestId('th-name').click();

    // Keyboard: arrows move the selection, Enter opens the detail, Esc closes it.
    await page.getByTestId('vtable-body').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('.vtable-row.selected')).toHaveAttribute('data-index', '1');
    const secondName = await page.locator('.vtable-row.selected').getByTestId('cell-name').innerText();
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('detail-drawer');
    await expect(drawer.getByTestId('detail-title')).toHaveText(secondName);
    // The raw API object is folded away in its own tab.
    await drawer.locator('.n-tabs-tab[data-name="raw"]').click();
    await expect(drawer.getByTestId('detail-raw')).toContainText('"');
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();

    // A Skyport instance: its capabilities allow suspend and delete; suspend asks first (dev: no typed name).
    await fill(page, 'filter-text', target.name);
    await expect(page.getByTestId('row-count')).toHaveText('1 instance');
    await rows.first().click();
    await expect(drawer.getByTestId('detail-title')).toHaveText(target.name);
    await expect(drawer.getByTestId('detail-source')).toContainText('live');
    await expect(drawer.getByTestId('action-suspend')).toBeVisible();
    await expect(drawer.getByTestId('action-delete')).toBeVisible();
    await expect(drawer.getByTestId('action-create')).toHaveCount(0);
    await shot('fleet-detail');
    await drawer.getByTestId('action-suspend').click();
    await expect(page.getByTestId('confirm-type')).toHaveCount(0);
    await page.getByTestId('confirm-ok').click();
    await expect(drawer.getByTestId('detail-fields')).toContainText('suspended');
    await expect(drawer.getByTestId('action-unsuspend')).toBeVisible();
  });

  test('a prod instance asks for its name before a destructive action', async ({ page, harness, openApp, shot }) => {
    const everypoint = await harness.startSimulator('everypoint', { instances: 3 });
    const account = await harness.addAccount(everypoint, { name: 'EveryPoint prod', environment: 'prod' });
    await harness.call('sync.refresh', { accountId: account.id });
    const [protectedOne, victim] = (await harness.call('instances.query', { offset: 0, limit: 2 })).rows;

    await openApp('/fleet');
    const rows = page.locator('.vtable-row:not(.placeholder)');
    const drawer = page.getByTestId('detail-drawer');

    // EveryPoint refuses to delete its default instance: the typed error shows in the confirmation.
    await rows.first().click();
    await expect(drawer.getByTestId('detail-title')).toHaveText(protectedOne.name);
    await drawer.getByTestId('action-delete').click();
    await expect(page.getByTestId('confirm-ok')).toBeDisabled();
    await input(page, 'confirm-type').fill(protectedOne.name);
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('confirm-modal')).toContainText('FORBIDDEN');
    await shot('fleet-delete-refused');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();

    await rows.nth(1).click();
    await expect(drawer.getByTestId('detail-title')).toHaveText(victim.name);
    await drawer.getByTestId('action-delete').click();
    await expect(page.getByTestId('confirm-ok')).toBeDisabled();
    await input(page, 'confirm-type').fill(victim.name);
    await shot('fleet-delete-prod-confirm');
    await page.getByTestId('confirm-ok').click();
    await expect(drawer).toBeHidden();
    await harness.call('sync.refresh', { accountId: account.id });
    await expect(page.getByTestId('row-count')).toHaveText('2 instances');
  });

  test('20,000 instances: rows are fetched by window and appear at the end of the list', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    test.setTimeout(120_000);
    const sim = await harness.startSimulator('skyport', { instances: 20_000, nodes: 8 });
    const account = await harness.addAccount(sim, { name: 'Big panel' });
    await harness.call('sync.refresh', { accountId: account.id });
    const last = (await harness.call('instances.query', { offset: 19_999, limit: 1 })).rows[0];

    await openApp('/fleet');
    await expect(page.getByTestId('row-count')).toHaveText('20,000 instances');

    const body = page.getByTestId('vtable-body');
    const started = Date.now();
    await body.evaluate((el) => (el.scrollTop = el.scrollHeight));
    const lastRow = page.locator('.vtable-row[data-index="19999"]');
    await expect(lastRow.getByTestId('cell-name')).toHaveText(last.name);
    expect(Date.now() - started).toBeLessThan(4_000);
    // Only a window of rows is in the DOM, and the renderer cached only a few pages.
    expect(await page.locator('.vtable-row').count()).toBeLessThan(60);
    const queries = harness.pageCalls
      .filter((c) => c.channel === 'instances.query')
      .map((c) => c.input as { offset: number; limit: number });
    expect(queries.every((q) => q.limit <= 100)).toBe(true);
    expect(queries.length).toBeLessThan(10);
    expect(queries.some((q) => q.offset >= 19_900)).toBe(true);
    await shot('fleet-20k-end');

    await page.keyboard.press('Home');
    await body.focus();
    await page.keyboard.press('End');
    await expect(page.locator('.vtable-row.selected')).toHaveAttribute('data-index', '19999');
  });

  test('auth failed and offline accounts are told apart, with a link to fix the account', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    const good = await harness.startSimulator('skyport', { instances: 5 });
    const broken = await harness.startSimulator('everypoint', { instances: 4 });
    const gone = await harness.startSimulator('zesty', { instances: 3 });
    await harness.addAccount(good, { name: 'Skyport ok' });
    const brokenAccount = await harness.addAccount(broken, { name: 'EveryPoint key rotated' });
    const goneAccount = await harness.addAccount(gone, { name: 'Zesty down' });
    await harness.call('sync.refresh', {});
    await harness.call('accounts.update', {
      id: brokenAccount.id,
      secrets: { password: 'rotated-elsewhere' },
      verify: false,
    });
    await gone.close();
    await harness.call('sync.refresh', {});
    expect((await harness.call('sync.status', undefined)).find((s) => s.accountId === goneAccount.id)?.state).toBe('offline');

    await openApp('/fleet');
    await expect(page.getByTestId('notice-auth_failed')).toContainText('EveryPoint key rotated');
    await expect(page.getByTestId('notice-offline')).toContainText('Zesty down');
    await expect(page.getByTestId('status-bar')).toContainText('auth failed');
    await expect(page.getByTestId('status-bar')).toContainText('offline');
    await expect(page.getByTestId('stale-badge')).toContainText('stale');
    await shot('fleet-problems');

    await page.getByTestId('fix-account').click();
    await expect(page.getByTestId('view-title')).toHaveText('Accounts');
    await expect(page.getByTestId('account-drawer')).toBeVisible();
    await expect(input(page, 'field-name')).toHaveValue('EveryPoint key rotated');
  });
});
