// User Timing marks for the figures `npm run bench` reads (and devtools shows): how long from a
// moment (data arriving, a request leaving) to the next painted frame.

/** Records `name` from `start` to just after the next paint. */
export function measureToPaint(name: string, start: number): void {
  requestAnimationFrame(() => {
    // A task queued from a frame callback runs after that frame has been painted.
    setTimeout(() => performance.measure(name, { start, end: performance.now() }), 0);
  });
}
