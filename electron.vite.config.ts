import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

// electron-vite only auto-detects src/{main,preload,renderer}; point each at this project's folders.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The directive reference is an ES module loaded on first lint: bundle it (a lazy chunk) rather than require() it.
      externalizeDeps: { exclude: ['@nginx/reference-lib'] },
      // The CLI is built next to main (out/main/cli.js) so bin/hangar.cjs runs JavaScript, not TypeScript.
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/main/index.ts'), cli: resolve(__dirname, 'electron/cli.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require node_modules: bundle everything it uses.
      externalizeDeps: false,
      rolldownOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
