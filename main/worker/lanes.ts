// Lanes: interactive reads and edits never wait behind long work.
//
// Two data workers run the same script, each with its own SQLCipher connection to the library:
// - the interactive lane owns the library (the one-opener lock, the key, migrations, the state
//   the windows see) and answers every call but the long ones;
// - the long lane opens the same file once the interactive lane has, and runs imports, exports,
//   backups, brief preparation and printing, and the integrity check after opening.
//
// WAL lets every reader go on while one connection writes, and every long job but an import
// only reads (a backup reads pages through SQLite's backup API; an export and a brief read the
// negotiation; the check reads the file). So the only contention is an import's write
// transaction against an interactive edit, since SQLite allows one writer at a time. The choice
// made here: the import keeps its write transaction, so it stays all or nothing; it reads the
// file twice as a stream (services/importStream.ts), checking it whole in the first reading,
// before the transaction, so the lock is held only for the second, which writes. While it is held, the long lane's store raises a flag in memory both
// threads share (`writing`); an edit that meets the lock does not block the interactive thread
// on SQLite's busy timeout (every read queued behind it would wait too) but returns BUSY at once,
// is rolled back whole, and waits asynchronously for the flag to drop, then runs again (see
// app.ts, `whenBusy`). So reads are never held up, and an edit made during an import waits at
// most for the import's writing phase, not the whole import.
//
// The channels routed to the long lane are listed below; a brief's job lives in the lane that
// prepared it, so all of a brief's channels go there. Anything else, and everything while the
// long lane is not open (locked, damaged, being restored), goes to the interactive lane.

export const LONG_CHANNELS: ReadonlySet<string> = new Set([
  'transfer:import',
  'transfer:export',
  // A whole large negotiation's update is merged or written in seconds.
  'share:export',
  'share:receive',
  // Reading a document's text (a PDF of hundreds of pages, a Word document) takes seconds.
  'documents:attach',
  'backups:create',
  'briefing:preview',
  'briefing:export',
  'briefing:cancel',
]);

/**
 * The channel of a web request's body, read from its opening only (the renderer writes
 * `{"channel":…,"input":…}`): an import's body can be 100 MB, which the main thread must never
 * parse. A body written otherwise goes to the interactive lane, which answers it all the same.
 */
export function channelOfBody(body: string): string | null {
  return /^\s*\{\s*"channel"\s*:\s*"([a-zA-Z]+:[a-zA-Z]+)"/.exec(body.slice(0, 120))?.[1] ?? null;
}
