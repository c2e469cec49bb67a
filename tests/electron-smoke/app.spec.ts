import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

// The real Electron app (out/, after `npm run build`) on its demo environment. Runs in the GitHub Actions
// workflow on Linux (xvfb), macOS and Windows — not in `npm test`: Electron's binary cannot be downloaded
// on the machines Hangar is built on. `npx playwright test -c playwright.electron.config.ts`.

let app: ElectronApplication;
let page: Page;
let dataDir: string;
const problems: string[] = [];

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hangar-smoke-'));
  app = await electron.launch({
    args: [path.resolve(__dirname, '../../out/main/index.js'), '--demo'],
    env: { ...process.env, HANGAR_SECRET_STORE: 'memory', HANGAR_DATA_DIR: dataDir },
  });
  page = await app.firstWindow();
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
});

test.afterAll(async () => {
  await app?.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('opens over app:// on the demo environment and the fleet shows rows', async () => {
  await page.waitForURL(/^app:\/\/hangar\/index\.html/);
  await expect(page.getByTestId('demo-badge')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('status-bar')).toContainText('5 ok', { timeout: 60_000 });
  await expect(page.getByTestId('row-count')).toHaveText(/[1-9][\d,]* instances/);
  await page.screenshot({ path: path.join(__dirname, 'screenshots', `fleet-${process.platform}.png`) });
});

test('the preload exposes window.hangar (invoke, onEvent) and nothing else of Node or Electron', async () => {
  const seen = await page.evaluate(() => ({
    hangar: Object.keys((window as unknown as { hangar: object }).hangar).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    electron: typeof (window as unknown as { electron?: unknown }).electron,
    ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
  }));
  expect(seen).toEqual({ hangar: ['invoke', 'onEvent'], require: 'undefined', process: 'undefined', electron: 'undefined', ipcRenderer: 'undefined' });
  const ping = await page.evaluate(() => (window as unknown as { hangar: { invoke(c: string): Promise<unknown> } }).hangar.invoke('app.ping'));
  expect(ping).toMatchObject({ ok: true, value: { pong: true } });
});

test('the page gets the CSP header over app://, and an inline script is blocked', async () => {
  // Asked from main (the page's own CSP forbids fetch): the same protocol handler answers both.
  const csp = await app.evaluate(async ({ net }) => (await net.fetch('app://hangar/index.html')).headers.get('content-security-policy'));
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.appendChild(s);
    return (window as unknown as { __inline?: number }).__inline === 1;
  });
  expect(ran).toBe(false);
  const expected = problems.filter((p) => /Content Security Policy/i.test(p));
  expect(expected.length).toBeGreaterThan(0);
  problems.splice(0, problems.length, ...problems.filter((p) => !/Content Security Policy/i.test(p)));
});

test('no console errors or CSP violations while it ran', async () => {
  expect(problems).toEqual([]);
});
