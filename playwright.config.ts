import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  // Two browsers at a time: most E2E time is waiting on the trackers' documented rate limits (Worksection,
  // PlanFix: 1 request/s), not CPU. Each worker has its own sandbox.
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: '.cache/playwright.json' }]],
  use: { trace: 'off', screenshot: 'only-on-failure' },
});
