export function electronBindingPath(
  root: string,
  electronVersion: string,
  platform: string,
  arch: string,
): string;

export const SQLITE_PACKAGE: string;
