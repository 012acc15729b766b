// Files handed to the officer: how they are delivered, and the names they are offered under;
// and Parley's own small files beside the library, replaced whole.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import type { Delivery } from '../../shared/briefing';
import { LONE_SURROGATE } from '../../shared/text';

/** Hands a finished file to the officer: a save dialog in Electron, a download in a browser. */
export type Deliver = (
  fileName: string,
  bytes: Uint8Array,
  signal: AbortSignal,
) => Promise<Delivery>;

// A file name offered for saving: safe on Windows, macOS and Linux, and short enough for any
// of them. Exported names start with the handling marking, so a folder of briefs sorts by it.

/** Names Windows keeps for devices, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)(\..*)?$/i;
/** Characters (in a UTF-16 string) and bytes (in UTF-8): within every common file system. */
const MAX_LENGTH = 150;
const MAX_BYTES = 200;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const utf8 = new TextEncoder();

export function safeFileName(base: string, extension: string): string {
  let name = base
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    // "Round 2: Talks" reads as "Round 2 - Talks" once the colon has to go.
    .replace(/\s*:\s+/g, ' - ')
    // Path separators, characters Windows forbids, control characters (on purpose), and the
    // direction overrides that make "brief<U+202E>fdp.exe" show as "briefexe.pdf".
    // eslint-disable-next-line no-control-regex
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // No leading dots (hidden files) and no trailing dots or spaces (Windows drops them).
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (name === '' || RESERVED.test(name)) name = `Parley ${name}`.trim();
  const suffix = `.${extension}`;
  const fits = (candidate: string) =>
    candidate.length + suffix.length <= MAX_LENGTH &&
    utf8.encode(candidate + suffix).length <= MAX_BYTES;
  if (!fits(name)) {
    // Cut whole characters (an emoji or a letter with its marks), never half of one.
    let kept = '';
    for (const { segment } of graphemes.segment(name)) {
      if (!fits(kept + segment)) break;
      kept += segment;
    }
    name = kept.replace(/[.\s]+$/, '') || 'Parley';
  }
  return `${name}${suffix}`;
}

/** The kinds of file Parley hands out: their description (for save dialogs) and media type. */
export const FILE_TYPES = {
  pdf: { name: 'PDF document', mime: 'application/pdf' },
  docx: {
    name: 'Word document',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  json: { name: 'Parley negotiation file', mime: 'application/json' },
  csv: { name: 'CSV spreadsheet', mime: 'text/csv; charset=utf-8' },
  txt: { name: 'Text file', mime: 'text/plain; charset=utf-8' },
} as const;

export function fileTypeOf(fileName: string): { extension: string; name: string; mime: string } {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const known = FILE_TYPES[extension as keyof typeof FILE_TYPES];
  return known
    ? { extension, ...known }
    : { extension, name: 'File', mime: 'application/octet-stream' };
}

let temporaries = 0;

/**
 * Replaces a small file of Parley's own (settings, the key file) whole, private to its owner: the
 * text is written beside it under a name of its own, then renamed over it, so a crash leaves the
 * old file or the new one, never half of one. Two writes at once (the two lanes are threads of one
 * process) never share that name; the last to be renamed stands.
 */
export function replaceFile(path: string, text: string): void {
  const temporary = `${path}.${process.pid}-${threadId}-${++temporaries}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
