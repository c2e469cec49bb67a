import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveApp } from '../../browser/static-server';
import { CSP_HEADER } from '../../electron/main/core/protocol/csp';
import { expect, test } from './harness';

// The harness serves the built renderer through the app:// resolver (browser/static-server.ts): these
// check what the page really receives from it.

test.describe('the app served through the app:// resolver', () => {
  test('the page gets the CSP header and its module scripts run', async ({ page, rendererServer, openApp }) => {
    const response = await page.request.get(`${rendererServer.url}/index.html`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-security-policy']).toBe(CSP_HEADER);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    await openApp('/fleet');
    await expect(page.locator('#app')).not.toBeEmpty();
    for (const url of ['/..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/%252e%252e/package.json', '/assets/..%5c..%5cpackage.json', '/nope.js']) {
      const res = await page.request.get(`${rendererServer.url}${url}`);
      expect(res.status(), url).toBe(404);
    }
  });

  test('the header alone blocks inline scripts (a page without the meta tag)', async ({ page, consoleGuard }) => {
    const root = await mkdtemp(path.join(tmpdir(), 'hangar-csp-'));
    await writeFile(
      path.join(root, 'index.html'),
      '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><p id="p">page</p>' +
        '<script>document.getElementById("p").textContent = "inline ran"</script>' +
        '<script src="./ok.js"></script></body></html>',
    );
    await writeFile(path.join(root, 'ok.js'), 'document.body.dataset.external = "ran";');
    const server = await serveApp(root);
    try {
      const violations: string[] = [];
      await page.exposeFunction('__reportViolation', (d: string) => violations.push(d));
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __reportViolation(d: string): void }).__reportViolation(e.violatedDirective)),
      );
      await page.goto(`${server.url}/index.html`);
      await expect(page.locator('body')).toHaveAttribute('data-external', 'ran');
      await expect(page.locator('#p')).toHaveText('page');
      await expect.poll(() => violations).toContain('script-src-elem');
      expect(consoleGuard.accept(/Content Security Policy/i)).toBeGreaterThan(0);
    } finally {
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
