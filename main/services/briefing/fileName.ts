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
