// Update files: what an officer deliberately hands a colleague. A JSON envelope (shared/share.ts)
// holding a header (negotiation, signer's name and public key, marking, whole or partial, heads),
// the Automerge bytes, and an Ed25519 signature over both. The header is kept as the exact text
// that was signed, so nothing is re-serialised before checking.
import { UPDATE_FORMAT, UPDATE_VERSION, updateEnvelope, updateHeader } from '../../../shared/share';
import type { UpdateHeader } from '../../../shared/share';
import type { IdentityRow } from '../../db/queries/share';
import { invalid } from '../errors';
import { signBytes, verifyBytes } from './identity';

const DOMAIN = Buffer.from(`${UPDATE_FORMAT}/${UPDATE_VERSION}\n`, 'utf8');

/** The bytes a signature covers: a domain tag, the header's text, a line end, the payload. */
const signed = (header: string, payload: Buffer) =>
  Buffer.concat([DOMAIN, Buffer.from(header, 'utf8'), Buffer.from('\n'), payload]);

export function writeUpdate(
  identity: IdentityRow,
  header: UpdateHeader,
  payload: Uint8Array,
): string {
  const headerText = JSON.stringify(header);
  const bytes = Buffer.from(payload);
  const signature = signBytes(identity, signed(headerText, bytes));
  return JSON.stringify({
    format: UPDATE_FORMAT,
    formatVersion: UPDATE_VERSION,
    header: headerText,
    payload: bytes.toString('base64'),
    signature: signature.toString('base64'),
  });
}

/**
 * Reads an update file and checks its signature; refuses (changing nothing) a file that is not
 * one, is unsigned, or whose content or header differ from what was signed.
 */
export function readUpdate(text: string): { header: UpdateHeader; payload: Buffer } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid(
      'content',
      'This is not a Parley update file (it is not JSON). Choose the file Parley wrote when your colleague shared.',
    );
  }
  if (raw && typeof raw === 'object' && !('signature' in raw) && 'format' in raw) {
    throw invalid(
      'content',
      'This update file is not signed, so Parley cannot tell who wrote it. Ask the sender to share it again from Parley.',
    );
  }
  const envelope = updateEnvelope.safeParse(raw);
  if (!envelope.success) throw invalid('content', envelope.error.issues[0]!.message);
  let headerJson: unknown;
  try {
    headerJson = JSON.parse(envelope.data.header);
  } catch {
    throw invalid(
      'content',
      'This update file’s header is damaged. Ask the sender to share it again.',
    );
  }
  const header = updateHeader.safeParse(headerJson);
  if (!header.success) {
    throw invalid(
      'content',
      'This update file’s header is damaged. Ask the sender to share it again.',
    );
  }
  const payload = Buffer.from(envelope.data.payload, 'base64');
  const signature = Buffer.from(envelope.data.signature, 'base64');
  if (
    !verifyBytes(header.data.signer.publicKey, signed(envelope.data.header, payload), signature)
  ) {
    throw invalid(
      'content',
      `This update file has been altered since ${header.data.signer.name} signed it (or was not signed by them). Nothing was received. Ask them to share it again.`,
    );
  }
  return { header: header.data, payload };
}
