// The briefing desk: prepares a brief (HTML, marking, file name), keeps it while the officer
// previews it, prints it through whichever Chromium the transport has, hands the PDF over
// (save dialog or download), and logs what was exported.
import { randomUUID } from 'node:crypto';
import {
  BRIEFING_FORMATS,
  BRIEFING_TITLES,
  type BriefingFormat,
  type BriefingDefaults,
  type BriefingPreview,
  type BriefingProgress,
  type BriefingResult,
  type PageSize,
  type PrintResult,
} from '../../../shared/briefing';
import type { ParsedOf } from '../../../shared/contract';
import { lastBottomLine, lastExport, recordExport } from '../../db/queries/briefings';
import { getRound } from '../../db/queries/rounds';
import type { Store } from '../../db/store';
import { requireIn, scopeOf } from '../common';
import { AppError, invalid } from '../errors';
import { MarkingScale, type MarkingFloor } from '../marking';
import {
  changeCount,
  changesSection,
  diffSnapshots,
  toStored,
  type StoredSnapshot,
} from './changes';
import { briefModel, withAnnex } from './content';
import { safeFileName, type Deliver } from '../files';
import { documentHtml, headerFooterHtml } from './html';
import { markedItemsOf, snapshotOf, type BriefModel } from './model';
import { briefBodyHtml, type Cover } from './render';
import { printableHtml, printCss } from './print';
import { withMetadata, type PdfMetadata } from './pdfInfo';

export interface PrintOptions {
  pageSize: PageSize;
  /** Chromium header and footer templates (marking, page X of Y). */
  headerHtml: string;
  footerHtml: string;
}

/** Chromium's print-to-PDF, behind one small interface (Electron or Playwright). */
export interface PdfPrinter {
  print(html: string, options: PrintOptions, signal: AbortSignal): Promise<Uint8Array>;
}

interface Job {
  id: string;
  /** For Chromium's print-to-PDF (its header and footer come from templates). */
  html: string;
  /** For the preview and the print dialog: the same, with the marking in its page margins. */
  printHtml: string;
  cover: Cover;
  model: BriefModel;
  snapshot: StoredSnapshot;
  metadata: PdfMetadata;
  fileName: string;
  fileNames: Record<BriefingFormat, string>;
  title: string;
  markingLabel: string;
  pageSize: PageSize;
  bottomLine: string;
  actor: string;
  created: number;
  abort?: AbortController;
}

const JOB_LIFETIME = 60 * 60 * 1000;

type Subject = Pick<
  ParsedOf<'briefing:preview'>,
  'kind' | 'negotiationId' | 'roundId' | 'fromRoundId' | 'toRoundId'
>;

/** Counts the pages of a PDF Chromium wrote (each page is one `/Type /Page` object). */
export function countPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

export class BriefingDesk {
  private readonly jobs = new Map<string, Job>();

  constructor(
    /** The open store (it changes when a backup is restored). */
    private readonly currentStore: () => Store,
    private readonly printer: PdfPrinter | null,
    private readonly deliver: Deliver | null,
    private readonly progress: (event: BriefingProgress) => void,
    /** Who briefs are prepared by, unless the officer writes otherwise. */
    private readonly preparedBy: () => string = () => this.store.actor,
    /** The paper size chosen in Settings. */
    private readonly defaultPageSize: () => PageSize = () => 'A4',
  ) {}

  private get store(): Store {
    return this.currentStore();
  }

  private checkSubject(input: Subject): void {
    scopeOf(this.store, 'negotiation', input.negotiationId, 'negotiationId');
    if (input.kind === 'round') {
      requireIn(this.store, input.negotiationId, 'round', input.roundId!, 'roundId');
    }
    if (input.kind === 'comparison') {
      requireIn(this.store, input.negotiationId, 'round', input.fromRoundId!, 'fromRoundId');
      requireIn(this.store, input.negotiationId, 'round', input.toRoundId!, 'toRoundId');
      if (input.fromRoundId === input.toRoundId) {
        throw invalid('toRoundId', 'Choose two different rounds to compare.');
      }
    }
  }

  /**
   * The brief as it would be made: its model with the changes since the last brief (when asked)
   * and the source annex, and the marking floor of everything in it.
   */
  private prepare(
    input: Subject & {
      bottomLine: string;
      changesOnly: boolean;
      sinceLast: boolean;
      lowDevelopments?: boolean;
    },
  ) {
    const content = briefModel(this.store, input.kind, input.negotiationId, input);
    const scale = MarkingScale.of(this.store, content.defaultMarkingId);
    const snapshot = snapshotOf(content, (id) => scale.get(id));
    let model = content;
    let changesSinceLast: number | null = null;
    if (input.sinceLast) {
      const previous = lastExport(this.store, input.negotiationId, input.kind);
      changesSinceLast = 0;
      if (previous) {
        const changes = diffSnapshots(
          JSON.parse(previous.snapshot) as StoredSnapshot,
          toStored(snapshot),
        );
        changesSinceLast = changeCount(changes);
        // Right after the bottom line, where a senior looks first.
        const sections = [...content.sections];
        sections.splice(
          sections[0]?.id === 'bluf' ? 1 : 0,
          0,
          changesSection(changes, previous, scale),
        );
        model = { ...content, sections };
      }
    }
    model = withAnnex(this.store, model);
    const floor: MarkingFloor = scale.floor(markedItemsOf(model));
    return { model, snapshot: toStored(snapshot), scale, floor, changesSinceLast };
  }

  defaults(input: Subject): BriefingDefaults {
    this.checkSubject(input);
    const previous = lastExport(this.store, input.negotiationId, input.kind);
    // The dialog starts with "changes since the last brief" on whenever there was one.
    const { floor } = this.prepare({
      ...input,
      bottomLine: '',
      changesOnly: false,
      sinceLast: previous !== undefined,
    });
    let bottomLine = '';
    if (input.kind === 'round') {
      bottomLine =
        lastBottomLine(this.store, input.roundId!) ?? getRound(this.store, input.roundId!)!.summary;
    }
    return {
      bottomLine,
      author: this.preparedBy(),
      minimumMarkingId: floor.marking.id,
      forcedBy: floor.forcedBy,
      previous: previous
        ? { at: previous.at, actor: previous.actor, fileName: previous.fileName }
        : null,
      pageSize: this.defaultPageSize(),
    };
  }

  preview(input: ParsedOf<'briefing:preview'>): BriefingPreview {
    this.checkSubject(input);
    this.expireOldJobs();
    const { model, snapshot, scale, floor, changesSinceLast } = this.prepare(input);
    const marking = scale.choose(input.markingId, floor, 'brief');
    const kindTitle = BRIEFING_TITLES[input.kind];
    const title = `${kindTitle}: ${model.subject.text}`;
    const today = this.store.now().slice(0, 10);
    const author = input.author || this.preparedBy();
    const metadata: PdfMetadata = {
      title,
      author,
      subject: marking.label,
      keywords: [marking.label, kindTitle, model.negotiationTitle.text, 'Parley'],
    };
    const cover: Cover = { kindTitle, markingLabel: marking.label, author, preparedOn: today };
    const html = documentHtml({
      title,
      markingLabel: marking.label,
      metadata: { ...metadata, keywords: metadata.keywords.join(', ') },
      body: briefBodyHtml(model, cover),
    });
    const nameParts = [
      marking.label,
      kindTitle,
      model.subject.text,
      model.negotiationTitle.text,
      today,
    ];
    // One name for every format: the marking first, so a folder of briefs sorts by it.
    const baseName = [...new Set(nameParts)].join(' - ');
    const fileNames = Object.fromEntries(
      BRIEFING_FORMATS.map((format) => [format, safeFileName(baseName, format)]),
    ) as Record<BriefingFormat, string>;
    const fileName = fileNames.pdf;
    const job: Job = {
      id: randomUUID(),
      html,
      printHtml: printableHtml(html, printCss(marking.label, title, input.pageSize)),
      cover,
      model,
      snapshot,
      metadata,
      fileName,
      fileNames,
      title,
      markingLabel: marking.label,
      pageSize: input.pageSize,
      bottomLine: input.bottomLine,
      actor: author,
      created: Date.now(),
    };
    this.jobs.set(job.id, job);
    return {
      jobId: job.id,
      previewPath: `briefing/${job.id}.html`,
      title,
      markingLabel: marking.label,
      minimumMarkingId: floor.marking.id,
      forcedBy: floor.forcedBy,
      fileName,
      fileNames,
      changesSinceLast,
    };
  }

  /**
   * The prepared HTML of a job, as the in-app preview shows it and a print dialog prints it
   * (the marking in every page's margins when printed).
   */
  html(jobId: string): string | undefined {
    return this.jobs.get(jobId)?.printHtml;
  }

  /**
   * The system's print dialog is the desktop shell's (main/electron/main.ts answers this
   * channel itself, with the brief's own window); a browser prints the preview frame. So here
   * the call only says which, once the job is known.
   */
  print(jobId: string): PrintResult {
    if (!this.jobs.has(jobId)) {
      throw invalid('jobId', 'This brief is no longer prepared. Preview it again.');
    }
    return {
      printed: false,
      problem: 'This window prints the preview itself: press Ctrl+P while the brief is open.',
    };
  }

  async export(jobId: string, format: BriefingFormat = 'pdf'): Promise<BriefingResult> {
    const job = this.jobs.get(jobId);
    if (!job) throw invalid('jobId', 'This brief is no longer prepared. Preview it again.');
    if (format === 'docx') return this.exportWord(job);
    if (!this.printer || !this.deliver) {
      throw new AppError('internal', 'Printing is not available in this window.');
    }
    if (job.abort) throw new AppError('conflict', 'This brief is already being exported.');
    const abort = (job.abort = new AbortController());
    const say = (stage: BriefingProgress['stage'], fraction: number, message: string) =>
      this.progress({ jobId, stage, fraction, message });
    try {
      say('printing', 0.2, 'Printing the pages…');
      const { headerHtml, footerHtml } = headerFooterHtml(job.markingLabel, job.title);
      const printed = await this.printer.print(
        job.html,
        { pageSize: job.pageSize, headerHtml, footerHtml },
        abort.signal,
      );
      if (abort.signal.aborted) throw new CancelledError();
      const pages = countPages(printed);
      const pdf = await withMetadata(printed, job.metadata);
      say('saving', 0.9, `Saving ${pages} pages…`);
      const delivery = await this.deliver(job.fileName, pdf, abort.signal);
      if (delivery.kind === 'cancelled' || abort.signal.aborted) throw new CancelledError();
      recordExport(this.store, {
        negotiationId: job.model.negotiationId,
        kind: job.model.kind,
        roundId: job.model.roundId,
        fileName: job.fileName,
        markingLabel: job.markingLabel,
        pageSize: job.pageSize,
        pages,
        bottomLine: job.bottomLine,
        snapshot: JSON.stringify(job.snapshot),
        actor: job.actor,
        at: this.store.now(),
      });
      say('done', 1, `Exported ${pages} pages.`);
      return { format: 'pdf', fileName: job.fileName, pages, bytes: pdf.byteLength, delivery };
    } catch (error) {
      if (error instanceof CancelledError || abort.signal.aborted) {
        say('cancelled', 0, 'Export cancelled.');
        return {
          format: 'pdf',
          fileName: job.fileName,
          pages: 0,
          bytes: 0,
          delivery: { kind: 'cancelled' },
        };
      }
      say('failed', 0, 'The export failed.');
      throw error;
    } finally {
      delete job.abort;
    }
  }

  /**
   * The brief as a Word document, from the same model, marking and name as its PDF; logged
   * like a PDF, so the next brief's "changes since" counts from it.
   */
  private async exportWord(job: Job): Promise<BriefingResult> {
    if (!this.deliver) throw new AppError('internal', 'Saving files is not available here.');
    if (job.abort) throw new AppError('conflict', 'This brief is already being exported.');
    const abort = (job.abort = new AbortController());
    const fileName = job.fileNames.docx;
    const say = (stage: BriefingProgress['stage'], fraction: number, message: string) =>
      this.progress({ jobId: job.id, stage, fraction, message });
    try {
      say('printing', 0.3, 'Writing the Word document…');
      // Loaded when first used, as pdf-lib is below: most windows never export, and each data
      // worker would otherwise hold both libraries from its start (about 20 MB each).
      const { briefDocx } = await import('./docx');
      const docx = await briefDocx(job.model, {
        ...job.cover,
        title: job.title,
        pageSize: job.pageSize,
        metadata: job.metadata,
      });
      if (abort.signal.aborted) throw new CancelledError();
      say('saving', 0.9, 'Saving the Word document…');
      const delivery = await this.deliver(fileName, docx, abort.signal);
      if (delivery.kind === 'cancelled' || abort.signal.aborted) throw new CancelledError();
      recordExport(this.store, {
        negotiationId: job.model.negotiationId,
        kind: job.model.kind,
        roundId: job.model.roundId,
        fileName,
        markingLabel: job.markingLabel,
        pageSize: job.pageSize,
        pages: 0,
        bottomLine: job.bottomLine,
        snapshot: JSON.stringify(job.snapshot),
        actor: job.actor,
        at: this.store.now(),
      });
      say('done', 1, 'Exported the Word document.');
      return { format: 'docx', fileName, pages: 0, bytes: docx.byteLength, delivery };
    } catch (error) {
      if (error instanceof CancelledError || abort.signal.aborted) {
        say('cancelled', 0, 'Export cancelled.');
        return { format: 'docx', fileName, pages: 0, bytes: 0, delivery: { kind: 'cancelled' } };
      }
      say('failed', 0, 'The export failed.');
      throw error;
    } finally {
      delete job.abort;
    }
  }

  cancel(jobId: string): null {
    this.jobs.get(jobId)?.abort?.abort();
    return null;
  }

  private expireOldJobs(): void {
    const cutoff = Date.now() - JOB_LIFETIME;
    for (const [id, job] of this.jobs) if (job.created < cutoff && !job.abort) this.jobs.delete(id);
  }
}

class CancelledError extends Error {}
