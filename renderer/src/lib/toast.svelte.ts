// Short notices at the bottom of the window ("Party deleted — Undo"), announced politely.

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
  action?: { label: string; run: () => void };
}

class Toasts {
  list = $state<Toast[]>([]);
  private next = 1;

  show(message: string, options: { tone?: Toast['tone']; action?: Toast['action'] } = {}): void {
    const toast: Toast = { id: this.next++, message, tone: options.tone ?? 'info' };
    if (options.action) toast.action = options.action;
    this.list = [...this.list.slice(-2), toast];
    setTimeout(() => this.dismiss(toast.id), options.tone === 'error' ? 10_000 : 7_000);
  }

  error(message: string): void {
    this.show(message, { tone: 'error' });
  }

  dismiss(id: number): void {
    this.list = this.list.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
