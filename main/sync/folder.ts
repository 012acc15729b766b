// The sync server's folder holds every document it relays, unencrypted by any library key: it
// must be as private as the library itself. Folders 0700, files 0600, owned by the user who
// runs the server.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export class FolderError extends Error {
  override name = 'FolderError';
}

/**
 * Creates the folder private, or checks the one there: anything in it that others could read is
 * made private again (and listed, so the desk knows it was open), and a folder owned by another
 * user, or holding a link or anything but folders and files, is refused.
 * Returns what was tightened.
 */
export function makePrivateFolder(dir: string): string[] {
  const tightened: string[] = [];
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') chmodSync(dir, 0o700);
    return tightened;
  }
  if (!stat.isDirectory()) {
    throw new FolderError(
      `${dir} is not a folder. Give --dir a folder (Parley creates it if it does not exist).`,
    );
  }
  if (process.platform === 'win32') return tightened;
  const uid = process.getuid?.();
  const walk = (path: string) => {
    const entry = lstatSync(path);
    if (uid !== undefined && entry.uid !== uid) {
      throw new FolderError(
        `${path} belongs to another user (uid ${entry.uid}). Run the server as that user, or give it a folder of its own.`,
      );
    }
    if (entry.isSymbolicLink() || !(entry.isDirectory() || entry.isFile())) {
      throw new FolderError(
        `${path} is not a plain file or folder. The server's folder holds only what the server writes: move it out.`,
      );
    }
    const want = entry.isDirectory() ? 0o700 : 0o600;
    if ((entry.mode & 0o077) !== 0) {
      chmodSync(path, want);
      tightened.push(`${path} (was ${(entry.mode & 0o777).toString(8)}, now ${want.toString(8)})`);
    }
    if (entry.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return tightened;
}
