// The window's place, kept in window-state.json in the usual data folder when the window
// closes, and given back (if still on a display) when it opens. The rules are in
// services/windowState.ts, tested under Node.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, type BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { log } from '../log';
import { parseWindowState, placeWindow, type WindowState } from '../services/windowState';

const FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1360, height: 860 };
export const MINIMUM_SIZE = { width: 900, height: 600 };

function readState(folder: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(join(folder, FILE), 'utf8'));
  } catch {
    return null;
  }
}

/** Position and size for a new window, and how to show it (maximised, full screen). */
export function restoredPlacement(folder: string): {
  options: BrowserWindowConstructorOptions;
  maximized: boolean;
  fullScreen: boolean;
} {
  // The main display first: a window that cannot go back to its place is centred there.
  const primary = screen.getPrimaryDisplay();
  const areas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map(
    (d) => d.workArea,
  );
  const placed = placeWindow(readState(folder), areas, DEFAULT_SIZE, MINIMUM_SIZE);
  return { options: placed.bounds, maximized: placed.maximized, fullScreen: placed.fullScreen };
}

/** Saves the window's place as it closes (its normal bounds, even when maximised). */
export function keepPlacement(window: BrowserWindow, folder: string): void {
  window.on('close', () => {
    const state: WindowState = {
      bounds: window.getNormalBounds(),
      maximized: window.isMaximized(),
      fullScreen: window.isFullScreen(),
    };
    try {
      writeFileSync(join(folder, FILE), `${JSON.stringify(state)}\n`, { mode: 0o600 });
    } catch (error) {
      log.warn(`Could not keep the window's place: ${(error as Error).message}`);
    }
  });
}
