// The desktop window reopens where it was, unless that place is no longer on any display.
import { describe, expect, it } from 'vitest';
import {
  isReachable,
  parseWindowState,
  placeWindow,
  type WindowState,
} from '../../main/services/windowState';

const laptop = { x: 0, y: 25, width: 1440, height: 875 };
// A second screen to the left of the laptop, taller, higher up.
const monitor = { x: -2560, y: -300, width: 2560, height: 1415 };
const DEFAULT = { width: 1360, height: 860 };
const MIN = { width: 900, height: 600 };

const state = (
  x: number,
  y: number,
  width = 1200,
  height = 800,
  maximized = false,
): WindowState => ({
  bounds: { x, y, width, height },
  maximized,
  fullScreen: false,
});

describe('window placement', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(placeWindow(null, [laptop], DEFAULT, MIN)).toEqual({
      bounds: { width: 1360, height: 860 },
      maximized: false,
      fullScreen: false,
    });
    // A small screen: no larger than it.
    expect(
      placeWindow(null, [{ x: 0, y: 0, width: 1280, height: 720 }], DEFAULT, MIN).bounds,
    ).toEqual({
      width: 1280,
      height: 720,
    });
  });

  it('reopens where and as large as it was, on a display that is still there', () => {
    expect(placeWindow(state(100, 80), [laptop, monitor], DEFAULT, MIN)).toEqual({
      bounds: { x: 100, y: 80, width: 1200, height: 800 },
      maximized: false,
      fullScreen: false,
    });
    // On the second screen, at negative coordinates.
    expect(placeWindow(state(-2000, -200), [laptop, monitor], DEFAULT, MIN).bounds).toEqual({
      x: -2000,
      y: -200,
      width: 1200,
      height: 800,
    });
  });

  it('comes back to the main display when its screen is gone', () => {
    // Was on the monitor, which is unplugged now: the saved size, centred on the laptop.
    const placed = placeWindow(state(-2000, -200, 1300, 900, true), [laptop], DEFAULT, MIN);
    expect(placed).toEqual({
      bounds: { width: 1300, height: 875 },
      maximized: true,
      fullScreen: false,
    });
  });

  it('is not reachable when only a sliver of its title bar, or none, is on a display', () => {
    expect(isReachable({ x: 1400, y: 100, width: 1200, height: 800 }, [laptop])).toBe(false);
    expect(isReachable({ x: 1300, y: 100, width: 1200, height: 800 }, [laptop])).toBe(true);
    // Its top above every display (only the lower part shows): its title bar cannot be grabbed.
    expect(isReachable({ x: 100, y: -500, width: 1200, height: 800 }, [laptop])).toBe(false);
  });

  it('fits a window larger than its display, and pulls its edges back on', () => {
    const placed = placeWindow(state(1000, 300, 2000, 1200), [laptop], DEFAULT, MIN);
    expect(placed.bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
  });

  it('reads only a well-formed saved state', () => {
    const good = state(1, 2);
    expect(parseWindowState(JSON.stringify(good))).toEqual(good);
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState('{not json')).toBeNull();
    expect(parseWindowState(JSON.stringify({ ...good, bounds: { x: 'a' } }))).toBeNull();
    expect(parseWindowState(JSON.stringify({ ...good, extra: 1 }))).toBeNull();
  });
});
