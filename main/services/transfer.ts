// Exports handed to the officer as files (negotiation file, spreadsheets) and imports read from
// one. Names start with the highest handling marking inside, as a brief's do.
import type { ExportKind, ImportResult, Progress } from '../../shared/exchange';
import type { ExportResult } from '../../shared/exchange';
import { getNegotiation } from '../db/queries/negotiations';
import { LATEST_VERSION } from '../db/migrations';
import type { Store } from '../db/store';
import { linkagesSheet, positionsSheet, timelineSheet, toCsv, trajectorySheet } from './csv';
import { AppError, notFound } from './errors';
import { exportNegotiation } from './exchange';
import { fileSource, importFrom, textSource } from './importStream';
import { safeFileName, type Deliver } from './files';
import { MarkingScale, type MarkingFloor } from './marking';

const NAMES: Record<ExportKind, { part: string; extension: string }> = {
  negotiation: { part: '', extension: 'json' },
  'positions-csv': { part: 'positions', extension: 'csv' },
  'trajectory-csv': { part: 'trajectory', extension: 'csv' },
  'timeline-csv': { part: 'timeline', extension: 'csv' },
  'linkages-csv': { part: 'linkages', extension: 'csv' },
};

export interface ExportOptions {
  /** Negotiation files: with the full history (every earlier value, deleted items). */
  includeHistory?: boolean;
  /** Negotiation files: with the documents attached to sources, bytes and all. */
  includeDocuments?: boolean;
}

/** The schema version a negotiation file records beside the app's (migrations' latest). */
export const SCHEMA_VERSION = LATEST_VERSION;

/** The file an export makes: its name, its text, and the marking it carries (and why). */
export function exportFile(
  store: Store,
  negotiationId: number,
  kind: ExportKind,
  about: { appVersion: string; schemaVersion: number },
  options: ExportOptions = {},
): { fileName: string; text: string; floor: MarkingFloor } {
  const negotiation = getNegotiation(store, negotiationId);
  if (!negotiation) throw notFound('This negotiation', 'negotiationId');
  let text: string;
  let floor: MarkingFloor;
  if (kind === 'negotiation') {
    ({ json: text, floor } = exportNegotiation(store, negotiationId, about, {
      includeHistory: options.includeHistory ?? false,
      includeDocuments: options.includeDocuments ?? false,
    }));
  } else {
    const sheet =
      kind === 'positions-csv'
        ? positionsSheet(store, negotiationId)
        : kind === 'timeline-csv'
          ? timelineSheet(store, negotiationId)
          : kind === 'linkages-csv'
            ? linkagesSheet(store, negotiationId)
            : trajectorySheet(store, negotiationId);
    floor = MarkingScale.of(store, negotiation.markingId).floor(sheet.items);
    text = toCsv(sheet, floor.marking.label);
  }
  const today = store.now().slice(0, 10);
  const { part, extension } = NAMES[kind];
  const name = [floor.marking.label, negotiation.title, part, today].filter(Boolean).join(' - ');
  return { fileName: safeFileName(name, extension), text, floor };
}

export async function deliverExport(
  store: Store,
  deliver: Deliver | null,
  input: {
    negotiationId: number;
    kind: ExportKind;
    includeHistory: boolean;
    includeDocuments?: boolean;
  },
  about: { appVersion: string; schemaVersion: number },
  progress: Progress = () => {},
): Promise<ExportResult> {
  if (!getNegotiation(store, input.negotiationId)) {
    throw notFound('This negotiation', 'negotiationId');
  }
  if (!deliver) throw new AppError('internal', 'Saving files is not available in this window.');
  progress(0.1, 'Reading the negotiation…');
  const { fileName, text, floor } = exportFile(store, input.negotiationId, input.kind, about, {
    includeHistory: input.includeHistory,
    includeDocuments: input.includeDocuments ?? false,
  });
  progress(0.8, 'Saving the file…');
  const bytes = Buffer.from(text, 'utf8');
  const delivery = await deliver(fileName, bytes, new AbortController().signal);
  progress(1, delivery.kind === 'cancelled' ? 'Export cancelled.' : 'Exported.');
  return { fileName, bytes: bytes.byteLength, delivery, markingLabel: floor.marking.label };
}

/**
 * Imports a negotiation file: sent as text, or on disk — one the officer chose in the desktop
 * app's dialog, or an upload the web binding saved, read a megabyte at a time, never whole.
 * Streamed either way: see importStream.ts.
 */
export function importNegotiationFile(
  store: Store,
  file: { text: string } | { path: string },
  progress?: Progress,
  fileName = '',
): ImportResult {
  const source = 'path' in file ? fileSource(file.path) : textSource(file.text);
  const result = importFrom(store, source, progress, fileName);
  progress?.(1, 'Imported.');
  return result;
}
