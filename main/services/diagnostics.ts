// Help → Export diagnostics…: what IT needs to help with a problem — versions, the system, where
// the library lives, and the log — as one text file the officer saves and hands over. It holds
// no negotiation data: the log never records any (see log.ts), and nothing here reads the
// library's content, only its schema version and SQLite's own.
import { arch, platform, release, totalmem, type } from 'node:os';
import type { AppInfo } from '../../shared/domain';

export interface DiagnosticsInput {
  info: AppInfo;
  /** SQLite's and SQLCipher's versions and the schema's, when the library is open. */
  database: { sqlite: string; cipher: string; schema: number } | null;
  dataFolder: string;
  /** The log's text (the file before the current one, then the current one). */
  log: string;
  now: Date;
}

export function diagnosticsText({ info, database, dataFolder, log, now }: DiagnosticsInput) {
  const versions = process.versions as NodeJS.ProcessVersions & {
    electron?: string;
    chrome?: string;
  };
  const lines = [
    'Parley diagnostics',
    `Written: ${now.toISOString()}`,
    '',
    '## Versions',
    `Parley: ${info.version}`,
    `Running as: ${info.transport === 'electron' ? 'desktop app' : 'web binding (browser)'}`,
    `Electron: ${versions.electron ?? 'not used'}`,
    `Chromium: ${versions.chrome ?? 'the browser’s own'}`,
    `Node: ${versions.node}`,
    `SQLite: ${database?.sqlite ?? 'not open (Parley is locked or in recovery)'}`,
    `Encryption: ${database?.cipher ?? 'not open'}`,
    `Library schema: ${database?.schema ?? 'not open'}`,
    '',
    '## System',
    `Operating system: ${type()} ${release()} (${platform()}, ${arch()})`,
    `Memory: ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `Data folder: ${dataFolder}`,
    '',
    '## Log',
    log.trim() || '(empty)',
    '',
  ];
  return lines.join('\n');
}

/** "Parley diagnostics 2026-11-29.txt". */
export const diagnosticsFileName = (now: Date) =>
  `Parley diagnostics ${now.toISOString().slice(0, 10)}.txt`;
