import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// The walls of docs/architecture.md, enforced on every import:
//   shared/   runs anywhere: no main/, renderer/, Node, Electron or SQLite
//   renderer/ browser code: only shared/ and its own files; no main/, Node, Electron or SQLite;
//             components/ never reach into views/; components/fields/ (the primitives) never
//             reach into a feature folder
//   main/     Node: no renderer/; electron only in main/electron/; better-sqlite3 only in main/db/
//   main/db/        the store: nothing above it (services, ipc, the app, worker, web, electron)
//   main/services/  the domain: not ipc, the app, worker, electron or web
//   main/ipc/       handlers: reach db/ only through services/
// Import cycles are refused too (`npm run lint` runs dpdm after eslint).
const NODE = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const wall = (message) => ({ message });
const restrict = ({ paths = [], patterns = [] }) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});

const noNode = NODE.map((name) => ({ name, ...wall('Node built-ins are not available here.') }));
const noElectron = { name: 'electron', ...wall('Only main/electron/ may import electron.') };
const noSqlite = {
  name: 'better-sqlite3-multiple-ciphers',
  ...wall('SQL lives only in main/db/.'),
};
// No network, but one exact exception: desk sync (main/sync/, issue 19) opens the only
// outbound connection, to the address the officer set, once they connect. Nothing else may
// import a network client: the WebSocket libraries, TLS, HTTP/2 or HTTPS, or UDP. (The web
// binding's loopback server uses node:http's server; main/electron keeps the page's own
// requests to the app's origin.)
const noNetwork = [
  'ws',
  'isomorphic-ws',
  '@automerge/automerge-repo-network-websocket',
  ...['tls', 'https', 'http2', 'dgram'].flatMap((m) => [m, `node:${m}`]),
].map((name) => ({
  name,
  ...wall(
    'Only main/sync/ (desk sync) may open a network connection: Parley is offline otherwise.',
  ),
}));
const noNetworkGlobals = [
  'error',
  ...['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest'].map((name) => ({
    name,
    message:
      'Only main/sync/ (desk sync) may open a network connection: Parley is offline otherwise.',
  })),
];
const noMain = { regex: '(^|/)main/', ...wall('This code may not reach into main/.') };
const noRenderer = { regex: '(^|/)renderer/', ...wall('This code may not reach into renderer/.') };
// Relative imports only: `electron` the package is walled off by name above.
const above = (names, message) => ({
  regex: `^\\.\\.?/(.*/)?(${names.join('|')})(/|$)`,
  ...wall(message),
});
const noAboveDb = above(
  ['services', 'ipc', 'app', 'worker', 'web', 'electron'],
  'main/db/ is the bottom layer: it may not import services, ipc, the app, worker, web or electron.',
);
const noAboveServices = above(
  ['ipc', 'app', 'worker', 'electron', 'web'],
  'Services may not import ipc, the app, worker, electron or web: they are called, never call up.',
);
const noDbFromIpc = above(['db'], 'Handlers reach main/db/ only through services.');
const noViews = above(['views'], 'Components are reused by views; they may not import a view.');
const noFeatures = above(
  ['shell', 'history', 'negotiation', 'round', 'compare', 'exports', 'library'],
  'Field primitives are reused by every feature; they may not import a feature component.',
);

export default ts.config(
  {
    ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/'],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        parser: ts.parser,
        extraFileExtensions: ['.svelte'],
        svelteConfig,
      },
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict({ paths: [noElectron, noSqlite, ...noNode], patterns: [noMain] }),
  },
  {
    files: ['renderer/src/components/**'],
    rules: restrict({
      paths: [noElectron, noSqlite, ...noNode],
      patterns: [noMain, noViews],
    }),
  },
  {
    files: ['renderer/src/components/fields/**'],
    rules: restrict({
      paths: [noElectron, noSqlite, ...noNode],
      patterns: [noMain, noViews, noFeatures],
    }),
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: restrict({
      paths: [noElectron, noSqlite, ...noNode, ...noNetwork],
      patterns: [noMain, noRenderer],
    }),
  },
  {
    files: ['main/**'],
    ignores: ['main/electron/**', 'main/db/**', 'main/services/**', 'main/ipc/**', 'main/sync/**'],
    rules: {
      ...restrict({ paths: [noElectron, noSqlite, ...noNetwork], patterns: [noRenderer] }),
      'no-restricted-globals': noNetworkGlobals,
    },
  },
  {
    // Desk sync: the one place a connection is made (see noNetwork above).
    files: ['main/sync/**'],
    rules: restrict({ paths: [noElectron, noSqlite], patterns: [noRenderer] }),
  },
  {
    files: ['main/db/**'],
    rules: {
      ...restrict({ paths: [noElectron, ...noNetwork], patterns: [noRenderer, noAboveDb] }),
      'no-restricted-globals': noNetworkGlobals,
    },
  },
  {
    files: ['main/services/**'],
    rules: {
      ...restrict({
        paths: [noElectron, noSqlite, ...noNetwork],
        patterns: [noRenderer, noAboveServices],
      }),
      'no-restricted-globals': noNetworkGlobals,
    },
  },
  {
    files: ['main/ipc/**'],
    rules: {
      ...restrict({
        paths: [noElectron, noSqlite, ...noNetwork],
        patterns: [noRenderer, noDbFromIpc],
      }),
      'no-restricted-globals': noNetworkGlobals,
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error (and, for a save, the officer's
    // typing); a switch over a union must say what each member does.
    files: ['main/**/*.ts', 'shared/**/*.ts', 'renderer/src/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
    },
  },
  {
    files: ['main/electron/**'],
    rules: {
      ...restrict({ paths: [noSqlite, ...noNetwork], patterns: [noRenderer] }),
      'no-restricted-globals': noNetworkGlobals,
    },
  },
  {
    // Playwright fixtures declare their dependencies by destructuring, even when there are none.
    files: ['test/e2e/**', 'test/electron/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // Svelte's own rule for the template's `{#each}` keys is the one that matters here.
    files: ['**/*.svelte'],
    rules: { 'svelte/require-each-key': 'error' },
  },
);
