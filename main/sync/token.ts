// The desk's token: one shared secret that every officer's Parley sends to the desk's sync
// server. It is kept in a file readable by its owner alone (or given in an environment
// variable), never on the command line, where `ps` would show it to every user of the machine.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/** 32 random bytes, URL-safe base64: 43 characters, easy to paste, nothing to escape. */
export function newDeskToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares two tokens in constant time. Both are hashed first, so neither their lengths nor
 * where they first differ shows in the time taken.
 */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export class TokenFileError extends Error {
  override name = 'TokenFileError';
}

/** Writes a new token to `path` (created 0600); refuses to replace one that exists. */
export function writeNewTokenFile(path: string): string {
  if (existsSync(path)) {
    throw new TokenFileError(
      `${path} exists already. Parley never replaces a desk token silently: delete the file first if you mean to issue a new one (every officer will need it).`,
    );
  }
  const token = newDeskToken();
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}

/**
 * Reads the token from its file. The file must be the owner's alone: a token others on the
 * machine can read is no secret, so a wider file is refused with the command that fixes it.
 */
export function readTokenFile(path: string): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new TokenFileError(
      `The token file ${path} does not exist. Make one with --new-token --token-file ${path}.`,
    );
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new TokenFileError(
      `The token file ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}). Run: chmod 600 ${path}`,
    );
  }
  const token = readFileSync(path, 'utf8').trim();
  if (!/^[A-Za-z0-9_-]{32,256}$/.test(token)) {
    throw new TokenFileError(
      `The token file ${path} does not hold a desk token (one line of 32 or more letters, digits, - and _). Make a new one with --new-token.`,
    );
  }
  return token;
}
