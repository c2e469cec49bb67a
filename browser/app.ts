/**
 * Hangar in a browser window, for machines where Electron cannot run (this workshop's): the built
 * renderer in Chromium with window.hangar routed to the real core in this process — the same core,
 * data folder, keychain and demo environment the Electron app uses.
 *
 *   npm run app:browser                      # a Chromium window (needs a display; or run under xvfb-run)
 *   npm run app:browser -- --screenshot x.png  # headless: open, sync, save a picture, exit
 *   options: --data-dir DIR, --demo (always the demo), --no-demo, --route /nodes
 */
import path from 'node:path';
import { chromium } from '@playwright/test';
import { parseArgs } from 'node:util';
import { createSecretStore } from '../electron/main/core/secrets';
import { createFileLog } from '../electron/main/core/logs/file-log';
import { defaultDataDir, logDirFor } from '../electron/main/core/paths';
import { preferSmallHeap } from '../electron/main/heap';
import { startCore } from '../electron/main/startup';
import { CHROMIUM_ARGS, chromiumPath, forwardEventsToPage, wireBridge } from './bridge';
import { serveStatic } from './static-server';

async function main(): Promise<number> {
  preferSmallHeap();
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      'no-demo': { type: 'boolean', default: false },
      screenshot: { type: 'string' },
      route: { type: 'string', default: '/fleet' },
    },
  });
  const headless = Boolean(values.screenshot);
  if (!headless && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    process.stderr.write('No display: run under `xvfb-run -a npm run app:browser`, or pass --screenshot FILE.\n');
    return 2;
  }
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  const logDir = logDirFor(dataDir);
  const started = await startCore({
    dataDir,
    secretStore: createSecretStore(),
    version: process.env.npm_package_version,
    logDir,
    logSink: createFileLog({ dir: logDir }).sink,
    demo: values['no-demo'] ? 'off' : values.demo ? 'force' : 'auto',
  });
  const { core } = started;
  const server = await serveStatic(path.resolve(__dirname, '../out/renderer'));
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless,
    args: [...CHROMIUM_ARGS, '--window-size=1360,860', '--class=Hangar'],
  });
  const shutdown = async () => {
    await browser.close().catch(() => undefined);
    await core.sync.stop();
    await server.close();
    await started.close();
  };
  try {
    const page = await browser.newPage({ viewport: headless ? { width: 1360, height: 860 } : null });
    await wireBridge(page, core.dispatch);
    const stopEvents = forwardEventsToPage(page, core.events);
    await core.sync.start();
    core.monitor.start();
    setTimeout(() => void core.warmSearch().catch(() => undefined), 1500).unref();
    await page.goto(`${server.url}/index.html#${values.route}`);
    process.stdout.write(`Hangar (${started.demo ? 'demo environment' : core.accounts.list().length + ' accounts'}) at ${server.url}\n`);
    if (values.screenshot) {
      await core.sync.refresh();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: values.screenshot });
      process.stdout.write(`Saved ${values.screenshot}\n`);
    } else {
      await new Promise<void>((resolve) => {
        page.on('close', () => resolve());
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
    await stopEvents();
    return 0;
  } finally {
    await shutdown();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
