import type { HistoryEntity } from '../../../shared/domain';

/** The item a "Remove permanently…" dialog is about, while it is open. */
class RemovalState {
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

export const removal = new RemovalState();
