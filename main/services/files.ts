// Files handed to the officer: how they are delivered, and the names they are offered under.
import type { Delivery } from '../../shared/briefing';

/** Hands a finished file to the officer: a save dialog in Electron, a download in a browser. */
export type Deliver = (
  fileName: string,
  bytes: Uint8Array,
  signal: AbortSignal,
) => Promise<Delivery>;

// A file name offered for saving: safe on Windows, macOS and Linux, and short enough for any
// of them. Exported names start with the handling marking, so a folder of briefs sorts by it.

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_LENGTH = 150;

export function safeFileName(base: string, extension: string): string {
  let name = base
    .normalize('NFC')
    // "Round 2: Talks" reads as "Round 2 - Talks" once the colon has to go.
    .replace(/\s*:\s+/g, ' - ')
    // Path separators, characters Windows forbids, and control characters (on purpose).
    // eslint-disable-next-line no-control-regex
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // No leading dots (hidden files) and no trailing dots or spaces (Windows drops them).
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (name === '' || RESERVED.test(name)) name = `Parley ${name}`.trim();
  const room = MAX_LENGTH - extension.length - 1;
  if (name.length > room) name = name.slice(0, room).replace(/[.\s]+$/, '');
  return `${name}.${extension}`;
}

/** The kinds of file Parley hands out: their description (for save dialogs) and media type. */
export const FILE_TYPES = {
  pdf: { name: 'PDF document', mime: 'application/pdf' },
  json: { name: 'Parley negotiation file', mime: 'application/json' },
  csv: { name: 'CSV spreadsheet', mime: 'text/csv; charset=utf-8' },
} as const;

export function fileTypeOf(fileName: string): { extension: string; name: string; mime: string } {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const known = FILE_TYPES[extension as keyof typeof FILE_TYPES];
  return known
    ? { extension, ...known }
    : { extension, name: 'File', mime: 'application/octet-stream' };
}
