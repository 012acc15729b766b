import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { CONTENT_SECURITY_POLICY } from './shared/security';

// Three bundles: the main process (with two more entries: the loopback web binding, which
// shares all of main's code but never imports electron, and the data worker both run), the
// sandboxed preload, and the renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The web binding's printer drives Chromium through Playwright (a dev dependency): keep
      // it a run-time import rather than bundling it.
      externalizeDeps: { include: ['playwright-core'] },
      rollupOptions: {
        input: {
          index: resolve('main/electron/main.ts'),
          web: resolve('main/web/main.ts'),
          'data-worker': resolve('main/worker/data-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or other files: one CommonJS file.
      rollupOptions: {
        input: { index: resolve('main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [
      svelte({ configFile: resolve('svelte.config.js') }),
      {
        // One policy, defined in shared/security.ts, for the page's meta tag and the headers.
        name: 'parley-csp',
        transformIndexHtml: (html) => html.replace('%PARLEY_CSP%', CONTENT_SECURITY_POLICY),
      },
    ],
    build: {
      outDir: resolve('out/renderer'),
      // Fonts and images stay files: the Content-Security-Policy allows no data: fonts.
      assetsInlineLimit: 0,
      // Minified, the page's script is half the size (927 KB to 427 KB), and the window parses
      // and compiles it before the first view (issue 16: first usable view).
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
