import { describe, expect, it } from 'vitest';
import { collectEvery, collectGarbage } from '../../main/services/memory';

describe('collecting garbage during long work', () => {
  it('collects what is dead at once, and leaves no gc exposed to scripts', () => {
    // Made and dropped inside a function, so nothing of it is reachable after the call.
    const kept = (() => {
      const junk: { i: number; text: string }[] = [];
      for (let i = 0; i < 500_000; i++) junk.push({ i, text: `item ${i}` });
      return junk.slice(0, 10);
    })();
    const before = process.memoryUsage().heapUsed;
    collectGarbage();
    const after = process.memoryUsage().heapUsed;
    // Half a million small objects are tens of megabytes; a collection frees them.
    expect(before - after).toBeGreaterThan(10 * 1024 * 1024);
    expect(kept).toHaveLength(10);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  it('collects once for every so many bytes read', () => {
    let collections = 0;
    const read = collectEvery(4, { collect: () => collections++, now: () => 0 });
    for (const bytes of [1, 2, 1, 3, 3, 5, 1]) read(bytes);
    // 1+2+1 = 4: one; 3+3 = 6: two; 5: three; 1 left over.
    expect(collections).toBe(3);
  });

  it('skips collections while they have cost more than a tenth of the time', () => {
    let clock = 0;
    const at: number[] = [];
    const read = collectEvery(1, {
      now: () => clock,
      // Each collection takes 5 ms.
      collect: () => {
        at.push(clock);
        clock += 5;
      },
    });
    // A chunk every 10 ms: after the first collection (5 ms of the first 10), the next waits
    // until 5 ms are no more than a tenth of the time (at 55 ms), the third until 10 ms are.
    for (let i = 0; i < 12; i++) {
      clock += 10;
      read(1);
    }
    expect(at).toEqual([10, 55, 100]);
  });
});
