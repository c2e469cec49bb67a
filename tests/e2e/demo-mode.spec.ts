import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { forwardEventsToPage, wireBridge } from '../../browser/bridge';
import { serveStatic } from '../../browser/static-server';
import { MemorySecretStore } from '../../electron/main/core/secrets/memory';
import { startCore } from '../../electron/main/startup';

// The app's own start-up path (what main and `npm run app:browser` run): an empty data folder opens the
// demo environment, says so, and syncs all five simulated APIs with the scheduler, untouched by the test.
test('first start with no account opens the demo environment and says so', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hangar-demo-mode-'));
  const started = await startCore({ dataDir, secretStore: new MemorySecretStore(), demo: 'auto', demoInstances: 100 });
  const server = await serveStatic(path.resolve(__dirname, '../../out/renderer'));
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await wireBridge(page, started.core.dispatch);
    const stopEvents = forwardEventsToPage(page, started.core.events);
    await started.core.sync.start();
    await page.goto(`${server.url}/index.html#/fleet`);
    await expect(page.getByTestId('demo-badge')).toBeVisible();
    await expect(page.getByTestId('status-bar')).toContainText('5 ok', { timeout: 30_000 });
    await expect(page.getByTestId('row-count')).toHaveText('100 instances');
    await page.screenshot({ path: path.join(__dirname, 'screenshots', 'demo-mode-first-start.png') });
    await stopEvents();
  } finally {
    await started.core.sync.stop();
    await server.close();
    await started.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  expect(errors).toEqual([]);
});
