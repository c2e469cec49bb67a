import { PROVIDER_IDS, type ProviderId } from '../../shared/model';
import { PROVIDERS } from '../../shared/providers';
import { expect, test } from './harness';
import { choose, fill } from './ui';

// Every provider's account is added through the form the way a person would: pick the provider, fill
// exactly the fields it asks for, test the connection, save; then each is listed and tests OK again.
test('an account of each of the five providers is added from the UI, tested and listed', async ({ page, harness, openApp, shot }) => {
  test.setTimeout(180_000);
  const demo = await harness.startDemo({ instances: 50, nodes: 4 });
  await openApp('/accounts');
  for (const [i, provider] of PROVIDER_IDS.entries()) {
    const { account } = demo.providers[provider];
    await page.getByTestId(i === 0 ? 'add-first-account' : 'add-account').click();
    const drawer = page.getByTestId('account-drawer');
    await expect(drawer).toBeVisible();
    await choose(page, 'field-provider', PROVIDERS[provider].label);
    const auth = PROVIDERS[provider].auth.find((a) => a.method === account.authMethod)!;
    if (PROVIDERS[provider].auth.length > 1) await choose(page, 'field-authMethod', auth.label);
    await fill(drawer, 'field-name', nameOf(provider));
    await fill(drawer, 'field-baseUrl', account.baseUrl);
    for (const field of auth.fields) {
      const value = field.secret ? account.secrets[field.key] : account.fields[field.key];
      await fill(drawer, `field-${field.secret ? 'secrets' : 'fields'}.${field.key}`, value);
    }
    for (const setting of PROVIDERS[provider].settings) {
      const value = account.fields[setting.key];
      if (value) await fill(drawer, `field-fields.${setting.key}`, value);
    }
    await page.getByTestId('test-connection').click();
    await expect(page.getByTestId('test-result')).toContainText('Connected in', { timeout: 20_000 });
    await page.getByTestId('save-account').click();
    await expect(drawer).toBeHidden({ timeout: 20_000 });
    await expect(page.getByTestId(`account-row-${nameOf(provider)}`)).toContainText(PROVIDERS[provider].label);
  }
  const stored = await harness.call('accounts.list', undefined);
  expect(stored.map((a) => a.provider).sort()).toEqual([...PROVIDER_IDS].sort());
  for (const a of stored) {
    const tested = await harness.call('accounts.test', { id: a.id });
    expect(tested, a.provider).toMatchObject({ ok: true });
    // What the renderer holds never includes a secret.
    for (const secret of Object.values(demo.providers[a.provider].account.secrets)) expect(JSON.stringify(stored)).not.toContain(secret);
  }
  await shot('accounts-every-provider');
});

function nameOf(provider: ProviderId): string {
  return `UI ${PROVIDERS[provider].label}`;
}
