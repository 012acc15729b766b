// How the library's key is kept, and the four ways to it: the system's keychain, the officer's
// passphrase, the recovery key, or (the web binding's --key-file, tests) the key itself. See
// keys.ts for the key file and db/cipher.ts for the encryption.
import type { SecurityState } from '../../shared/settings';
import { KEY_BYTES, WrongKeyError, type LibraryKey } from '../db/cipher';
import { invalid } from './errors';
import {
  formatRecoveryKey,
  keyCheck,
  keyMatches,
  parseRecoveryKey,
  PASSPHRASE_COST,
  unwrapWithPassphrase,
  wrapWithPassphrase,
  type KeyFile,
  type KeyFileData,
  type Keychain,
} from './keys';

export class LibrarySecurity {
  constructor(
    private readonly keyFile: KeyFile,
    /** The system's keychain, where one truly protects (never in the web binding). */
    private readonly keychain: Keychain | null,
    /** scrypt's cost (log2 N) for new passphrases: keys.ts's, lower only in tests. */
    private readonly cost = PASSPHRASE_COST,
  ) {}

  private data(): KeyFileData | null {
    return this.keyFile.read();
  }

  /** Whether the library has its key file (else it has never been set up here). */
  get isSetUp(): boolean {
    return this.data() !== null;
  }

  state(): SecurityState {
    const data = this.data();
    return {
      passphrase: !!data?.passphrase,
      keychain: !!data?.keychain,
      keychainAvailable: this.keychain !== null,
    };
  }

  /** The key from the keychain, or null when it holds none (or asks for a passphrase now). */
  async fromKeychain(): Promise<LibraryKey | null> {
    const data = this.data();
    if (!data?.keychain || !this.keychain) return null;
    const key = await this.keychain.open(Buffer.from(data.keychain, 'base64'));
    if (key.length !== KEY_BYTES || !keyMatches(key, data.check)) {
      throw new WrongKeyError('the key it holds is not this library’s');
    }
    return key;
  }

  /**
   * Whether a key is this library's, by the key file's fingerprint: true or false, or null when
   * there is no key file to tell (only opening the database can).
   */
  recognises(key: LibraryKey): boolean | null {
    const data = this.data();
    return data ? keyMatches(key, data.check) : null;
  }

  async fromPassphrase(passphrase: string): Promise<LibraryKey> {
    const wrap = this.data()?.passphrase;
    if (!wrap) {
      throw invalid(
        'passphrase',
        'This library has no passphrase: unlock it with the recovery key.',
      );
    }
    try {
      return await unwrapWithPassphrase(wrap, passphrase);
    } catch (error) {
      if (error instanceof WrongKeyError) throw invalid('passphrase', error.message);
      throw error;
    }
  }

  fromRecoveryKey(text: string): LibraryKey {
    const key = parseRecoveryKey(text);
    if (!key) {
      throw invalid(
        'recoveryKey',
        'A recovery key is 64 letters and digits (0–9, A–F), in sixteen groups of four.',
      );
    }
    if (this.recognises(key) === false) {
      throw invalid('recoveryKey', 'That recovery key does not unlock this library.');
    }
    return key;
  }

  /**
   * Keeps the key: sealed by the keychain unless the officer asks for a passphrase at every start
   * (or there is no keychain), and wrapped by the passphrase when there is one. Returns the
   * recovery key to show.
   */
  async keep(
    key: LibraryKey,
    { passphrase, askEveryStart }: { passphrase: string | null; askEveryStart: boolean },
  ): Promise<string> {
    const useKeychain = this.keychain !== null && !askEveryStart;
    if (!useKeychain && !passphrase) {
      throw invalid(
        'passphrase',
        this.keychain
          ? 'To be asked at every start, choose a passphrase.'
          : 'Choose a passphrase: this Parley cannot keep the key in a system keychain.',
      );
    }
    this.keyFile.write({
      format: 'parley.key',
      version: 1,
      check: keyCheck(key),
      keychain: useKeychain ? (await this.keychain!.seal(key)).toString('base64') : null,
      passphrase: passphrase ? await wrapWithPassphrase(key, passphrase, this.cost) : null,
    });
    return formatRecoveryKey(key);
  }

  /** A new passphrase (checked against the current one, when there is one). */
  async changePassphrase(key: LibraryKey, current: string | null, next: string): Promise<void> {
    const data = this.data();
    if (data?.passphrase) {
      if (current === null) throw invalid('current', 'Write your passphrase as it is now.');
      try {
        await unwrapWithPassphrase(data.passphrase, current);
      } catch {
        throw invalid('current', 'That is not your passphrase as it is now.');
      }
    }
    this.keyFile.write({
      format: 'parley.key',
      version: 1,
      check: keyCheck(key),
      keychain: data?.keychain ?? null,
      passphrase: await wrapWithPassphrase(key, next, this.cost),
    });
  }

  /** Keychain on or off: off needs a passphrase (else nothing could unlock the library). */
  async setAskEveryStart(key: LibraryKey, ask: boolean): Promise<void> {
    const data = this.data();
    if (!data) return;
    if (ask && !data.passphrase) {
      throw invalid('askEveryStart', 'Set a passphrase first: it is what Parley will ask for.');
    }
    const keychain =
      !ask && this.keychain ? (await this.keychain.seal(key)).toString('base64') : null;
    this.keyFile.write({ ...data, keychain });
  }
}
