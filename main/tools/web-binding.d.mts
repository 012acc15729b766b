import type { ChildProcess, StdioOptions } from 'node:child_process';

/** Node's flags for a process that hosts Parley's data workers: V8's helper pool sized. */
export function hostNodeFlags(processors?: number): string[];

/** Starts out/main/web.js with `args` and those flags, passing SIGINT and SIGTERM on. */
export function startWebBinding(root: string, args: string[], stdio: StdioOptions): ChildProcess;
