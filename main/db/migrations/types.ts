import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  /** The `user_version` the database has once this migration has run. */
  version: number;
  name: string;
  /** Runs inside a transaction; must not await. */
  up(db: Database): void;
}
