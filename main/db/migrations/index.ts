import type { Database } from 'better-sqlite3-multiple-ciphers';
import { DatabaseTooNewError } from '../errors';
import { initial } from './001-initial';
import { conflictAssessments } from './002-conflict-assessments';
import { briefingExports } from './003-briefing-exports';
import { searchAndOrigins } from './004-search-and-origins';
import { positionFingerprints } from './005-position-fingerprints';
import { searchIndexMemory } from './006-search-index-memory';
import { markingsThatHold } from './007-markings-that-hold';
import { drafts } from './008-drafts';
import { searchMoreKinds } from './009-search-more-kinds';
import { developments } from './010-developments';
import { searchDevelopments } from './011-search-developments';
import { linkages } from './012-linkages';
import { searchLinkages } from './013-search-linkages';
import { documents } from './014-documents';
import { searchDocuments } from './015-search-documents';
import { sharedNegotiations } from './016-shared-negotiations';
import { librarySettings } from './017-library-settings';
import { sharedAfterDeletion } from './018-shared-after-deletion';
import { searchPositionsApart } from './019-search-positions-apart';
import { draftsInOrder } from './020-drafts-in-order';
import type { Migration } from './types';
import { log } from '../../log';

/** Every migration, in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  conflictAssessments,
  briefingExports,
  searchAndOrigins,
  positionFingerprints,
  searchIndexMemory,
  markingsThatHold,
  drafts,
  searchMoreKinds,
  developments,
  searchDevelopments,
  linkages,
  searchLinkages,
  documents,
  searchDocuments,
  sharedNegotiations,
  librarySettings,
  sharedAfterDeletion,
  searchPositionsApart,
  draftsInOrder,
];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

MIGRATIONS.forEach((m, i) => {
  if (m.version !== i + 1) {
    throw new Error(`Migration "${m.name}" has version ${m.version}; expected ${i + 1}.`);
  }
});

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to the latest migration (or `upTo`), one transaction per version,
 * and refuses a database written by a newer Parley rather than risk damaging it.
 */
export function migrate(
  db: Database,
  { upTo, migrations = MIGRATIONS }: { upTo?: number; migrations?: readonly Migration[] } = {},
): number {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  let applied = 0;
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > (upTo ?? latest)) continue;
    db.transaction(() => {
      migration.up(db);
      // PRAGMA cannot take a bound parameter; the version is our own integer.
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied++;
  }
  if (applied > 0) {
    db.pragma('optimize');
    log.info(`Database schema migrated from version ${current} to ${schemaVersion(db)}`);
  }
  return applied;
}
