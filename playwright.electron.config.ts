import { defineConfig } from '@playwright/test';

// The real-Electron smoke suite (tests/electron-smoke), run by .github/workflows/ci.yml — not by npm test.
export default defineConfig({
  testDir: 'tests/electron-smoke',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'node_modules/.cache/playwright-electron-results',
});
