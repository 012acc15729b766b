// Parley's log: one small text file in the data folder (parley.log, the one before it kept as
// parley.log.1), readable only by the officer's account. It records what IT needs to help —
// starts, migrations, backups, failures, slow calls — and never negotiation data: callers pass
// channel names, counts, file names and error messages, never what the officer wrote. Nothing
// reads it but the officer (Help → Export diagnostics… hands a copy over); it is never sent.
import { appendFileSync, chmodSync, readFileSync, renameSync, statSync } from 'node:fs';

export type LogLevel = 'info' | 'warn' | 'error';

/** Past this size the file is set aside (as parley.log.1, replacing the older one). */
export const LOG_MAX_BYTES = 1024 * 1024;

/** A call slower than this is logged (the data worker measures each one). */
export const SLOW_CALL_MS = 750;

export class FileLog {
  constructor(
    readonly path: string,
    private readonly maxBytes: number = LOG_MAX_BYTES,
    private readonly now: () => Date = () => new Date(),
  ) {}

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  error(message: string, error?: unknown): void {
    this.write('error', error === undefined ? message : `${message}: ${describe(error)}`);
  }

  /** A line per entry: time (UTC), level, message on one line. */
  write(level: LogLevel, message: string): void {
    const line = `${this.now().toISOString()} ${level.toUpperCase().padEnd(5)} ${oneLine(message)}\n`;
    try {
      this.rotate(Buffer.byteLength(line));
      // 0600: created readable by the officer's account only (the mode applies on creation).
      appendFileSync(this.path, line, { mode: 0o600 });
    } catch {
      // A log that cannot be written must never stop the work it describes.
    }
  }

  /** The current file and the one before it, oldest first (for diagnostics). */
  read(): string {
    const part = (path: string) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return '';
      }
    };
    return part(`${this.path}.1`) + part(this.path);
  }

  private rotate(adding: number): void {
    let size: number;
    try {
      size = statSync(this.path).size;
    } catch {
      return;
    }
    if (size + adding <= this.maxBytes) return;
    renameSync(this.path, `${this.path}.1`);
    try {
      chmodSync(`${this.path}.1`, 0o600);
    } catch {
      // Windows has no such modes; the data folder is private there.
    }
  }
}

function oneLine(text: string): string {
  return text.replace(/\r?\n\s*/g, ' ⏎ ');
}

/** An error as one line: its name, message and where it was thrown (no data in either). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const where = error.stack
    ?.split('\n')
    .slice(1, 4)
    .map((l) => l.trim())
    .join(' ');
  return `${error.name}: ${error.message}${where ? ` (${where})` : ''}`;
}

/** The process's log once the data folder is known; until then, and in tests, nowhere. */
let current: FileLog | null = null;

export function openLog(path: string): FileLog {
  current = new FileLog(path);
  return current;
}

export const log = {
  info: (message: string) => current?.info(message),
  warn: (message: string) => current?.warn(message),
  error: (message: string, error?: unknown) => current?.error(message, error),
  get file(): FileLog | null {
    return current;
  },
};
