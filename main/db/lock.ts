// One opener per library. Two processes writing one database (the desktop app and `npm run web`,
// say) would each restore, undo and back up without seeing the other: a restore in one silently
// loses the other's later writes. So the first to open a library leaves `<database>.lock` with
// its process id, and a second is refused while that process lives. A lock left by a process
// that died (a crash, a kill) is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

export class LibraryInUseError extends Error {
  constructor(readonly pid: number) {
    super(
      `Parley is already open on this library in another window or process (process ${pid}). ` +
        'Close it there, or open another library.',
    );
    this.name = 'LibraryInUseError';
  }
}

interface LockData {
  pid: number;
  host: string;
  at: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LibraryLock {
  release(): void;
}

/** Takes the library's lock, or refuses with LibraryInUseError. */
export function lockLibrary(databasePath: string): LibraryLock {
  const path = `${databasePath}.lock`;
  const mine: LockData = { pid: process.pid, host: hostname(), at: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
      return {
        release: () => {
          try {
            const held = JSON.parse(readFileSync(path, 'utf8')) as LockData;
            if (held.pid === mine.pid && held.at === mine.at) rmSync(path, { force: true });
          } catch {
            // Gone already.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let held: LockData | null = null;
    try {
      held = JSON.parse(readFileSync(path, 'utf8')) as LockData;
    } catch {
      // Unreadable: half-written by a process that died; taken over below.
    }
    if (held && held.host === mine.host && held.pid !== mine.pid && alive(held.pid)) {
      throw new LibraryInUseError(held.pid);
    }
    rmSync(path, { force: true });
  }
  throw new Error(`The library's lock ${path} could not be taken.`);
}
