/** The command that opens an address in the default browser here, or null without a desktop. */
export function browserOpener(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv): string[] | null;

/** Asks the desktop to open `url`; returns whether it tried. Never throws. */
export function openInBrowser(
  url: string,
  platform?: NodeJS.Platform,
  env?: NodeJS.ProcessEnv,
): boolean;
