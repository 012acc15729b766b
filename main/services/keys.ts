// The library's key, and how it is kept. One random 256-bit key encrypts the database, its WAL
// and every backup (db/cipher.ts); it never changes, so backups stay readable. `parley.key`
// beside the database holds it wrapped, never in the clear:
//
//   keychain    sealed by the operating system's keychain (Electron's safeStorage: Keychain,
//               DPAPI, libsecret) — the desktop app opens without asking;
//   passphrase  AES-256-GCM under a key derived from the officer's passphrase with scrypt —
//               asked on the unlock screen; the passphrase itself is never stored.
//
// The recovery key is the library key itself, written out for the officer to print or keep:
// with it Parley (or any SQLCipher 4 tool) opens the library when the keychain or the
// passphrase is lost.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { z } from 'zod';
import { KEY_BYTES, WrongKeyError, type LibraryKey } from '../db/cipher';
import { replaceFile } from './files';

export { formatRecoveryKey, parseRecoveryKey } from './recoveryKey';

/** The operating system's keychain, where the desktop app can reach one that truly protects. */
export interface Keychain {
  seal(plain: Buffer): Promise<Buffer>;
  open(sealed: Buffer): Promise<Buffer>;
}

// scrypt's cost: 2^17 × 8 × 128 bytes = 128 MiB and about half a second per attempt here,
// which makes guessing a passphrase from a stolen key file slow. (Tests pass a lower cost:
// the file records the cost it was wrapped with.)
export const PASSPHRASE_COST = 17;
const SCRYPT_MAXMEM = 256 * 1024 * 1024;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const passphraseWrap = z.strictObject({
  kdf: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2 ** 14)
    .max(2 ** 22),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: base64,
  iv: base64,
  tag: base64,
  data: base64,
});
export type PassphraseWrap = z.output<typeof passphraseWrap>;

const keyFileSchema = z.strictObject({
  format: z.literal('parley.key'),
  version: z.literal(1),
  /** Tells a right key from a wrong one without the database (see keyCheck). */
  check: base64,
  keychain: base64.nullable(),
  passphrase: passphraseWrap.nullable(),
});
export type KeyFileData = z.output<typeof keyFileSchema>;

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

export const newLibraryKey = (): LibraryKey => randomBytes(KEY_BYTES);

/**
 * A fingerprint of the key (an HMAC of a fixed phrase under it): a typed recovery key, or what
 * a keychain gave back, is known right or wrong before the database is touched — so a damaged
 * database is not mistaken for a wrong key, nor the other way round. It reveals nothing of the
 * key.
 */
export const keyCheck = (key: LibraryKey): string =>
  createHmac('sha256', key).update('parley.key: this key opens this library').digest('base64');

export function keyMatches(key: LibraryKey, check: string): boolean {
  const mine = Buffer.from(keyCheck(key), 'base64');
  const theirs = Buffer.from(check, 'base64');
  return mine.length === theirs.length && timingSafeEqual(mine, theirs);
}

function derive(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      32,
      { ...params, maxmem: SCRYPT_MAXMEM },
      (error, derived) => (error ? reject(error) : resolve(derived)),
    ),
  );
}

export async function wrapWithPassphrase(
  key: LibraryKey,
  passphrase: string,
  cost = PASSPHRASE_COST,
): Promise<PassphraseWrap> {
  const params = { N: 2 ** cost, r: 8, p: 1 };
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kek = await derive(passphrase, salt, params);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  const data = Buffer.concat([cipher.update(key), cipher.final()]);
  return {
    kdf: 'scrypt',
    ...params,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** The key, if the passphrase is the right one; WrongKeyError otherwise. */
export async function unwrapWithPassphrase(
  wrap: PassphraseWrap,
  passphrase: string,
): Promise<LibraryKey> {
  const kek = await derive(passphrase, Buffer.from(wrap.salt, 'base64'), wrap);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(wrap.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(wrap.tag, 'base64'));
    const key = Buffer.concat([
      decipher.update(Buffer.from(wrap.data, 'base64')),
      decipher.final(),
    ]);
    if (key.length !== KEY_BYTES) throw new Error('short key');
    return key;
  } catch {
    throw new WrongKeyError('That passphrase does not unlock this library.');
  }
}

/** `parley.key`, written whole then renamed into place, readable by its owner alone. */
export class KeyFile {
  constructor(readonly path: string) {}

  read(): KeyFileData | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return null;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new KeyFileError(`The key file ${this.path} is damaged (not JSON).`);
    }
    const parsed = keyFileSchema.safeParse(data);
    if (!parsed.success) throw new KeyFileError(`The key file ${this.path} is damaged.`);
    return parsed.data;
  }

  write(data: KeyFileData): void {
    replaceFile(this.path, `${JSON.stringify(keyFileSchema.parse(data), null, 2)}\n`);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
