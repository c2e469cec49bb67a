import { expect, test } from './harness';
import { choose, fill, input } from './ui';

test.describe('accounts', () => {
  test('add through the form: a wrong password shows AUTH and saves nothing; the right one tests, saves and lists', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    const sim = await harness.startSimulator('everypoint');
    await openApp('/accounts');
    await page.getByTestId('add-first-account').click();
    const drawer = page.getByTestId('account-drawer');
    await expect(drawer).toBeVisible();

    // Exactly the chosen method's fields: NIM basic asks for username + password, bearer for a token.
    await expect(drawer.getByTestId('field-fields.username')).toBeVisible();
    await expect(input(drawer, 'field-secrets.password')).toHaveAttribute('type', 'password');
    await choose(page, 'field-authMethod', 'JWT (OIDC)');
    await expect(drawer.getByTestId('field-secrets.token')).toBeVisible();
    await expect(drawer.getByTestId('field-fields.username')).toHaveCount(0);

    // Another provider: its own method and fields (EveryPoint: API key + secret over Basic).
    await choose(page, 'field-provider', 'EveryPoint');
    await expect(drawer.getByTestId('field-secrets.token')).toHaveCount(0);
    await expect(drawer.getByText('API secret')).toBeVisible();

    await fill(drawer, 'field-name', 'EveryPoint lab');
    await fill(drawer, 'field-baseUrl', sim.account.baseUrl);
    await fill(drawer, 'field-fields.username', sim.account.fields.username);
    await fill(drawer, 'field-secrets.password', 'not-the-password');
    await page.getByTestId('test-connection').click();
    await expect(page.getByTestId('test-result')).toContainText('Sign-in rejected');

    await page.getByTestId('save-account').click();
    await expect(page.getByTestId('save-error-code')).toHaveText('AUTH');
    await expect(drawer).toContainText('Rejected by the server');
    await shot('accounts-add-auth-error');
    expect(await harness.call('accounts.list', undefined)).toEqual([]);

    await fill(drawer, 'field-secrets.password', sim.account.secrets.password);
    await page.getByTestId('test-connection').click();
    await expect(page.getByTestId('test-result')).toContainText('Connected in');
    await shot('accounts-add-tested');
    await page.getByTestId('save-account').click();
    await expect(drawer).toBeHidden();

    const row = page.getByTestId('account-row-EveryPoint lab');
    await expect(row).toContainText('EveryPoint');
    await expect(row).toContainText(sim.account.baseUrl);
    await expect(row.getByTestId('env-chip')).toHaveText('dev');
    const stored = await harness.call('accounts.list', undefined);
    expect(stored.map((a) => a.name)).toEqual(['EveryPoint lab']);
    expect(JSON.stringify(stored)).not.toContain(sim.account.secrets.password);
    await shot('accounts-list');
  });

  test('a bad URL is refused per field before anything is sent', async ({ page, openApp }) => {
    await openApp('/accounts');
    await page.getByTestId('add-account').click();
    const drawer = page.getByTestId('account-drawer');
    await fill(drawer, 'field-name', 'Broken');
    await fill(drawer, 'field-baseUrl', 'ftp://user:pw@example');
    await page.getByTestId('save-account').click();
    await expect(drawer).toContainText('An http(s) URL without credentials in it');
    await expect(drawer).toContainText('Username is required');
    await expect(drawer).toContainText('Password is required');
  });

  test('edit keeps the stored secret when left empty, test and prod removal with typed confirmation', async ({
    page,
    harness,
    openApp,
    shot,
  }) => {
    const sim = await harness.startSimulator('skyport');
    await harness.addAccount(sim, { name: 'Skyport panel' });
    await openApp('/accounts');
    const row = page.getByTestId('account-row-Skyport panel');
    await expect(row).toBeVisible();

    await row.getByTestId('edit-account').click();
    const drawer = page.getByTestId('account-drawer');
    await expect(input(drawer, 'field-secrets.apiKey')).toHaveValue('');
    await expect(input(drawer, 'field-secrets.apiKey')).toHaveAttribute('placeholder', /leave empty to keep/);
    await fill(drawer, 'field-name', 'Skyport prod');
    await choose(page, 'field-environment', 'prod');
    await page.getByTestId('field-insecure').click();
    await expect(page.getByTestId('insecure-warning')).toBeVisible();
    await shot('accounts-edit');
    await page.getByTestId('save-account').click();
    await expect(drawer).toBeHidden();

    const prodRow = page.getByTestId('account-row-Skyport prod');
    await expect(prodRow.getByTestId('env-chip')).toHaveText('prod');
    await expect(prodRow.getByTestId('insecure-badge')).toHaveText('insecure TLS');

    // The stored key still works: Test on the saved account succeeds.
    await prodRow.getByTestId('test-account').click();
    await expect(prodRow.getByTestId('test-cell')).toContainText('ok ·');
    await shot('accounts-tested');

    await prodRow.getByTestId('remove-account').click();
    const confirm = page.getByTestId('confirm-ok');
    await expect(confirm).toBeDisabled();
    await input(page, 'confirm-type').fill('Skyport');
    await expect(confirm).toBeDisabled();
    await input(page, 'confirm-type').fill('Skyport prod');
    await shot('accounts-remove-confirm');
    await confirm.click();
    await expect(prodRow).toBeHidden();
    await expect(page.getByTestId('empty-state')).toContainText('Connect your first account');
    expect(await harness.call('accounts.list', undefined)).toEqual([]);
  });
});
