import type { HistoryEntity } from '../../../shared/domain';

/**
 * A panel or dialog about one item (its history; removing it for good), while it is open, and
 * where focus returns when it closes.
 */
class ItemOverlay {
  item = $state<{ entity: HistoryEntity; id: number; title: string } | null>(null);
  private opener: HTMLElement | null = null;

  open(entity: HistoryEntity, id: number, title: string): void {
    this.opener = document.activeElement as HTMLElement | null;
    this.item = { entity, id, title };
  }

  close(): void {
    this.item = null;
    if (this.opener?.isConnected) this.opener.focus();
  }
}

/** Which item's history the panel shows. */
export const historyPanel = new ItemOverlay();
/** The item a "Remove permanently…" dialog is about. */
export const removal = new ItemOverlay();
