import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles the renderer's rune modules (*.svelte.ts) for the unit tests of its logic.
  plugins: [svelte()],
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
