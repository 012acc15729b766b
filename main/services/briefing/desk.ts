// The briefing desk: prepares a brief (HTML, marking, file name), keeps it while the officer
// previews it, prints it through whichever Chromium the transport has, hands the PDF over
// (save dialog or download), and logs what was exported.
import { randomUUID } from 'node:crypto';
import {
  BRIEFING_TITLES,
  type BriefingDefaults,
  type BriefingPreview,
  type BriefingProgress,
  type BriefingResult,
  type PageSize,
} from '../../../shared/briefing';
import type { ParsedOf } from '../../../shared/contract';
import { lastBottomLine, lastExport, recordExport } from '../../db/queries/briefings';
import { listMarkings } from '../../db/queries/markings';
import { getRound } from '../../db/queries/rounds';
import type { Store } from '../../db/store';
import { requireIn, scopeOf } from '../common';
import { AppError, invalid } from '../errors';
import { changeCount, changesSection, diffSnapshots } from './changes';
import { briefContent, type BriefContent, type Snapshot } from './content';
import { safeFileName, type Deliver } from '../files';
import { documentHtml, esc, headerFooterHtml, sectionsHtml, tocHtml } from './html';

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
  html: string;
  content: BriefContent;
  fileName: string;
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

  /** The highest marking among the included items: the brief's default and its floor. */
  private floor(content: BriefContent) {
    const markings = listMarkings(this.store);
    const byId = new Map(markings.map((m) => [m.id, m]));
    let highest = byId.get(content.defaultMarkingId) ?? markings[0]!;
    for (const id of content.markingIds) {
      const m = byId.get(id ?? content.defaultMarkingId);
      if (m && m.rank > highest.rank) highest = m;
    }
    return { highest, byId };
  }

  defaults(input: Subject): BriefingDefaults {
    this.checkSubject(input);
    const content = briefContent(this.store, input.kind, input.negotiationId, {
      ...input,
      bottomLine: '',
      changesOnly: false,
    });
    const previous = lastExport(this.store, input.negotiationId, input.kind);
    let bottomLine = '';
    if (input.kind === 'round') {
      bottomLine =
        lastBottomLine(this.store, input.roundId!) ?? getRound(this.store, input.roundId!)!.summary;
    }
    return {
      bottomLine,
      author: this.store.actor,
      minimumMarkingId: this.floor(content).highest.id,
      previous: previous
        ? { at: previous.at, actor: previous.actor, fileName: previous.fileName }
        : null,
    };
  }

  preview(input: ParsedOf<'briefing:preview'>): BriefingPreview {
    this.checkSubject(input);
    this.expireOldJobs();
    const content = briefContent(this.store, input.kind, input.negotiationId, input);
    const { highest, byId } = this.floor(content);
    let marking = highest;
    if (input.markingId !== null) {
      const chosen = byId.get(input.markingId);
      if (!chosen) throw invalid('markingId', 'Choose a marking from the list.');
      if (chosen.rank < highest.rank) {
        throw invalid(
          'markingId',
          `This brief contains ${highest.label} material; it cannot be marked lower.`,
        );
      }
      marking = chosen;
    }

    const sections = [...content.sections];
    let changesSinceLast: number | null = null;
    if (input.sinceLast) {
      const previous = lastExport(this.store, input.negotiationId, input.kind);
      if (previous) {
        const changes = diffSnapshots(JSON.parse(previous.snapshot) as Snapshot, content.snapshot);
        changesSinceLast = changeCount(changes);
        // Right after the bottom line, where a senior looks first.
        const at = sections[0]?.id === 'bluf' ? 1 : 0;
        sections.splice(at, 0, changesSection(changes, previous));
      } else {
        changesSinceLast = 0;
      }
    }

    const kindTitle = BRIEFING_TITLES[input.kind];
    const title = `${kindTitle}: ${content.subject}`;
    const today = new Date().toISOString().slice(0, 10);
    const author = input.author || this.store.actor;
    const coverRows: [string, string][] = [
      ['Negotiation', content.negotiationTitle],
      ...(content.subject === content.negotiationTitle
        ? []
        : ([['Subject', content.subject]] as [string, string][])),
      ['Date of events', content.subjectDate || 'Not recorded'],
      ['Prepared by', author],
      ['Prepared on', today],
      ['Handling', marking.label],
    ];
    const bodyHtml =
      `<header class="cover"><div class="kind">${esc(kindTitle)}</div>` +
      `<h1>${esc(content.subject)}</h1><div class="subject">${esc(
        content.subject === content.negotiationTitle
          ? `As of ${content.subjectDate || today}`
          : content.negotiationTitle,
      )}</div>` +
      `<dl>${coverRows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>` +
      `<div class="stamp">${esc(marking.label)}</div></header>` +
      tocHtml(sections) +
      sectionsHtml(sections);
    const html = documentHtml({ titleHtml: esc(title), markingLabel: marking.label, bodyHtml });
    const nameParts = [marking.label, kindTitle, content.subject, content.negotiationTitle, today];
    const fileName = safeFileName([...new Set(nameParts)].join(' - '), 'pdf');
    const job: Job = {
      id: randomUUID(),
      html,
      content,
      fileName,
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
      fileName,
      changesSinceLast,
    };
  }

  /** The prepared HTML of a job (served for the in-app preview). */
  html(jobId: string): string | undefined {
    return this.jobs.get(jobId)?.html;
  }

  async export(jobId: string): Promise<BriefingResult> {
    const job = this.jobs.get(jobId);
    if (!job) throw invalid('jobId', 'This brief is no longer prepared. Preview it again.');
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
      const pdf = await this.printer.print(
        job.html,
        { pageSize: job.pageSize, headerHtml, footerHtml },
        abort.signal,
      );
      if (abort.signal.aborted) throw new CancelledError();
      const pages = countPages(pdf);
      say('saving', 0.9, `Saving ${pages} pages…`);
      const delivery = await this.deliver(job.fileName, pdf, abort.signal);
      if (delivery.kind === 'cancelled' || abort.signal.aborted) throw new CancelledError();
      recordExport(this.store, {
        negotiationId: job.content.negotiationId,
        kind: job.content.kind,
        roundId: job.content.roundId,
        fileName: job.fileName,
        markingLabel: job.markingLabel,
        pageSize: job.pageSize,
        pages,
        bottomLine: job.bottomLine,
        snapshot: JSON.stringify(job.content.snapshot),
        actor: job.actor,
        at: this.store.now(),
      });
      say('done', 1, `Exported ${pages} pages.`);
      return { fileName: job.fileName, pages, bytes: pdf.byteLength, delivery };
    } catch (error) {
      if (error instanceof CancelledError || abort.signal.aborted) {
        say('cancelled', 0, 'Export cancelled.');
        return { fileName: job.fileName, pages: 0, bytes: 0, delivery: { kind: 'cancelled' } };
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
