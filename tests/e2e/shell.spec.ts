import { expect, test } from './harness';

test.describe('app shell', () => {
  test('sidebar, header, status bar and the first-run empty states', async ({ page, openApp, shot }) => {
    await openApp('/fleet');
    const nav = page.getByRole('navigation', { name: 'Views' });
    for (const name of ['Fleet', 'Nodes', 'Monitoring', 'Configs', 'Activity', 'Alerts', 'Accounts', 'Settings']) {
      await expect(nav.getByRole('link', { name: new RegExp(`^${name}`) })).toBeVisible();
    }
    await expect(page.getByTestId('view-title')).toHaveText('Fleet');
    await expect(page.getByTestId('sync-line')).toHaveText('No accounts');
    await expect(page.getByTestId('refresh-all')).toBeDisabled();
    await expect(page.getByTestId('status-bar')).toContainText('No accounts');
    await expect(page.getByTestId('empty-state')).toContainText('No accounts yet');
    await shot('fleet-empty');

    await page.getByTestId('go-add-account').click();
    await expect(page.getByTestId('view-title')).toHaveText('Accounts');
    await expect(page.getByTestId('account-drawer')).toBeVisible();
  });

  test('keyboard: Ctrl+1…8 switch views, / focuses the search box', async ({ page, openApp, shot }) => {
    await openApp('/fleet');
    const titles = ['Fleet', 'Nodes', 'Monitoring', 'Configs', 'Activity', 'Alerts', 'Accounts', 'Settings'];
    for (const [i, title] of titles.entries()) {
      await page.keyboard.press(`Control+${i + 1}`);
      await expect(page.getByTestId('view-title')).toHaveText(title);
      await shot(`view-${title.toLowerCase()}-empty`);
    }
    await page.keyboard.press('Control+1');
    await page.locator('body').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('/');
    await expect(page.getByRole('searchbox', { name: 'Search instances' })).toBeFocused();
  });

  test('placeholder views say what will come, Settings shows the installation', async ({ page, openApp }) => {
    await openApp('/configs');
    await expect(page.getByTestId('no-config-accounts')).toContainText('No account in this scope serves configs');
    await openApp('/activity');
    await expect(page.getByTestId('activity-view')).toContainText('No activity yet');
    await openApp('/settings');
    await expect(page.getByTestId('settings-view')).toContainText('0.1.0-e2e');
    await expect(page.getByTestId('settings-view')).toContainText('memory');
  });

  test('the console guard sees a CSP violation (inline script blocked)', async ({ page, openApp, consoleGuard }) => {
    await openApp('/fleet');
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => consoleGuard.problems.some((p) => /Content Security Policy|CSP violation/i.test(p))).toBe(true);
    expect(consoleGuard.accept(/Content Security Policy|CSP violation/i)).toBeGreaterThan(0);
  });
});
