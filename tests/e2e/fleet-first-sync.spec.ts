import { expect, test } from './harness';

test.describe('a never-synced account’s first sync', () => {
  test('the list shows rows, marked as an incomplete first sync, while the pages still arrive', async ({ page, harness, openApp, shot }) => {
    // 1,200 instances in pages of 100, four at a time, each answered after 1.2 s: about five seconds of pages.
    const slow = await harness.startSimulator('nim', { instances: 1200, nodes: 2, nginx: false } as Parameters<typeof harness.startSimulator>[1]);
    const account = await harness.addAccount(slow, { name: 'Big NIM' });
    slow.server.faults.set({ latencyMs: 1_200 });

    await openApp('/fleet');
    await expect(page.getByTestId('empty-state')).toContainText('Not synced yet');
    await page.getByTestId('sync-now').click();

    // Rows are in the list while the sync is still running, and the progress says the listing is incomplete.
    const count = page.getByTestId('row-count');
    await expect(count).toHaveText(/^\d+ instances$/, { timeout: 15_000 });
    const midway = Number((await count.innerText()).split(' ')[0].replace(/,/g, ''));
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(1200);
    await expect(page.getByTestId(`sync-progress-${account.id}`)).toBeVisible();
    await expect(page.getByTestId('sync-progress')).toContainText('First sync in progress');
    await expect(page.getByTestId('sync-progress-count')).toContainText('so far');
    expect(await page.getByTestId('cell-name').count()).toBeGreaterThan(0);
    await expect(page.getByTestId('partial-badge')).toHaveText('incomplete · first sync');
    await shot('fleet-first-sync-partial');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('fleet-first-sync-partial-1024-dark');
    const partialEvents = harness.events.filter((e) => e.type === 'sync.changed' && e.partial).length;
    expect(partialEvents).toBeGreaterThan(0);

    // The list keeps filling, then the complete listing lands and the progress goes away.
    await expect(count).toHaveText('1,200 instances', { timeout: 30_000 });
    await expect(page.getByTestId('sync-progress')).toHaveCount(0);
    await expect(page.getByTestId('partial-badge')).toHaveCount(0);
    const status = await harness.call('sync.status', undefined);
    expect(status.find((s) => s.accountId === account.id)).toMatchObject({ state: 'ok', instanceCount: 1200 });
    expect(status.find((s) => s.accountId === account.id)?.firstSyncPartial).toBeUndefined();
  });
});
