// The child process of the migration crash test: encrypts an earlier Parley's plaintext library
// (database and backups) in place, as the first start of this Parley does, until it is killed.
// It says "ready" before it starts, and "done" if it ever finishes.
//
// Usage: node encrypt.js <database> <backups folder> <hex key>
import { writeSync } from 'node:fs';
import { encryptLibrary } from '../../main/db/encryptFiles';

const [databasePath, backupsDir, hexKey] = process.argv.slice(2);
if (!databasePath || !backupsDir || !hexKey) throw new Error('usage: encrypt.js <db> <dir> <key>');
writeSync(1, 'ready\n');
encryptLibrary(databasePath, backupsDir, { key: Buffer.from(hexKey, 'hex') });
writeSync(1, 'done\n');
