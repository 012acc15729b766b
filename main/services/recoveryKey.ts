// The recovery key as text (keys.ts): apart from the key file, so the web binding's main thread
// reads a --key-file without loading the validation library the key file's format is checked
// with (issue 16: main process memory).
import type { LibraryKey } from '../db/cipher';

/** The recovery key as the officer keeps it: 64 hex digits in sixteen groups of four. */
export function formatRecoveryKey(key: LibraryKey): string {
  return key.toString('hex').toUpperCase().match(/.{4}/g)?.join('-') ?? '';
}

/** A typed recovery key (spaces, dashes and case ignored), or null when it is not one. */
export function parseRecoveryKey(text: string): LibraryKey | null {
  const hex = text.replace(/[\s-]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}
