import type { BriefingKind, PageSize } from '../../../shared/briefing';
import type { Store } from '../store';
import type { Reader } from '../types';

export interface ExportRecord {
  negotiationId: number;
  kind: BriefingKind;
  roundId: number | null;
  fileName: string;
  markingLabel: string;
  pageSize: PageSize;
  pages: number;
  bottomLine: string;
  /** JSON of the brief's items, for "changes since the last brief". */
  snapshot: string;
  actor: string;
  at: string;
}

interface ExportRow {
  id: number;
  file_name: string;
  marking_label: string;
  snapshot: string;
  actor: string;
  at: string;
}

/** Logs an export (a record of what was handed out, outside the undo history). */
export function recordExport(store: Store, r: ExportRecord): void {
  store.db.transaction(() => {
    store
      .prepare(
        `INSERT INTO briefing_export (negotiation_id, kind, round_id, file_name, marking_label,
           page_size, pages, bottom_line, snapshot, actor, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.negotiationId,
        r.kind,
        r.roundId,
        r.fileName,
        r.markingLabel,
        r.pageSize,
        r.pages,
        r.bottomLine,
        r.snapshot,
        r.actor,
        r.at,
      );
  })();
}

/** The latest export of a kind for a negotiation. */
export function lastExport(db: Reader, negotiationId: number, kind: BriefingKind) {
  const row = db.get<ExportRow>(
    `SELECT id, file_name, marking_label, snapshot, actor, at FROM briefing_export
     WHERE negotiation_id = ? AND kind = ? ORDER BY id DESC LIMIT 1`,
    negotiationId,
    kind,
  );
  return (
    row && {
      fileName: row.file_name,
      markingLabel: row.marking_label,
      snapshot: row.snapshot,
      actor: row.actor,
      at: row.at,
    }
  );
}

/** The bottom line written for the last brief of a round, if any. */
export function lastBottomLine(db: Reader, roundId: number): string | undefined {
  return db.get<{ bottom_line: string }>(
    `SELECT bottom_line FROM briefing_export WHERE round_id = ? AND kind = 'round'
     ORDER BY id DESC LIMIT 1`,
    roundId,
  )?.bottom_line;
}
