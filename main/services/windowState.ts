// Where the desktop window reopens: where and as large as it was, if that place is still on a
// display (a laptop undocked from its second screen must not open Parley off-screen). Plain
// logic over rectangles, so it is tested under Node; main/electron/windowState.ts feeds it
// Electron's displays and keeps the file.
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const int = z.number().int().min(-100_000).max(100_000);
const rect = z.strictObject({
  x: int,
  y: int,
  width: int.min(1),
  height: int.min(1),
});

/** window-state.json, as saved when the window closes. */
export const windowStateSchema = z.strictObject({
  bounds: rect,
  maximized: z.boolean(),
  fullScreen: z.boolean(),
});
export type WindowState = z.output<typeof windowStateSchema>;

/** Reads a saved state; anything that does not parse is as if nothing were saved. */
export function parseWindowState(json: string | null): WindowState | null {
  if (json === null) return null;
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** How much of the window's top must be on a display for it to be found and dragged. */
export const GRAB = { width: 120, height: 32 };

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** Whether the window's title bar is on a display, far enough in to take hold of it. */
export function isReachable(bounds: Rect, workAreas: readonly Rect[]): boolean {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: GRAB.height };
  return workAreas.some((area) => {
    const shared = overlap(titleBar, area);
    return !!shared && shared.width >= Math.min(GRAB.width, bounds.width) && shared.height >= 1;
  });
}

export interface Placement {
  /** Position and size; without x and y the window is centred on the main display. */
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
  fullScreen: boolean;
}

/**
 * Where to open the window. The saved place when it is still reachable (its size reduced to
 * fit the display it is on); otherwise the saved size (or the default), fitted to the main
 * display and centred there. Maximised and full-screen windows open so again.
 */
export function placeWindow(
  saved: WindowState | null,
  workAreas: readonly Rect[],
  defaults: { width: number; height: number },
  minimum: { width: number; height: number },
): Placement {
  const primary = workAreas[0];
  const fit = (size: { width: number; height: number }, area: Rect | undefined) => ({
    width: Math.max(minimum.width, Math.min(size.width, area?.width ?? size.width)),
    height: Math.max(minimum.height, Math.min(size.height, area?.height ?? size.height)),
  });
  if (!saved) return { bounds: fit(defaults, primary), maximized: false, fullScreen: false };
  const { bounds, maximized, fullScreen } = saved;
  if (isReachable(bounds, workAreas)) {
    // The display holding the most of the title bar is the one it is fitted to.
    const titleBar = { ...bounds, height: GRAB.height };
    const shared = (area: Rect) => overlap(titleBar, area)?.width ?? 0;
    const home = [...workAreas].sort((a, b) => shared(b) - shared(a))[0];
    const size = fit(bounds, home);
    // Pulled back in so its right and bottom edges stay on that display where they can.
    const x = home
      ? Math.max(home.x, Math.min(bounds.x, home.x + home.width - size.width))
      : bounds.x;
    const y = home
      ? Math.max(home.y, Math.min(bounds.y, home.y + home.height - size.height))
      : bounds.y;
    return { bounds: { ...size, x, y }, maximized, fullScreen };
  }
  return { bounds: fit(bounds, primary), maximized, fullScreen };
}
