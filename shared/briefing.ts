// Briefing PDFs: what the renderer asks for and what it gets back.

export const BRIEFING_KINDS = ['round', 'comparison', 'overview'] as const;
export type BriefingKind = (typeof BRIEFING_KINDS)[number];

export const BRIEFING_TITLES: Record<BriefingKind, string> = {
  round: 'Round brief',
  comparison: 'Comparison brief',
  overview: 'Negotiation overview',
};

export const PAGE_SIZES = ['A4', 'Letter'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** What a brief is exported as: the final form (PDF) or the working one (Word). */
export const BRIEFING_FORMATS = ['pdf', 'docx'] as const;
export type BriefingFormat = (typeof BRIEFING_FORMATS)[number];

export const BRIEFING_FORMAT_LABELS: Record<BriefingFormat, string> = {
  pdf: 'PDF',
  docx: 'Word',
};

/** What the dialog fills in before previewing: suggestions from main. */
export interface BriefingDefaults {
  /** The officer's bottom line, from the last brief of this round or the round's summary. */
  bottomLine: string;
  author: string;
  /** The highest marking among the items the brief would include: its floor. */
  minimumMarkingId: number;
  /** The item that forces the floor, in words; null when it is the negotiation's own marking. */
  forcedBy: string | null;
  /** The last export of the same kind for this negotiation, if any. */
  previous: { at: string; actor: string; fileName: string } | null;
  /** The paper size chosen in Settings. */
  pageSize: PageSize;
}

/** A prepared brief, held in main until it is saved or dropped. */
export interface BriefingPreview {
  jobId: string;
  /** Relative address of the HTML preview (the renderer adds its access token). */
  previewPath: string;
  title: string;
  markingLabel: string;
  /** The floor of what this preview contains (it rises with "changes since the last brief"). */
  minimumMarkingId: number;
  forcedBy: string | null;
  /** The PDF's file name. */
  fileName: string;
  /** The file name in each format (the same name, its own extension). */
  fileNames: Record<BriefingFormat, string>;
  /** How many items the "changes since the last brief" section lists (null when not asked). */
  changesSinceLast: number | null;
}

/** How an exported file reached the officer. */
export type Delivery =
  { kind: 'saved'; path: string } | { kind: 'download'; url: string } | { kind: 'cancelled' };

export interface BriefingResult {
  format: BriefingFormat;
  fileName: string;
  /** Pages printed (PDF); 0 for Word, which lays out its pages when it opens the file. */
  pages: number;
  bytes: number;
  delivery: Delivery;
}

export interface BriefingProgress {
  jobId: string;
  stage: 'preparing' | 'printing' | 'saving' | 'done' | 'cancelled' | 'failed';
  /** 0–1. */
  fraction: number;
  message: string;
}

/** What became of a brief sent to the system's print dialog. */
export interface PrintResult {
  printed: boolean;
  /** Why it was not printed, when the system said (null when the officer cancelled). */
  problem: string | null;
}
