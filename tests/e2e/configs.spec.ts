import type { Page } from '@playwright/test';
import type { SimOptions } from '../../electron/simulators/kit/types';
import type { RunningNimSimulator } from '../../electron/simulators/nim';
import { expect, test, type Harness } from './harness';

// The Configs view against the real core and a NIM simulator whose first instance is a real nginx:
// edit → lint (inline, hover docs) → diff (side by side, unified) → publish → progress → history → rollback,
// and the three-way view when the live config moved behind the draft. nginx's answers are the proof.

async function nimWithNginx(harness: Harness, environment: 'dev' | 'prod' = 'dev') {
  const sim = (await harness.startSimulator('nim', { instances: 4, nodes: 1, nginx: { instances: 1 }, deployDelayMs: 50 } as SimOptions)) as RunningNimSimulator;
  const account = await harness.addAccount(sim, { name: environment === 'prod' ? 'NIM prod' : 'NIM lab', environment });
  await harness.call('sync.refresh', { accountId: account.id });
  const real = sim.realInstances[0];
  return { sim, account, real };
}

async function served(url: string): Promise<string> {
  return (await fetch(url, { headers: { connection: 'close' } })).text();
}

/** Selects the word `word` in the editor (double click) and types `text` over it. */
async function replaceWord(page: Page, word: string, text: string): Promise<void> {
  const content = page.locator('.config-editor .cm-content');
  await expect(content).toContainText(word);
  const box = await content.evaluate((root, w) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent?.indexOf(w) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + w.length);
      (n.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
      const r = range.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
    return null;
  }, word);
  if (!box) throw new Error(`"${word}" is not in the editor`);
  await page.mouse.dblclick(box.x, box.y);
  await page.keyboard.type(text);
}

async function tab(page: Page, name: string): Promise<void> {
  await page.locator('.n-tabs-tab', { hasText: name }).click();
}

async function openConfig(page: Page, name: string): Promise<void> {
  await page.getByTestId(`target-${name}`).click();
  await expect(page.getByTestId('config-title')).toHaveText(name);
  await expect(page.getByTestId('lint-ok')).toBeVisible();
}

test.describe('configs', () => {
  test('edit → lint → diff → publish → progress → history → rollback on a real nginx', async ({ page, harness, openApp, shot }) => {
    const { real } = await nimWithNginx(harness);
    await openApp('/configs');
    await expect(page.getByTestId('config-picker')).toBeVisible();
    await shot('configs-picker');
    await openConfig(page, real.displayName);
    await expect(page.getByTestId('file-tree')).toContainText('nginx.conf');
    await expect(page.locator('.config-editor .cm-content')).toContainText('initial config');
    expect(await served(real.url)).toContain('initial config');

    // Hover docs from the directive reference.
    await page.locator('.config-editor .cm-content').getByText('worker_connections').first().hover();
    await expect(page.getByTestId('directive-doc')).toContainText('worker_connections');
    await expect(page.getByTestId('directive-doc')).toContainText('context: events');
    await shot('configs-hover-docs');
    await page.mouse.move(0, 0);

    // A wrong edit: lint flags it inline and in the list, Publish is disabled.
    await replaceWord(page, 'stub_status', 'stub_statuz');
    await expect(page.getByTestId('problem-0')).toContainText('unknown directive "stub_statuz"');
    await expect(page.locator('.config-editor .cm-lintRange-error')).toHaveCount(1);
    await expect(page.getByTestId('publish')).toBeDisabled();
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    await shot('configs-lint');
    await replaceWord(page, 'stub_statuz', 'stub_status');
    await expect(page.getByTestId('lint-ok')).toBeVisible();

    // A good edit, saved as the draft, listed per account.
    await replaceWord(page, 'initial', 'edited');
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    await expect(page.getByTestId('drafts-count-NIM lab')).toHaveText('NIM lab: 1 unpublished draft');

    // Diff against the live config fetched now.
    await tab(page, 'Diff against live');
    await expect(page.getByTestId('diff-view')).toBeVisible();
    await expect(page.locator('.diff-host .cm-changedText').first()).toBeVisible();
    await shot('configs-diff-split');
    await page.getByTestId('diff-unified').click();
    await expect(page.locator('.diff-host .cm-deletedChunk')).toHaveCount(1);
    await shot('configs-diff-unified');

    // Publish, followed to the end; nginx serves the change.
    await page.getByTestId('publish').click();
    await expect(page.getByTestId('confirm-modal')).toContainText('Publish 1 changed file');
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('deployment-status')).toHaveText('succeeded', { timeout: 20_000 });
    await expect(page.getByTestId('deployment-results')).toContainText(real.displayName);
    expect(await served(real.url)).toContain('edited config');
    const progress = harness.events.filter((e) => e.type === 'deployment.progress').map((e) => (e as { deployment: { status: string } }).deployment.status);
    expect(progress[0]).toBe('pending');
    expect(progress.at(-1)).toBe('succeeded');
    await expect(page.getByTestId('config-history')).toBeVisible();
    await expect(page.getByTestId('drafts-list')).toHaveCount(0);
    await shot('configs-published-history');

    // Compare two revisions, then roll back to the config seen before the publish.
    const history = await harness.call('configs.history', { target: { accountId: (await harness.call('accounts.list', {}))[0].id, kind: 'instance', id: `${real.systemUid}:${real.uid}` } });
    const observed = history.find((r) => r.source === 'observed')!;
    await page.getByTestId('compare').click();
    await expect(page.locator('.compare .cm-changedText').first()).toBeVisible();
    await page.getByTestId(`rollback-${observed.seq}`).click();
    await expect(page.getByTestId('confirm-modal')).toContainText(`Publish revision #${observed.seq}`);
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('deployment-status')).toHaveText('succeeded', { timeout: 20_000 });
    expect(await served(real.url)).toContain('initial config');
    await expect(page.getByTestId('config-history')).toContainText('rollback');
    await expect(page.getByTestId('save-state')).toContainText('No draft');
    await expect(page.getByTestId('drafts-list')).toHaveCount(0);
    await shot('configs-rolled-back');
    const activity = await harness.call('activity.list', { kinds: ['config'] });
    expect(activity.rows.map((r) => `${r.action}:${r.outcome}`)).toEqual(['configs.rollback:ok', 'configs.publish:ok']);
  });

  test('a failed deployment shows nginx\'s message; a moved live config opens the three-way view', async ({ page, harness, openApp, shot }) => {
    const { sim, account, real } = await nimWithNginx(harness);
    const target = { accountId: account.id, kind: 'instance' as const, id: `${real.systemUid}:${real.uid}` };
    // A config nginx -t refuses but our lint lets through (a value nginx cannot read), published from the view.
    const view = await harness.call('configs.get', target);
    const conf = view.live.files.find((f) => f.name === real.confPath)!;
    await harness.call('configs.saveDraft', { target, files: [{ name: conf.name, contents: conf.contents.replace('worker_connections 64;', 'worker_connections lots;') }] });
    await openApp('/configs');
    await page.getByTestId(`draft-${real.displayName}`).click();
    await expect(page.getByTestId('config-title')).toHaveText(real.displayName);
    await expect(page.getByTestId('lint-ok')).toBeVisible();
    await page.getByTestId('publish').click();
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('deployment-status')).toHaveText('failed', { timeout: 20_000 });
    await expect(page.getByTestId('deployment-failure')).toContainText('invalid number "lots"');
    await expect(page.getByTestId('deployment-failure')).toContainText('test failed');
    expect(await served(real.url)).toContain('initial config');
    await shot('configs-deploy-failed');

    // Someone changes the live config behind the draft: the diff is a three-way view.
    await page.getByTestId('discard').click();
    await expect(page.getByTestId('save-state')).toContainText('No draft');
    await tab(page, 'Edit');
    await replaceWord(page, 'initial', 'mine');
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    sim.touchConfig(real.uid);
    await page.getByTestId('publish').click();
    await expect(page.getByTestId('three-way')).toBeVisible();
    await expect(page.getByTestId('merge-result')).toContainText('mine config');
    await shot('configs-three-way');
    await page.getByTestId('take-merge').click();
    await expect(page.getByTestId('diff-view')).toBeVisible();
    await page.getByTestId('publish').click();
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('deployment-status')).toHaveText('succeeded', { timeout: 20_000 });
    expect(await served(real.url)).toContain('mine config');
  });
});

test.describe('configs: staged configs and groups', () => {
  test('save a draft as a staged config, open it from the picker, start an instance draft from it; a group publish with each member\'s result', async ({ page, harness, openApp, shot }) => {
    const { sim, account, real } = await nimWithNginx(harness);
    await openApp('/configs');
    await openConfig(page, real.displayName);
    await replaceWord(page, 'initial', 'staged');
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    await page.getByTestId('staged-menu').click();
    await page.locator('.n-dropdown-option', { hasText: 'Save as a staged config' }).click();
    await page.getByTestId('staged-name').locator('input').fill('lab-staged');
    await page.getByTestId('staged-ok').click();
    await expect(page.getByTestId('staged-dialog')).toHaveCount(0);
    await page.getByTestId('discard').click();
    await expect(page.getByTestId('save-state')).toContainText('No draft');

    await page.getByTestId('kind-staged').click();
    await page.getByTestId('target-staged-lab-staged').click();
    await expect(page.getByTestId('config-title')).toHaveText('lab-staged');
    await expect(page.locator('.config-editor .cm-content')).toContainText('staged config');
    await shot('configs-staged');

    await page.getByTestId('kind-instance').click();
    await page.getByTestId(`target-${real.displayName}`).click();
    await expect(page.getByTestId('config-title')).toHaveText(real.displayName);
    await page.getByTestId('staged-menu').click();
    await page.locator('.n-dropdown-option', { hasText: 'Start the draft from a staged config' }).click();
    await page.getByTestId('staged-choice').click();
    await page.locator('.n-base-select-option', { hasText: 'lab-staged' }).click();
    await page.getByTestId('staged-ok').click();
    await expect(page.locator('.diff-host .cm-changedText').first()).toBeVisible();
    await page.getByTestId('publish').click();
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('deployment-status')).toHaveText('succeeded', { timeout: 20_000 });
    expect(await served(real.url)).toContain('staged config');

    // A group of the real instance and a simulated one: one publish, each member's result.
    const groups = await harness.call('configs.groups', { accountId: account.id });
    const other = (await harness.call('instances.query', { accountIds: [account.id], limit: 10 })).rows.find((r) => !r.id.endsWith(`:${real.uid}`))!;
    sim.setGroupMembers(groups[0].id, [real.uid, other.id.split(':')[1]]);
    await page.getByTestId('kind-group').click();
    await page.getByTestId(`target-group-${groups[0].name}`).click();
    await expect(page.getByTestId('config-title')).toHaveText(groups[0].name);
    await shot('configs-groups');
    await replaceWord(page, 'staged', 'group');
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    await page.getByTestId('publish').click();
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('deployment-status')).toHaveText('succeeded', { timeout: 20_000 });
    await expect(page.getByTestId('deployment-results')).toContainText(real.displayName);
    await expect(page.getByTestId('deployment-results')).toContainText(other.name);
    expect(await served(real.url)).toContain('group config');
    await shot('configs-group-published');
  });
});

test.describe('configs offline', () => {
  test('with the server out of reach the draft stays open and editable, and publishing waits', async ({ page, harness, openApp, shot, consoleGuard }) => {
    const { sim, real } = await nimWithNginx(harness);
    await openApp('/configs');
    await openConfig(page, real.displayName);
    await replaceWord(page, 'initial', 'offline');
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    await sim.close();
    await page.getByTestId(`draft-${real.displayName}`).click();
    await expect(page.getByTestId('offline-alert')).toBeVisible();
    await expect(page.getByTestId('publish')).toBeDisabled();
    await replaceWord(page, 'offline', 'still-offline');
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    await shot('configs-offline');
    const drafts = await harness.call('configs.drafts', {});
    expect(drafts).toHaveLength(1);
    const view = await harness.call('configs.get', { accountId: drafts[0].accountId, kind: 'instance', id: drafts[0].targetId });
    expect(view.draft!.files[0].contents).toContain('still-offline config');
    // Lint keeps running locally; the server analysis cannot (its button is disabled).
    await expect(page.getByTestId('analyze')).toBeDisabled();
    consoleGuard.accept(/ERR_CONNECTION_REFUSED|Failed to load resource/);
  });
});

test.describe('configs at 1024 × 700, dark, production', () => {
  test.use({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' });

  test('the editor, lint and diff fit; production asks for the name typed', async ({ page, harness, openApp, shot }) => {
    const { account, real } = await nimWithNginx(harness, 'prod');
    // Opened by a link, as the fleet can point at it.
    await openApp(`/configs?account=${account.id}&kind=instance&id=${real.systemUid}:${real.uid}`);
    await expect(page.getByTestId('config-title')).toHaveText(real.displayName);
    await expect(page.getByTestId('lint-ok')).toBeVisible();
    await shot('configs-dark-1024-edit');
    await replaceWord(page, 'initial', 'prod');
    await expect(page.getByTestId('save-state')).toContainText('Draft saved');
    await tab(page, 'Diff against live');
    await expect(page.locator('.diff-host .cm-changedText').first()).toBeVisible();
    await shot('configs-dark-1024-diff');
    await page.getByTestId('publish').click();
    await expect(page.getByTestId('confirm-type')).toBeVisible();
    await expect(page.getByTestId('confirm-ok')).toBeDisabled();
    await shot('configs-dark-1024-confirm');
    await page.getByTestId('confirm-type').locator('input').fill(real.displayName);
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('deployment-status')).toHaveText('succeeded', { timeout: 20_000 });
    expect(await served(real.url)).toContain('prod config');
    await shot('configs-dark-1024-published');
  });
});
