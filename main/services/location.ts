// Where the library lives. The desktop app keeps it in the system's folder for application
// data unless told otherwise: by --data-dir on the command line, by PARLEY_DATA in the
// environment (for IT, say a managed drive), or by the choice made in Settings. That choice is
// read before anything is opened, so it is kept in the usual folder (library-location.json),
// outside any library, and honoured at the next start. Nothing is moved: the next start opens
// the library it finds in the chosen folder, or sets up a new one there if it finds none.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { LibraryLocation } from '../../shared/settings';
import { DATABASE_FILE } from '../paths';
import { invalid } from './errors';

export const LOCATION_FILE = 'library-location.json';

export interface DataFolder {
  folder: string;
  source: LibraryLocation['source'];
}

/** The value of --data-dir (as `--data-dir DIR` or `--data-dir=DIR`), if given. */
function fromArgv(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir') return argv[i + 1] ?? null;
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
  }
  return null;
}

/** The folder chosen in Settings for the next start (null when none, or unreadable). */
export function chosenFolder(usual: string): string | null {
  try {
    const data = JSON.parse(readFileSync(join(usual, LOCATION_FILE), 'utf8')) as unknown;
    const folder = (data as { folder?: unknown } | null)?.folder;
    return typeof folder === 'string' && isAbsolute(folder) ? folder : null;
  } catch {
    return null;
  }
}

/** Which folder this start opens, and why: the command line, the environment, Settings. */
export function dataFolder(
  usual: string,
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv,
): DataFolder {
  const given = fromArgv(argv);
  if (given) return { folder: resolve(given), source: 'command line' };
  if (env.PARLEY_DATA) return { folder: resolve(env.PARLEY_DATA), source: 'environment' };
  const chosen = chosenFolder(usual);
  if (chosen) return { folder: chosen, source: 'setting' };
  return { folder: usual, source: 'usual' };
}

/** What a start would find in a folder. */
export const holds = (folder: string): 'library' | 'nothing' =>
  existsSync(join(folder, DATABASE_FILE)) ? 'library' : 'nothing';

/** The Settings screen's view of where the library lives, and the choice for the next start. */
export class LocationChoice {
  constructor(
    /** The folder opened now. */
    private readonly folder: string,
    private readonly source: LibraryLocation['source'],
    /** The usual folder, where the choice is kept; null when this Parley cannot choose
     * (the web binding opens the database its --db names). */
    private readonly usual: string | null,
  ) {}

  view(): LibraryLocation {
    const chosen = this.usual ? chosenFolder(this.usual) : null;
    // With no choice made, the next start goes back to the usual folder.
    const nextFolder = this.usual ? (chosen ?? this.usual) : null;
    const next = nextFolder && resolve(nextFolder) !== resolve(this.folder) ? nextFolder : null;
    return {
      folder: this.folder,
      source: this.source,
      usual: this.usual ?? this.folder,
      next,
      nextHolds: next ? holds(next) : null,
      canChoose: this.usual !== null,
    };
  }

  /** Chooses the folder for the next start (null: the usual one). The folder must exist. */
  async choose(folder: string | null): Promise<LibraryLocation> {
    if (!this.usual) {
      throw invalid(
        'folder',
        'The web binding opens the database named by --db: start it with another --db to use another library.',
      );
    }
    if (folder !== null) {
      let isFolder: boolean;
      try {
        isFolder = statSync(folder).isDirectory();
      } catch {
        throw invalid(
          'folder',
          `There is no folder at ${folder}. Create it first, then choose it.`,
        );
      }
      if (!isFolder) {
        throw invalid('folder', `${folder} is a file, not a folder. Choose the folder itself.`);
      }
    }
    const usual = folder === null || resolve(folder) === resolve(this.usual);
    await writeFile(
      join(this.usual, LOCATION_FILE),
      `${JSON.stringify({ folder: usual ? null : folder }, null, 2)}\n`,
      { mode: 0o600 },
    );
    return this.view();
  }
}
