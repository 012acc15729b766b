import type { Store } from '../store';
import type { Reader } from '../types';

/** A setting kept in the library (migration 17), as the JSON text it was stored as. */
export function getSetting(db: Reader, key: string): string | undefined {
  return db.get<{ value: string }>('SELECT value FROM setting WHERE key = ?', key)?.value;
}

/** Keeps (or replaces) a setting: one statement, outside history. */
export function putSetting(store: Store, key: string, value: string, at: string): void {
  store
    .prepare(
      `INSERT INTO setting (key, value, at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, at = excluded.at`,
    )
    .run(key, value, at);
}
