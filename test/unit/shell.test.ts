import { readdirSync, readFileSync } from 'node:fs';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isTrustedSender } from '../../main/electron/trust';
import {
  isAppUrl,
  printWebPreferences,
  secureWebPreferences,
} from '../../main/electron/webPreferences';

describe('the Electron window', () => {
  it('keeps every item of the renderer sandbox', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('prints in a window as locked down, with no preload and no JavaScript', () => {
    const prefs = printWebPreferences();
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      javascript: false,
    });
    expect(prefs.preload).toBeUndefined();
  });

  it('builds every window from those preferences, never inline ones', () => {
    const dir = 'main/electron';
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(`${dir}/${file}`, 'utf8');
      const windows = source.match(/new BrowserWindow\(/g)?.length ?? 0;
      const built = source.match(/webPreferences: (secure|print)WebPreferences\(/g)?.length ?? 0;
      expect(built, `${file}: every BrowserWindow takes built preferences`).toBe(windows);
      expect(source, file).not.toMatch(/webPreferences: \{/);
    }
  });

  it('takes IPC only from the app’s own top-level frame', () => {
    const frame = (url: string) => ({ url }) as never;
    const main = frame('app://parley/index.html');
    const sub = frame('app://parley/briefing/1.html');
    const sender = { mainFrame: main };
    expect(isTrustedSender({ sender, senderFrame: main })).toBe(true);
    // A sub-frame, even of our own origin; a frame already gone; another origin on top.
    expect(isTrustedSender({ sender, senderFrame: sub })).toBe(false);
    expect(isTrustedSender({ sender, senderFrame: null })).toBe(false);
    const evil = frame('https://evil.example/');
    expect(isTrustedSender({ sender: { mainFrame: evil }, senderFrame: evil })).toBe(false);
    const file = frame('file:///tmp/index.html');
    expect(isTrustedSender({ sender: { mainFrame: file }, senderFrame: file })).toBe(false);
  });

  it('treats only app://parley/ as the app', () => {
    expect(isAppUrl('app://parley/index.html')).toBe(true);
    for (const url of [
      'https://parley/',
      'app://evil/index.html',
      'file:///etc/passwd',
      'nonsense',
    ]) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
});

describe('packaging', () => {
  const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('is valid for electron-builder', async () => {
    const loaded = await getConfig(process.cwd(), null, null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('packs into an asar with better-sqlite3 unpacked, for every desktop platform', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
  });
});

describe('the walls between layers', () => {
  // The files linted here do not exist, so the type-aware rules (which need each file in a
  // TypeScript project) are switched off; the walls are plain import rules.
  const eslint = new ESLint({
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/switch-exhaustiveness-check': 'off',
      },
    },
  });
  const lint = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
  };

  it.each([
    ['renderer/src/x.ts', "import { readdirSync, readFileSync } from 'node:fs';"],
    ['renderer/src/x.ts', "import { Store } from '../../main/db/store';"],
    ['renderer/src/x.ts', "import Database from 'better-sqlite3-multiple-ciphers';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['shared/x.ts', "import { Store } from '../main/db/store';"],
    ['shared/x.ts', "import { join } from 'path';"],
    ['shared/x.ts', "import { x } from '../renderer/src/lib/api';"],
    ['main/services/x.ts', "import { app } from 'electron';"],
    ['main/services/x.ts', "import Database from 'better-sqlite3-multiple-ciphers';"],
    ['main/web/x.ts', "import App from '../../renderer/src/App.svelte';"],
    ['main/db/x.ts', "import { quoted } from '../services/common';"],
    ['main/db/queries/x.ts', "import { createDispatch } from '../../ipc/dispatch';"],
    ['main/db/x.ts', "import { openApp } from '../app';"],
    ['main/services/x.ts', "import { createDispatch } from '../ipc/dispatch';"],
    ['main/services/x.ts', "import { openApp } from '../app';"],
    ['main/services/briefing/x.ts', "import { startWorker } from '../../worker/host';"],
    ['main/ipc/x.ts', "import { listMarkings } from '../db/queries/markings';"],
    ['renderer/src/components/x.ts', "import Overview from '../views/Overview.svelte';"],
    // No network but desk sync's (issue 19).
    ['main/services/x.ts', "import WebSocket from 'ws';"],
    ['main/web/x.ts', "import { request } from 'node:https';"],
    ['main/worker/x.ts', "import { connect } from 'node:tls';"],
    [
      'main/x.ts',
      "import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';",
    ],
    ['shared/x.ts', "import WebSocket from 'ws';"],
  ])('%s may not: %s', async (file, code) => {
    expect(await lint(file, `${code}\nexport {};\n`)).toBe(1);
  });

  it.each([
    ['renderer/src/x.ts', "import { contract } from '../../shared/contract';"],
    ['main/db/x.ts', "import Database from 'better-sqlite3-multiple-ciphers';"],
    ['main/electron/x.ts', "import { app } from 'electron';"],
    ['main/services/x.ts', "import { join } from 'node:path';"],
    ['main/services/x.ts', "import { listMarkings } from '../db/queries/markings';"],
    ['main/ipc/x.ts', "import * as history from '../services/history';"],
    ['renderer/src/views/x.ts', "import Field from '../components/Field.svelte';"],
    ['main/sync/x.ts', "import WebSocket from 'ws';"],
  ])('%s may: %s', async (file, code) => {
    expect(await lint(file, `${code}\nexport {};\n`)).toBe(0);
  });

  it('keeps fetch and WebSocket out of main, but for desk sync', async () => {
    const code = "export const f = () => fetch('http://10.0.0.1/');\n";
    const uses = async (filePath: string) => {
      const [result] = await eslint.lintText(code, { filePath });
      return result!.messages.filter((m) => m.ruleId === 'no-restricted-globals').length;
    };
    expect(await uses('main/services/x.ts')).toBe(1);
    expect(await uses('main/worker/x.ts')).toBe(1);
    expect(await uses('main/sync/x.ts')).toBe(0);
  });
});
