import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../../electron/main/core/protocol/app-url';
import { CONTENT_SECURITY_POLICY, CSP_HEADER } from '../../../electron/main/core/protocol/csp';
import { appFileFor, resolveAppRequest } from '../../../electron/main/core/protocol/resolve';

// A renderer folder with a secret file next to it (what traversal would reach) and a symlink leading out.
let parent: string;
let root: string;

beforeAll(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-protocol-'));
  root = path.join(parent, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Hangar</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'assets', 'font.woff2'), Buffer.from([1, 2, 3]));
  fs.writeFileSync(path.join(root, 'assets', 'index-BXdsi9I5.js'), 'console.log(2)');
  fs.writeFileSync(path.join(parent, 'secret.txt'), 'SECRET');
  fs.symlinkSync(path.join(parent, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});

afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

describe('the app:// resolver', () => {
  it('serves the built files with their type, the CSP header and nosniff', async () => {
    const page = await resolveAppRequest(APP_ENTRY_URL, root);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Hangar</title>');
    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP_HEADER,
      'x-content-type-options': 'nosniff',
    });
    expect((await resolveAppRequest('app://hangar/', root)).file).toBe(path.join(fs.realpathSync(root), 'index.html'));
    expect((await resolveAppRequest('app://hangar/assets/index-abc.js', root)).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await resolveAppRequest('app://hangar/assets/index-abc.css', root)).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await resolveAppRequest('app://hangar/assets/font.woff2', root)).headers['content-type']).toBe('font/woff2');
    // The router's hash and a query do not change the file.
    expect((await resolveAppRequest('app://hangar/index.html?x=1#/fleet', root)).status).toBe(200);
    const head = await resolveAppRequest(APP_ENTRY_URL, root, 'HEAD');
    expect([head.status, head.body.length]).toEqual([200, 0]);
    expect((await resolveAppRequest(APP_ENTRY_URL, root, 'POST')).status).toBe(405);
  });

  it('lets a file named by its content hash be kept (immutable); index.html and unhashed files are asked for again', async () => {
    expect((await resolveAppRequest('app://hangar/assets/index-BXdsi9I5.js', root)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await resolveAppRequest(APP_ENTRY_URL, root)).headers['cache-control']).toBe('no-cache');
    expect((await resolveAppRequest('app://hangar/assets/index-abc.js', root)).headers['cache-control']).toBe('no-cache');
    expect((await resolveAppRequest('app://hangar/assets/font.woff2', root)).headers['cache-control']).toBe('no-cache');
  });

  it.each([
    ['a missing file', 'app://hangar/nope.js'],
    ['a folder', 'app://hangar/assets'],
    ['another host', 'app://evil/index.html'],
    ['a host that only starts alike', 'app://hangar.evil/index.html'],
    ['a port', 'app://hangar:8080/index.html'],
    ['credentials', 'app://user:pw@hangar/index.html'],
    ['another scheme', 'file:///index.html'],
    ['http', 'http://hangar/index.html'],
    ['plain traversal', 'app://hangar/../secret.txt'],
    ['encoded traversal', 'app://hangar/%2e%2e/secret.txt'],
    ['encoded slash', 'app://hangar/..%2fsecret.txt'],
    ['encoded slash, upper case', 'app://hangar/assets%2F..%2F..%2Fsecret.txt'],
    ['double-encoded traversal', 'app://hangar/%252e%252e/secret.txt'],
    ['double-encoded slash', 'app://hangar/..%252fsecret.txt'],
    ['backslash traversal', 'app://hangar/assets%5c..%5c..%5csecret.txt'],
    ['NUL', 'app://hangar/index.html%00.js'],
    ['a broken escape', 'app://hangar/%E0%A4%A.js'],
    ['a symlink leading out', 'app://hangar/assets/link.txt'],
    ['not a URL', 'hangar/index.html'],
  ])('answers 404 for %s', async (_what, url) => {
    const res = await resolveAppRequest(url, root);
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain('SECRET');
    expect(res.headers['content-security-policy']).toBe(CSP_HEADER);
  });

  it('never names a file outside the root', () => {
    for (const url of ['app://hangar/../../etc/passwd', 'app://hangar/a/../../x', 'app://hangar/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'app://hangar/....//x']) {
      const file = appFileFor(url, root);
      if (file !== null) expect(file.startsWith(root + path.sep)).toBe(true);
    }
  });
});

describe('isAppUrl (IPC sender and navigation checks)', () => {
  it('accepts the app page, whatever the hash and query', () => {
    expect(isAppUrl(APP_ENTRY_URL, APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl(`${APP_ENTRY_URL}#/accounts`, APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl(`${APP_ENTRY_URL}?a=1#/x`, APP_ENTRY_URL)).toBe(true);
  });

  it.each([
    'app://evil/index.html',
    'app://hangar.evil/index.html',
    'app://hangar:1/index.html',
    'app://x@hangar/index.html',
    'app://hangar/index.html.evil',
    'app://hangar/other.html',
    'app://hangar/assets/../index.htm',
    'app://hangar/index.html/%2e%2e/other.html', // dot segments resolve (as in Chromium) to /other.html
    'app://hangar/index%2ehtml',
    'http://hangar/index.html',
    'https://hangar/index.html',
    'file:///index.html',
    'file://hangar/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url, APP_ENTRY_URL)).toBe(false);
  });

  it('compares host and path of file URLs too (a look-alike on another host is not the app)', () => {
    const fileApp = 'file:///opt/Hangar/resources/app.asar/out/renderer/index.html';
    expect(isAppUrl(fileApp, fileApp)).toBe(true);
    expect(isAppUrl('file://other-host/opt/Hangar/resources/app.asar/out/renderer/index.html', fileApp)).toBe(false);
  });

  it('keeps the development server to its origin and path', () => {
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/evil.html', 'http://localhost:5173/')).toBe(false);
  });
});

describe('the CSP', () => {
  it('is the same text in renderer/index.html as in the resolver', () => {
    const html = fs.readFileSync(path.resolve(__dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    expect(CSP_HEADER).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});
