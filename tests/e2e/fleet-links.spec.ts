import { expect, test } from './harness';

test.describe('drawer links: owner and image open the fleet filtered to them', () => {
  test.use({ colorScheme: 'dark', viewport: { width: 1024, height: 700 } });

  test('Skyport: owner → that owner’s instances, image → that image’s, each a removable chip; keyboard only', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    const sim = await harness.startSimulator('skyport', { instances: 24, nodes: 2 });
    const account = await harness.addAccount(sim, { name: 'Skyport EU', environment: 'staging' });
    // A second account with the same panel: the same user ids there are other people, never mixed in.
    await harness.addAccount(sim, { name: 'Skyport EU copy', environment: 'dev' });
    await harness.call('sync.refresh', {});
    const all = await harness.call('instances.query', { accountIds: [account.id], limit: 1000 });
    const target = all.rows[0];
    const userId = target.labels!.user!;
    const image = target.labels!.image!;
    const owned = all.rows.filter((r) => r.labels?.user === userId);
    const sameImage = all.rows.filter((r) => r.labels?.image === image);
    expect(owned.length).toBeLessThan(all.total);
    expect(sameImage.length).toBeLessThan(all.total);
    const users = await harness.call('instances.options', { accountId: account.id, list: 'users' });
    const ownerName = users.find((u) => u.id === userId)!.name;
    const imageName = ((await harness.call('instances.get', { accountId: account.id, id: target.id })).instance.raw as { imageData: { Name: string } })
      .imageData.Name;

    await openApp('/fleet');
    await expect(page.getByTestId('row-count')).toHaveText(`${all.total * 2} instances`);
    await page.getByTestId('scope-env-staging').click();
    await expect(page.getByTestId('row-count')).toHaveText(`${all.total} instances`);
    await page.locator('.vtable-row:not(.placeholder)').first().click();
    const drawer = page.getByTestId('detail-drawer');
    await expect(drawer.getByTestId('detail-title')).toHaveText(target.name);
    const ownerLink = drawer.getByTestId('link-user');
    await expect(ownerLink).toHaveText(`${ownerName} →`);
    await expect(drawer.getByTestId('link-image')).toHaveText(`${imageName} →`);
    await shot('links-drawer-dark-1024');

    // Keyboard: Tab reaches the owner link (a real button), Enter follows it.
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await ownerLink.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await expect(drawer).toBeHidden();
    const chip = page.getByTestId('chip-label');
    await expect(chip).toContainText(`Owner: ${ownerName}`);
    await expect(page.getByTestId('row-count')).toHaveText(`${owned.length} ${owned.length === 1 ? 'instance' : 'instances'}`);
    const shown = await page.locator('.vtable-row:not(.placeholder) [data-testid="cell-name"]').allTextContents();
    expect(shown.sort()).toEqual(owned.map((r) => r.name).sort());
    const last = harness.pageCalls.filter((c) => c.channel === 'instances.query').at(-1)!.input as { label?: unknown };
    expect(last.label).toEqual({ accountId: account.id, key: 'user', value: userId });
    await shot('links-owner-filtered-dark-1024');

    // The chip's close removes the filter: the whole scope again.
    await chip.locator('.n-tag__close').click();
    await expect(page.getByTestId('row-count')).toHaveText(`${all.total} instances`);

    // Image → the instances of the same image, from the drawer of another one.
    await page.locator('.vtable-row:not(.placeholder)').first().click();
    await drawer.getByTestId('link-image').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('chip-label')).toContainText(`Image: ${imageName}`);
    await expect(page.getByTestId('row-count')).toHaveText(`${sameImage.length} ${sameImage.length === 1 ? 'instance' : 'instances'}`);
    await shot('links-image-filtered-dark-1024');
  });

  test('Kianda: "Created by" and "Process" link the same way', async ({ page, harness, openApp }) => {
    const sim = await harness.startSimulator('kianda', { instances: 12 });
    const account = await harness.addAccount(sim, { name: 'Kianda HR', environment: 'prod' });
    await harness.call('sync.refresh', { accountId: account.id });
    const all = await harness.call('instances.query', { limit: 1000 });
    const target = all.rows.find((r) => r.labels?.createdBy && r.labels?.process)!;
    // Another environment to scope to, without the Kianda account.
    await harness.addAccount(await harness.startSimulator('skyport', { instances: 3, nodes: 1 }), { name: 'Skyport dev', environment: 'dev' });
    const byCreator = all.rows.filter((r) => r.labels?.createdBy === target.labels!.createdBy);
    const byProcess = all.rows.filter((r) => r.labels?.process === target.labels!.process);
    const count = (n: number) => `${n} ${n === 1 ? 'instance' : 'instances'}`;

    await openApp('/fleet');
    await page.locator('.vtable-row:not(.placeholder)', { hasText: target.name }).first().click();
    const drawer = page.getByTestId('detail-drawer');
    await drawer.getByTestId('link-createdBy').click();
    await expect(page.getByTestId('chip-label')).toContainText(`Created by: ${target.labels!.createdBy}`);
    await expect(page.getByTestId('row-count')).toHaveText(count(byCreator.length));
    await page.locator('.vtable-row:not(.placeholder)', { hasText: target.name }).first().click();
    await drawer.getByTestId('link-process').click();
    await expect(page.getByTestId('chip-label')).toContainText(`Process: ${target.labels!.process}`);
    await expect(page.getByTestId('row-count')).toHaveText(count(byProcess.length));

    // From a scope that hides the account (the palette finds it across the fleet), the link widens the scope to it.
    await page.getByTestId('chip-label').locator('.n-tag__close').click();
    await page.getByTestId('scope-env-dev').click();
    await expect(page.getByTestId('scope-badge')).toContainText('dev');
    await page.keyboard.press('Control+k');
    await page.keyboard.type(target.name);
    await expect(page.getByTestId(`palette-find:instances:${account.id}_${target.id}`)).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(drawer.getByTestId('detail-title')).toHaveText(target.name);
    await drawer.getByTestId('link-createdBy').click();
    await expect(page.getByTestId('scope-badge')).toContainText('Kianda HR');
    await expect(page.getByTestId('chip-label')).toContainText(`Created by: ${target.labels!.createdBy}`);
    await expect(page.getByTestId('row-count')).toHaveText(count(byCreator.length));
  });
});
