import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserOpener, openInBrowser } from '../../main/tools/open-browser.mjs';

// `npm start` without Electron opens the web binding's address where there is a desktop. The
// openers are real programs; here a temp folder is the whole PATH, with a fake xdg-open or none.
let bin: string;
beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'parley-open-'));
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

const URL = 'http://127.0.0.1:5173/?token=abc-DEF_123';

async function eventually(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('browserOpener', () => {
  it('uses each desktop’s own opener, and none on Linux without a display', () => {
    expect(browserOpener('darwin', {})).toEqual(['open']);
    expect(browserOpener('win32', {})).toEqual(['cmd', '/c', 'start', '""']);
    expect(browserOpener('linux', { DISPLAY: ':0' })).toEqual(['xdg-open']);
    expect(browserOpener('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual(['xdg-open']);
    expect(browserOpener('linux', {})).toBeNull();
    expect(browserOpener('linux', { DISPLAY: '' })).toBeNull();
  });
});

describe('openInBrowser', () => {
  it('hands the address to xdg-open', async () => {
    const opened = join(bin, 'opened');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    expect(openInBrowser(URL, 'linux', { DISPLAY: ':0', PATH: bin })).toBe(true);
    expect(await eventually(() => existsSync(opened) && readFileSync(opened, 'utf8') !== '')).toBe(
      true,
    );
    expect(readFileSync(opened, 'utf8')).toBe(URL);
  });

  it('does not fail where xdg-open is not installed', async () => {
    const errors: unknown[] = [];
    const record = (error: unknown) => errors.push(error);
    process.on('uncaughtException', record);
    try {
      expect(openInBrowser(URL, 'linux', { DISPLAY: ':0', PATH: bin })).toBe(true);
      // The spawn error arrives on a later tick; give it time to surface if it were unhandled.
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('uncaughtException', record);
    }
    expect(errors).toEqual([]);
  });

  it('does nothing without a display', async () => {
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\ntouch '${join(bin, 'opened')}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    expect(openInBrowser(URL, 'linux', { PATH: bin })).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(join(bin, 'opened'))).toBe(false);
  });
});
