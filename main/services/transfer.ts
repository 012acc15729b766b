// Exports handed to the officer as files (negotiation file, spreadsheets) and imports read from
// one. Names start with the highest handling marking inside, as a brief's do.
import type { ExportKind, ImportResult, Progress } from '../../shared/exchange';
import type { ExportResult } from '../../shared/exchange';
import { highestMarking } from '../db/queries/exchange';
import { getNegotiation } from '../db/queries/negotiations';
import type { Store } from '../db/store';
import { positionsCsv, trajectoryCsv } from './csv';
import { AppError, notFound } from './errors';
import { exportNegotiation, importNegotiation } from './exchange';
import { safeFileName, type Deliver } from './files';

const NAMES: Record<ExportKind, { part: string; extension: string }> = {
  negotiation: { part: '', extension: 'json' },
  'positions-csv': { part: 'positions', extension: 'csv' },
  'trajectory-csv': { part: 'trajectory', extension: 'csv' },
};

/** The file an export makes: its name and its text. */
export function exportFile(
  store: Store,
  negotiationId: number,
  kind: ExportKind,
  about: { appVersion: string; schemaVersion: number },
): { fileName: string; text: string } {
  const negotiation = getNegotiation(store, negotiationId);
  if (!negotiation) throw notFound('This negotiation', 'negotiationId');
  const text =
    kind === 'negotiation'
      ? exportNegotiation(store, negotiationId, about).json
      : kind === 'positions-csv'
        ? positionsCsv(store, negotiationId)
        : trajectoryCsv(store, negotiationId);
  const today = store.now().slice(0, 10);
  const { part, extension } = NAMES[kind];
  const name = [highestMarking(store, negotiationId), negotiation.title, part, today]
    .filter(Boolean)
    .join(' - ');
  return { fileName: safeFileName(name, extension), text };
}

export async function deliverExport(
  store: Store,
  deliver: Deliver | null,
  input: { negotiationId: number; kind: ExportKind },
  about: { appVersion: string; schemaVersion: number },
  progress: Progress = () => {},
): Promise<ExportResult> {
  if (!getNegotiation(store, input.negotiationId)) {
    throw notFound('This negotiation', 'negotiationId');
  }
  if (!deliver) throw new AppError('internal', 'Saving files is not available in this window.');
  progress(0.1, 'Reading the negotiation…');
  const { fileName, text } = exportFile(store, input.negotiationId, input.kind, about);
  progress(0.8, 'Saving the file…');
  const bytes = Buffer.from(text, 'utf8');
  const delivery = await deliver(fileName, bytes, new AbortController().signal);
  progress(1, delivery.kind === 'cancelled' ? 'Export cancelled.' : 'Exported.');
  return { fileName, bytes: bytes.byteLength, delivery };
}

export function importFile(store: Store, content: string, progress?: Progress): ImportResult {
  const result = importNegotiation(store, content, progress);
  progress?.(1, 'Imported.');
  return result;
}
