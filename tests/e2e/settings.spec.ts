import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { forwardEventsToPage, wireBridge } from '../../browser/bridge';
import { createCore, type Core } from '../../electron/main/core/core';
import type { UpdaterPort } from '../../electron/main/core/updates/port';
import { MemorySecretStore } from '../../electron/main/core/secrets/memory';
import { expect, test } from './harness';

// Settings over a real core whose updater port reads a real feed on loopback (the Electron app drives
// electron-updater behind the same port: tests/unit/updates). The log folder opener is recorded.

interface Feed {
  url: string;
  version: string;
  requests: string[];
  close(): Promise<void>;
}

async function startFeed(version: string): Promise<Feed> {
  const requests: string[] = [];
  const body = Buffer.alloc(200_000, 1);
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/latest-linux.yml') {
      res.end(`version: ${version}\npath: Hangar-${version}.AppImage\nreleaseNotes: "Faster sync for large fleets.\\nThe Settings view shows updates."\n`);
    } else if (req.url === `/Hangar-${version}.AppImage`) {
      res.writeHead(200, { 'content-length': body.length }).end(body);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    version,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A port over the loopback feed: reads latest-linux.yml, downloads the file with progress. */
function feedPort(feed: Feed, installs: string[]): UpdaterPort {
  return {
    async check() {
      const text = await (await fetch(`${feed.url}/latest-linux.yml`)).text();
      const version = /^version: (.+)$/m.exec(text)?.[1] ?? '';
      const notes = JSON.parse(/^releaseNotes: (.+)$/m.exec(text)?.[1] ?? '""') as string;
      return { available: version !== '0.1.0', version, releaseNotes: notes };
    },
    async download(onProgress) {
      const res = await fetch(`${feed.url}/Hangar-${feed.version}.AppImage`);
      const total = Number(res.headers.get('content-length'));
      let got = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        got += chunk.length;
        onProgress((got / total) * 100);
      }
    },
    install: () => void installs.push(feed.version),
  };
}

test.describe('Settings: updates and logs', () => {
  let core: Core;
  let feed: Feed;
  let dataDir: string;
  const installs: string[] = [];
  const opened: string[] = [];

  test.beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'hangar-e2e-settings-'));
    feed = await startFeed('0.2.0');
    core = createCore({
      dataDir,
      secretStore: new MemorySecretStore(),
      version: '0.1.0',
      logDir: path.join(dataDir, 'logs'),
      openPath: async (dir) => void opened.push(dir),
      updater: feedPort(feed, installs),
    });
  });

  test.afterEach(async () => {
    await core.close();
    await feed.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('Check now finds the release, downloads it on request, restart installs it', async ({ page, rendererServer, consoleGuard, shot }) => {
    void consoleGuard;
    await wireBridge(page, core.dispatch);
    const stop = forwardEventsToPage(page, core.events);
    await page.goto(`${rendererServer.url}/index.html#/settings`);
    const view = page.getByTestId('settings-view');
    await expect(view.getByTestId('update-current')).toHaveText('0.1.0');
    await expect(view.getByTestId('update-phase')).toHaveText('Not checked yet');
    await expect(view.getByTestId('update-last-check')).toHaveText('Never');
    await expect(view.getByTestId('log-dir')).toHaveText(path.join(dataDir, 'logs'));

    await view.getByTestId('update-check').click();
    await expect(view.getByTestId('update-phase')).toHaveText('Update available');
    await expect(view.getByTestId('update-available')).toHaveText('Hangar 0.2.0');
    await expect(view.getByTestId('update-notes')).toContainText('Faster sync for large fleets.');
    await expect(view.getByTestId('update-last-check')).toContainText('just now');
    expect(feed.requests).toEqual(['/latest-linux.yml']); // nothing downloaded before the user asks
    await shot('settings-update-available');

    await view.getByTestId('update-download').click();
    await expect(view.getByTestId('update-phase')).toHaveText('Ready to install');
    expect(feed.requests).toContain('/Hangar-0.2.0.AppImage');
    await expect(view.getByTestId('update-check')).toBeDisabled();
    await shot('settings-update-ready');
    await view.getByTestId('update-install').click();
    await expect.poll(() => installs).toEqual(['0.2.0']);

    await view.getByTestId('open-log-folder').click();
    await expect(view.getByTestId('log-folder-note')).toHaveText(`Opened ${path.join(dataDir, 'logs')}`);
    expect(opened).toEqual([path.join(dataDir, 'logs')]);
    await stop();
  });

  test('the channel switch saves beta and checks again; dark theme at 1024 × 700', async ({ page, rendererServer, consoleGuard, shot }) => {
    void consoleGuard;
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await wireBridge(page, core.dispatch);
    const stop = forwardEventsToPage(page, core.events);
    await page.goto(`${rendererServer.url}/index.html#/settings`);
    const view = page.getByTestId('settings-view');
    await view.getByText('Beta', { exact: true }).click();
    await expect(view.getByTestId('update-phase')).toHaveText('Update available');
    expect(core.updates.status().channel).toBe('beta');
    await shot('settings-updates-dark-1024');
    await stop();
  });

  test('where there is no updater, Settings says why and Check now is off', async ({ page, rendererServer, harness, consoleGuard }) => {
    void consoleGuard;
    await wireBridge(page, harness.core.dispatch);
    await page.goto(`${rendererServer.url}/index.html#/settings`);
    const view = page.getByTestId('settings-view');
    await expect(view.getByTestId('update-phase')).toHaveText('Not available here');
    await expect(view.getByTestId('update-reason')).toContainText('packaged app');
    await expect(view.getByTestId('update-check')).toBeDisabled();
  });
});
