import type { HistoryEntity } from '../../../shared/domain';

/** Which item's history the panel shows, if it is open. */
class HistoryPanelState {
  item = $state<{ entity: HistoryEntity; id: number; title: string } | null>(null);
  /** Where focus returns when the panel closes. */
  private opener: HTMLElement | null = null;

  open(entity: HistoryEntity, id: number, title: string): void {
    this.opener = document.activeElement as HTMLElement | null;
    this.item = { entity, id, title };
  }

  close(): void {
    this.item = null;
    this.opener?.focus();
  }
}

export const historyPanel = new HistoryPanelState();
