// The system's keychain for the library key, through Electron's safeStorage (Keychain on macOS,
// DPAPI on Windows, libsecret or KWallet on Linux). Where it offers no real protection — Linux
// without a keyring, whose backend says 'basic_text' (a fixed, public password) — Parley asks
// for a passphrase instead.
import type { Keychain } from '../services/keys';

/** The parts of Electron's safeStorage this uses (a fake stands in for it in unit tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?: () => string;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export function keychainFrom(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): Keychain | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') return null;
  }
  return {
    seal: async (plain) => safeStorage.encryptString(plain.toString('hex')),
    open: async (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'hex'),
  };
}
