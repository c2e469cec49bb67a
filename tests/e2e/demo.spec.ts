import { expect, test } from './harness';

test('the demo environment: every supported provider in one fleet', async ({ page, harness, openApp, shot }) => {
  test.setTimeout(120_000);
  const demo = await harness.startDemo({ instances: 200, nodes: 8 });
  const { added } = await harness.addDemoAccounts(demo);
  expect(added.length).toBeGreaterThanOrEqual(3);
  await openApp('/fleet');
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('row-count')).toContainText('instances');
  await expect(page.getByTestId('status-bar')).toContainText(`${added.length} ok`);
  const total = (await harness.call('instances.query', { offset: 0, limit: 1 })).total;
  expect(total).toBeGreaterThan(0);
  await expect(page.getByTestId('row-count')).toHaveText(`${total.toLocaleString('en-US')} instances`);
  await expect(page.getByTestId('status-bar')).toContainText(`${added.length} accounts`);
  await shot('demo-fleet');
  // Provider is an icon beside the account now; the account column sorts.
  await page.getByTestId('th-account').click();
  await expect(page.locator('.vtable-row:not(.placeholder)').first()).toBeVisible();
  await openApp('/nodes');
  await shot('demo-nodes');
  await openApp('/accounts');
  for (const account of added) await expect(page.getByTestId(`account-row-${account.name}`)).toBeVisible();
  await shot('demo-accounts');
});
