import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The items of Electron's security checklist that are about what the code never does: a scan of the
// app's own sources (SECURITY.md maps every item to its code and test).

const ROOT = path.resolve(__dirname, '../../..');

function files(dir: string, ext = /\.(ts|vue)$/): string[] {
  const abs = path.join(ROOT, dir);
  return fs
    .readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && ext.test(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}

const APP_SOURCES = [...files('electron/main'), ...files('electron/preload'), ...files('renderer/src'), ...files('shared')];

function offenders(pattern: RegExp): string[] {
  return APP_SOURCES.filter((f) => pattern.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
}

describe('Electron security checklist (what the code must never do)', () => {
  it.each([
    ['no shell.openExternal (#15)', /openExternal/],
    ['no <webview> and no allowpopups (#11, #12)', /<webview|allowpopups|webviewTag:\s*true/],
    ['no Node integration switched on (#2)', /nodeIntegration(InWorker|InSubFrames)?:\s*true/],
    ['no context isolation or sandbox switched off (#3, #4)', /(contextIsolation|sandbox):\s*false/],
    ['no webSecurity off, no insecure content (#6, #8)', /webSecurity:\s*false|allowRunningInsecureContent:\s*true/],
    ['no experimental features, no Blink features (#9, #10)', /experimentalFeatures:\s*true|enableBlinkFeatures/],
    ['no file:// page: the renderer is loaded over app:// (#18)', /loadFile\(|pathToFileURL\(/],
    ['no remote module, no Node APIs handed to the page (#20)', /@electron\/remote|exposeInMainWorld\(\s*['"](?!hangar['"])/],
  ])('%s', (_item, pattern) => {
    expect(offenders(pattern)).toEqual([]);
  });

  it('exposes exactly one object to the page, from the preload (#20)', () => {
    const exposing = offenders(/exposeInMainWorld/);
    expect(exposing).toEqual(['electron/preload/index.ts']);
  });

  it('pins a current Electron (#16)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(pkg.devDependencies.electron.split('.')[0])).toBeGreaterThanOrEqual(45);
  });

  it('flips every fuse the checklist names in the afterPack hook (#19)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { FUSES } = require('../../../scripts/fuses.cjs') as { FUSES: Record<string, { enabled: boolean }> };
    expect(Object.fromEntries(Object.entries(FUSES).map(([k, v]) => [k, v.enabled]))).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    const builder = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(builder).toMatch(/^afterPack: scripts\/after-pack\.cjs$/m);
  });
});
