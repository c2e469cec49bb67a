import { expect, test } from './harness';
import { fill, input } from './ui';

test.describe('instance and node details', () => {
  test('an EveryPoint rename moves the identity: the drawer and the selection follow the object', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    const sim = await harness.startSimulator('everypoint', { instances: 5 });
    const account = await harness.addAccount(sim, { name: 'EveryPoint scans' });
    await harness.call('sync.refresh', { accountId: account.id });
    await harness.startSync();
    const victim = (await harness.call('instances.query', { offset: 1, limit: 1 })).rows[0];

    await openApp('/fleet');
    await page.locator('.vtable-row:not(.placeholder)').nth(1).click();
    const drawer = page.getByTestId('detail-drawer');
    await expect(drawer.getByTestId('detail-title')).toHaveText(victim.name);
    await drawer.getByTestId('action-rename').click();

    // The name rule is checked as you type; nothing is sent while it is broken.
    const form = page.getByTestId('action-form');
    await fill(form, 'param-name', 'Bad Name!');
    await expect(form.getByTestId('field-name')).toContainText('lower-case letters, digits and dashes');
    const calls = harness.pageCalls.length;
    await form.getByTestId('param-submit').click();
    await expect(form).toBeVisible();
    expect(harness.pageCalls.slice(calls).some((c) => c.channel === 'instances.act')).toBe(false);
    await shot('drawer-rename-invalid');

    await fill(form, 'param-name', 'zz-renamed-scan');
    await form.getByTestId('param-submit').click();
    await expect(form).toBeHidden();
    await expect(drawer.getByTestId('detail-title')).toHaveText('zz-renamed-scan');
    await expect(drawer.getByTestId('detail-error')).toHaveCount(0);
    await expect(drawer.getByTestId('detail-fields')).toContainText('/instances/zz-renamed-scan');
    await expect(drawer.getByTestId('action-rename')).toBeEnabled();
    // The selection moved with it (the renamed object sorts last now).
    await expect(page.locator('.vtable-row.selected').getByTestId('cell-name')).toHaveText('zz-renamed-scan');
    await drawer.locator('.n-tabs-tab[data-name="activity"]').click();
    await expect(drawer.getByTestId('detail-result').first()).toContainText('Rename · done');
    await expect(drawer.getByTestId('activity-slot')).toBeVisible();
    await shot('drawer-renamed');
  });

  test('Skyport: a product overview with units, the node link to its instances, history and the raw object', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    const sim = await harness.startSimulator('skyport', { instances: 8, nodes: 2 });
    const account = await harness.addAccount(sim, { name: 'Skyport EU', environment: 'staging' });
    await harness.call('sync.refresh', { accountId: account.id });
    const target = (await harness.call('instances.query', { offset: 0, limit: 1 })).rows[0];
    // A status change the next sync sees goes into the history.
    await harness.call('instances.act', { accountId: account.id, id: target.id, action: 'suspend' });
    await harness.call('sync.refresh', { accountId: account.id });
    const users = await harness.call('instances.options', { accountId: account.id, list: 'users' });
    expect(users.length).toBeGreaterThan(0);
    expect(JSON.stringify(users)).not.toContain('$2b$');

    await openApp('/fleet');
    await page.locator('.vtable-row:not(.placeholder)').first().click();
    const drawer = page.getByTestId('detail-drawer');
    await expect(drawer.getByTestId('detail-title')).toHaveText(target.name);
    const fields = drawer.getByTestId('detail-fields');
    await expect(fields).toContainText('Docker image');
    await expect(fields).toContainText(/Memory\s*\d+(\.\d)? (MB|GB)/);
    await expect(fields).toContainText(/CPU\s*\d+ cores?/);
    // The owner is named from the panel's users, not shown as a UUID.
    const owner = users.find((u) => JSON.stringify(target.labels).includes(u.id));
    if (owner) await expect(fields).toContainText(owner.name);
    await shot('drawer-skyport-overview');

    await drawer.locator('.n-tabs-tab[data-name="history"]').click();
    await expect(drawer.getByTestId('history-item').first()).toContainText(`${target.status} → suspended`);
    await drawer.locator('.n-tabs-tab[data-name="raw"]').click();
    await expect(drawer.getByTestId('detail-raw')).toContainText('"Image"');
    await expect(drawer.getByTestId('detail-raw')).not.toContainText('$2b$');

    // Node → node detail with its instances → back to an instance.
    await drawer.locator('.n-tabs-tab[data-name="overview"]').click();
    await drawer.locator(`[data-testid="link-node-${target.nodeId}"]`).click();
    await expect(page.getByTestId('view-title')).toHaveText('Nodes');
    const nodeDrawer = page.getByTestId('detail-drawer');
    await expect(nodeDrawer.getByTestId('node-instances')).toContainText(target.name);
    await shot('drawer-node-instances');
    await nodeDrawer.getByTestId(`node-instance-${target.id}`).click();
    await expect(page.getByTestId('view-title')).toHaveText('Fleet');
    await expect(page.getByTestId('detail-drawer').getByTestId('detail-title')).toHaveText(target.name);
  });

  test('Kianda: "completed" is its own state, and the edit is a form of named fields against the version shown', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    const sim = await harness.startSimulator('kianda', { instances: 12 });
    const account = await harness.addAccount(sim, { name: 'Kianda HR' });
    await harness.call('sync.refresh', { accountId: account.id });
    const completed = await harness.call('instances.query', { statuses: ['completed'], limit: 1 });
    expect(completed.total).toBeGreaterThan(0);
    expect(completed.rows[0].rawStatus).toBe('completed');
    const target = (await harness.call('instances.query', { statuses: ['running'], limit: 1 })).rows[0];
    const before = await harness.call('instances.get', { accountId: account.id, id: target.id });

    await openApp('/fleet');
    await fill(page, 'filter-text', target.name);
    await expect(page.getByTestId('row-count')).toHaveText('1 instance');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('detail-drawer');
    await expect(drawer.getByTestId('detail-title')).toHaveText(target.name);
    await drawer.getByTestId('action-update').click();
    const form = page.getByTestId('action-form');
    await expect(form.getByTestId('action-form-intro')).toContainText(`Editing version ${before.instance.version}`);
    const fieldNames = ((before.instance.raw as { fields: { fieldname: string }[] }).fields ?? []).map((f) => f.fieldname);
    expect(fieldNames.length).toBeGreaterThan(0);
    const edited = fieldNames[0];
    await expect(form.getByTestId(`field-${edited}`)).toBeVisible();
    await shot('drawer-kianda-edit');
    await input(form, `param-${edited}`).fill('edited from hangar');
    await form.getByTestId('param-submit').click();
    await expect(form).toBeHidden();
    const after = await harness.call('instances.get', { accountId: account.id, id: target.id });
    expect(Number(after.instance.version)).toBe(Number(before.instance.version) + 1);
    await expect(drawer.getByTestId('detail-fields')).toContainText('edited from hangar');
  });
});
