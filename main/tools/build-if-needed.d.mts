/** Builds the app (electron-vite) when any source is newer than the last build. */
export function buildIfNeeded(root: string): void;
