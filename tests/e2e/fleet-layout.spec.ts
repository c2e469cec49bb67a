import type { Page } from '@playwright/test';
import { expect, test, type Harness } from './harness';

/** A fleet with every kind of state: three environments, a production account, one offline. */
async function mixedFleet(harness: Harness) {
  const skyport = await harness.startSimulator('skyport', { instances: 40, nodes: 3 });
  const everypoint = await harness.startSimulator('everypoint', { instances: 6 });
  const kianda = await harness.startSimulator('kianda', { instances: 8 });
  const zesty = await harness.startSimulator('zesty', { instances: 5 });
  await harness.addAccount(skyport, { name: 'Skyport EU panel', environment: 'staging' });
  await harness.addAccount(everypoint, { name: 'EveryPoint live', environment: 'prod' });
  await harness.addAccount(kianda, { name: 'Kianda HR' });
  const gone = await harness.addAccount(zesty, { name: 'Zesty sites' });
  await harness.call('sync.refresh', {});
  await zesty.close();
  await harness.call('sync.refresh', { accountId: gone.id });
}

async function noPageOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    viewW: window.innerWidth,
    viewH: window.innerHeight,
  }));
  expect(overflow.width).toBeLessThanOrEqual(overflow.viewW);
  expect(overflow.height).toBeLessThanOrEqual(overflow.viewH);
}

test.describe('layout', () => {
  test.use({ viewport: { width: 1024, height: 700 } });

  test('1024 × 700: the filter bar wraps, every column fits, a widened table scrolls sideways with its header, nothing is cut off', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    await mixedFleet(harness);
    await openApp('/fleet');
    await expect(page.getByTestId('row-count')).toHaveText('59 instances');
    await noPageOverflow(page);
    // Every filter control is inside the window.
    for (const id of ['filter-text', 'filter-status', 'filter-environment', 'filter-provider', 'filter-account', 'column-chooser', 'new-instance']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x + box.width, id).toBeLessThanOrEqual(1024);
    }
    // Compact rows: at most 28 px.
    const rowHeight = await page.locator('.vtable-row').first().evaluate((el) => el.getBoundingClientRect().height);
    expect(rowHeight).toBeLessThanOrEqual(28);
    // Every column fits beside the sidebar at 1024 px; widened by dragging a header's edge, the table scrolls sideways with its header.
    const body = page.getByTestId('vtable-body');
    const widths = () => body.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect((await widths()).scroll).toBeLessThanOrEqual((await widths()).client);
    await expect(page.getByTestId('th-updatedAt')).toBeInViewport({ ratio: 1 });
    await shot('layout-1024-fleet');
    const handle = page.getByTestId('resize-name');
    const before = (await page.getByTestId('th-name').boundingBox())!.width;
    const h = (await handle.boundingBox())!;
    await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
    await page.mouse.down();
    await page.mouse.move(h.x + 80, h.y + h.height / 2, { steps: 4 });
    await page.mouse.up();
    expect((await page.getByTestId('th-name').boundingBox())!.width).toBeGreaterThan(before + 40);
    expect((await widths()).scroll).toBeGreaterThan((await widths()).client);
    await body.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    await expect.poll(() => page.locator('.vtable-head-wrap').evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await expect(page.getByTestId('th-updatedAt')).toBeInViewport();
    await shot('layout-1024-scrolled');
    await body.evaluate((el) => (el.scrollLeft = 0));

    await page.locator('.vtable-row:not(.placeholder)').first().click();
    await expect(page.getByTestId('detail-title')).toBeVisible();
    await shot('layout-1024-drawer');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-nodes').click();
    await expect(page.getByTestId('row-count')).toHaveText('3 nodes');
    await noPageOverflow(page);
    await shot('layout-1024-nodes');
  });
});

test.describe('themes', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test.describe(scheme, () => {
      test.use({ colorScheme: scheme });
      test(`${scheme}: fleet with states, scope, drawer, palette and a form`, async ({ page, harness, openApp, shot }) => {
        await mixedFleet(harness);
        await openApp('/fleet');
        await expect(page.getByTestId('row-count')).toHaveText('59 instances');
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        if (scheme === 'dark') expect(background).not.toBe('rgb(255, 255, 255)');
        else expect(background).toBe('rgb(255, 255, 255)');
        await expect(page.getByTestId('row-mark').first()).toBeVisible();
        await shot(`theme-${scheme}-fleet`);
        await page.getByTestId('scope-env-prod').click();
        await expect(page.getByTestId('prod-in-scope')).toHaveText('PRODUCTION');
        // The offline dev account is out of scope: its notice is not shown here.
        await expect(page.getByTestId('notice-offline')).toHaveCount(0);
        await shot(`theme-${scheme}-prod-scope`);
        await page.locator('.vtable-row:not(.placeholder)').first().click();
        await expect(page.getByTestId('detail-title')).toBeVisible();
        await shot(`theme-${scheme}-drawer`);
        await page.keyboard.press('Escape');
        await page.getByTestId('scope-all').click();
        await page.keyboard.press('Control+k');
        await page.keyboard.type('sky');
        await expect(page.getByTestId('palette')).toBeVisible();
        await shot(`theme-${scheme}-palette`);
        await page.keyboard.press('Escape');
        await page.getByTestId('new-instance').click();
        await page.locator('.n-dropdown-option', { hasText: 'Create on EveryPoint live' }).click();
        await page.getByTestId('action-form').getByTestId('param-name').locator('input').fill('Bad Name');
        await shot(`theme-${scheme}-form`);
      });
    });
  }
});
