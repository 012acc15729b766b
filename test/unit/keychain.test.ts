import { describe, expect, it } from 'vitest';
import { keychainFrom, type SafeStorageLike } from '../../main/electron/keychain';

// Electron's safeStorage, as each system gives it: what Parley makes of it. (The real one runs
// in the Electron tests, where the binary exists.)
function fake(available: boolean, backend?: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
    encryptString: (plain) => Buffer.from(`sealed:${plain}`),
    decryptString: (sealed) => sealed.toString().replace(/^sealed:/, ''),
  };
}

describe('the system keychain', () => {
  it('keeps the key where the system really protects it, and gives it back', async () => {
    const keychain = keychainFrom(fake(true, 'gnome_libsecret'), 'linux')!;
    const key = Buffer.alloc(32, 9);
    expect(await keychain.open(await keychain.seal(key))).toEqual(key);
    expect(keychainFrom(fake(true), 'darwin')).not.toBeNull();
    expect(keychainFrom(fake(true), 'win32')).not.toBeNull();
  });

  it('is not used where it offers no protection: Linux without a keyring, or none at all', () => {
    expect(keychainFrom(fake(true, 'basic_text'), 'linux')).toBeNull();
    expect(keychainFrom(fake(true), 'linux')).toBeNull();
    expect(keychainFrom(fake(false), 'darwin')).toBeNull();
  });
});
