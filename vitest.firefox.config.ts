import { defineConfig } from 'vitest/config';

/**
 * The Firefox tests (`npx vitest run -c vitest.firefox.config.ts`): the built extension in Debian's Firefox ESR
 * against the sandbox. One file at a time, because every file's sandbox listens on port 443.
 */
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
