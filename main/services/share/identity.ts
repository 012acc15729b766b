// The officer's signing identity and the colleagues they trust. One Ed25519 key pair per
// library (node:crypto), made the first time the officer shares or receives; the private key is
// kept inside the encrypted library only. A colleague is known by their public key; what the
// officer compares (on the phone, in person) is its fingerprint.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import {
  readIdentity,
  renameIdentity,
  writeIdentity,
  type IdentityRow,
} from '../../db/queries/share';
import type { Store } from '../../db/store';

/** A public key as text: base64 of its SPKI DER encoding. */
export type PublicKeyText = string;

/** "3F2A 9C01 …": the first 128 bits of the key's SHA-256, in groups of four, for comparing aloud. */
export function fingerprint(publicKey: PublicKeyText): string {
  const hex = createHash('sha256')
    .update(Buffer.from(publicKey, 'base64'))
    .digest('hex')
    .slice(0, 32)
    .toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

/** This library's identity, made now if it has none yet (named as the officer is in history). */
export function ensureIdentity(store: Store, name?: string): IdentityRow {
  const existing = readIdentity(store);
  if (existing) {
    if (name && name !== existing.name) {
      renameIdentity(store, name);
      return { ...existing, name };
    }
    return existing;
  }
  const pair = generateKeyPairSync('ed25519');
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
  const chosen = (name ?? store.actor).trim() || 'Unnamed officer';
  writeIdentity(store, { name: chosen, publicKey, privateKey }, store.now());
  return { name: chosen, public_key: publicKey, private_key: privateKey };
}

export function signBytes(identity: IdentityRow, bytes: Buffer): Buffer {
  const key = createPrivateKey({ key: identity.private_key, format: 'der', type: 'pkcs8' });
  return sign(null, bytes, key);
}

/** Whether `signature` is the holder of `publicKey`'s signature over `bytes` (never throws). */
export function verifyBytes(publicKey: PublicKeyText, bytes: Buffer, signature: Buffer): boolean {
  try {
    const key = createPublicKey({
      key: Buffer.from(publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, bytes, key, signature);
  } catch {
    return false;
  }
}
