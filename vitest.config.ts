import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Generous: CI machines are small and sometimes busy; speed is measured by `npm run bench`,
    // never by a test's deadline.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
