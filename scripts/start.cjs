'use strict';
// `npm start`: makes sure Electron's binary is installed (Electron's own installer: Electron 45 no longer
// downloads it at `npm ci`, and electron-vite does not trigger the download), then opens the app through
// `electron-vite preview` (build, then run). Where the download is impossible it says so and exits 1 within
// a minute, naming the way to see the app without Electron.
require('./check-node.cjs').checkNode();

const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const INSTALL_TIMEOUT_MS = Number(process.env.HANGAR_ELECTRON_INSTALL_TIMEOUT_MS) || 50_000;
const BROWSER_HINT =
  'To see Hangar without Electron: `npm run app:browser` (the same app in Chromium, against the same core' +
  (process.platform === 'linux' ? '; without a display: `xvfb-run -a npm run app:browser`' : '') +
  ').';

/** Runs Electron's installer (a no-op when the binary is there); resolves to its outcome. */
function installElectron() {
  const installer = require.resolve('electron/install.js', { paths: [root] });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ ok: false, reason: `no answer within ${Math.round(INSTALL_TIMEOUT_MS / 1000)} s` });
    }, INSTALL_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: e.message });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // The installer prints a stack trace; its first line is the reason.
      const reason = stderr.trim().split('\n')[0] || `the installer exited with ${code}`;
      resolve(code === 0 ? { ok: true } : { ok: false, reason });
    });
  });
}

async function main() {
  const installed = await installElectron();
  if (!installed.ok) {
    process.stderr.write(
      `hangar: Electron's binary could not be downloaded (${installed.reason}), so the desktop app cannot open here.\n` +
        `${BROWSER_HINT}\n`,
    );
    return 1;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    process.stderr.write(
      'hangar: Electron is installed, but there is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset).\n' +
        'Run it under a virtual one (`xvfb-run -a npm start`), or see the app in Chromium: `xvfb-run -a npm run app:browser`.\n',
    );
    return 1;
  }
  const bin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [bin, 'preview', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1))));
}

main().then((code) => process.exit(code));
