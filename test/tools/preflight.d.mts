export interface Requirement {
  /** The Debian package that provides it. */
  debian: string;
  /** Which tests fail without it, for the line that says why it is being installed. */
  neededBy: string;
  chromium?: true;
  commands?: string[];
  families?: string[];
}

export const REQUIREMENTS: Requirement[];

export type Privilege = 'root' | 'sudo' | null;

export interface AptResult {
  status: number;
  output: string;
}

export function onPath(command: string, env?: NodeJS.ProcessEnv): string | null;
export function currentPrivilege(env?: NodeJS.ProcessEnv): Privilege;
export function runApt(argv: string[], env?: NodeJS.ProcessEnv): AptResult;

/** Checks (and where it may, installs) what the tests need; returns the exit code. */
export function preflight(options?: {
  env?: NodeJS.ProcessEnv;
  /** Debian package names to check; all of REQUIREMENTS when empty. */
  only?: string[];
  debianChromium?: string;
  managedChromium?: () => string | null;
  privilege?: (env: NodeJS.ProcessEnv) => Privilege;
  apt?: (argv: string[], env: NodeJS.ProcessEnv) => AptResult;
  print?: (line: string) => void;
}): number;
