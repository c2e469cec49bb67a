import type { Page } from '@playwright/test';
import { expect, test, type Harness } from './harness';
import { fill } from './ui';

/** Opens "New instance" and picks one of its entries. */
async function startCreate(page: Page, label: string): Promise<void> {
  await page.getByTestId('new-instance').click();
  await page.locator('.n-dropdown-option', { hasText: label }).click();
  await expect(page.getByTestId('action-form')).toBeVisible();
}

/** Picks an option of a select inside the action form. */
async function pickIn(page: Page, key: string, label: string | RegExp): Promise<void> {
  await page.getByTestId('action-form').getByTestId(`param-${key}`).click();
  await page.locator('.n-base-select-option', { hasText: label }).first().click();
}

function actCalls(harness: Harness, since: number) {
  return harness.pageCalls.slice(since).filter((c) => c.channel === 'instances.act');
}

test.describe('create and deploy from the UI', () => {
  test('Skyport deploy: image from the panel with its variables, node, owner, resources, ports', async ({ page, harness, openApp, shot }) => {
    const sim = await harness.startSimulator('skyport', { instances: 3, nodes: 2 });
    const account = await harness.addAccount(sim, { name: 'Skyport EU' });
    await harness.call('sync.refresh', { accountId: account.id });
    const node = (await harness.call('nodes.query', { limit: 10 })).rows.find((n) => n.status === 'online')!;
    const users = await harness.call('instances.options', { accountId: account.id, list: 'users' });

    await openApp('/fleet');
    await expect(page.getByTestId('row-count')).toHaveText('3 instances');
    await startCreate(page, 'Deploy on Skyport EU');
    const form = page.getByTestId('action-form');
    await fill(form, 'param-name', 'hangar-survival');
    await pickIn(page, 'image', 'Paper');
    // The image's variables become fields, with their defaults.
    await expect(form.getByTestId('param-var:MINECRAFT_VERSION').locator('input')).toHaveValue('1.21.1');
    await pickIn(page, 'nodeId', node.name);
    await pickIn(page, 'user', users[0].name);
    await fill(form, 'param-memory', '0');
    await fill(form, 'param-ports', 'abc');
    const since = harness.pageCalls.length;
    await form.getByTestId('param-submit').click();
    await expect(form.getByTestId('field-memory')).toContainText('whole number from 1');
    await expect(form.getByTestId('field-ports')).toContainText('container:host pairs');
    expect(actCalls(harness, since)).toHaveLength(0);
    await shot('create-skyport-invalid');

    await fill(form, 'param-memory', '2048');
    await fill(form, 'param-ports', '25565:31005');
    await fill(form, 'param-primary', '31005');
    await form.getByTestId('param-submit').click();
    await expect(form).toBeHidden();
    const deploy = actCalls(harness, since)[0].input as { action: string; params: Record<string, string> };
    expect(deploy.action).toBe('deploy');
    expect(deploy.params).toMatchObject({ image: 'ghcr.io/skyportlabs/images:java21', imagename: 'Paper', nodeId: node.id, memory: '2048' });
    expect(JSON.parse(deploy.params.variables)).toEqual({ MINECRAFT_VERSION: '1.21.1' });
    await expect(page.getByTestId('row-count')).toHaveText('4 instances');
    await expect(page.getByTestId('detail-drawer').getByTestId('detail-title')).toHaveText('hangar-survival');
  });

  test('EveryPoint create in production: the name rule as you type, then the name typed again', async ({ page, harness, openApp, shot }) => {
    const sim = await harness.startSimulator('everypoint', { instances: 2 });
    await harness.addAccount(sim, { name: 'EveryPoint live', environment: 'prod' });
    await harness.call('sync.refresh', {});

    await openApp('/fleet');
    await startCreate(page, 'Create on EveryPoint live');
    const form = page.getByTestId('action-form');
    await fill(form, 'param-name', 'New Scan');
    await expect(form.getByTestId('field-name')).toContainText('lower-case letters');
    await fill(form, 'param-name', 'new-scan');
    await expect(form.getByTestId('field-name')).not.toContainText('lower-case letters');
    await fill(form, 'param-description', 'made from hangar');
    await fill(form, 'param-confirm', 'new-sca');
    const since = harness.pageCalls.length;
    await form.getByTestId('param-submit').click();
    await expect(form).toContainText('The name does not match');
    expect(actCalls(harness, since)).toHaveLength(0);
    await shot('create-everypoint-prod');
    await fill(form, 'param-confirm', 'new-scan');
    await form.getByTestId('param-submit').click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId('row-count')).toHaveText('3 instances');
  });

  test('Kianda: create a process instance, and follow an existing one by name', async ({ page, harness, openApp }) => {
    const sim = await harness.startSimulator('kianda', { instances: 6 });
    const draft = harness.draftFor(sim, { name: 'Kianda HR' });
    // "expense-claim-{1..2},new-employee-1,…": the first of each process.
    const firsts = (draft.fields?.watch ?? '').split(',').map((e) => e.trim().replace(/-\{1\.\.\d+\}$/, '-1'));
    const prefix = firsts[0].replace(/-1$/, '');
    const other = firsts[1];
    // Watch only the first; the other exists on the server and is followed from the UI.
    const account = await harness.call('accounts.add', { ...draft, fields: { ...draft.fields, watch: firsts[0] } });
    await harness.call('sync.refresh', { accountId: account.id });

    await openApp('/fleet');
    await expect(page.getByTestId('row-count')).toHaveText('1 instance');
    await startCreate(page, 'Follow a Kianda HR instance by name');
    const form = page.getByTestId('action-form');
    await fill(form, 'param-name', 'no-such-process-77');
    await form.getByTestId('param-submit').click();
    await expect(form.getByTestId('action-form-error')).toContainText('NOT_FOUND');
    await fill(form, 'param-name', other);
    await form.getByTestId('param-submit').click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId('row-count')).toHaveText('2 instances');
    // The followed instance opens in the drawer.
    await expect(page.getByTestId('detail-drawer').getByTestId('detail-title')).toHaveText(other);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('detail-drawer')).toBeHidden();

    await startCreate(page, 'Create on Kianda HR');
    await fill(form, 'param-processName', prefix);
    await fill(form, 'param-instanceID', '!!');
    await expect(form.getByTestId('field-instanceID')).toContainText('Letters, digits');
    await fill(form, 'param-instanceID', `${prefix}-from-hangar`);
    await form.getByTestId('param-submit').click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId('row-count')).toHaveText('3 instances');
    const saved = await harness.call('accounts.get', { id: account.id });
    expect(saved.fields.watch).toContain(other);
  });

  test('Zesty create: a name is required', async ({ page, harness, openApp }) => {
    const sim = await harness.startSimulator('zesty', { instances: 2 });
    await harness.addAccount(sim, { name: 'Zesty sites' });
    await harness.call('sync.refresh', {});
    await openApp('/fleet');
    await startCreate(page, 'Create on Zesty sites');
    const form = page.getByTestId('action-form');
    await form.getByTestId('param-submit').click();
    await expect(form.getByTestId('field-name')).toContainText('Required');
    await fill(form, 'param-name', 'Hangar site');
    await form.getByTestId('param-submit').click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId('row-count')).toHaveText('3 instances');
  });
});
