import type { BriefingKind } from '../../../shared/briefing';

/** What a brief is about, as the view that asks for it knows it. */
export interface BriefingSubject {
  kind: BriefingKind;
  negotiationId: number;
  roundId?: number;
  fromRoundId?: number;
  toRoundId?: number;
  /** Comparison brief: start with "only what changed" as the view had it. */
  changesOnly?: boolean;
}

/** The briefing dialog, opened from any view with what that view shows. */
class BriefingDialogState {
  subject = $state<BriefingSubject | null>(null);
  /** Prints the open brief's preview (set by the dialog while it has one). */
  print: (() => void) | null = null;
  private opener: HTMLElement | null = null;

  open(subject: BriefingSubject): void {
    this.opener = document.activeElement as HTMLElement | null;
    this.subject = subject;
  }

  close(): void {
    this.subject = null;
    this.opener?.focus();
  }
}

export const briefingDialog = new BriefingDialogState();
