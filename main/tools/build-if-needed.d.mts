/** Builds the app (electron-vite) when any source is newer than the last build. */
export function buildIfNeeded(root: string): void;

/** Builds the app (electron-vite) now and records that out/ matches the sources. */
export function build(root: string): void;
