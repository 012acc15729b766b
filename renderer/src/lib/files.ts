// Files main hands over: saved through a dialog (desktop), or downloaded (browser).
import type { Delivery } from '../../../shared/briefing';
import { resourceUrl } from './api';

/** Finishes a delivery (starts the download in a browser); returns what to tell the officer. */
export function received(delivery: Delivery, fileName: string, what: string): string {
  if (delivery.kind === 'cancelled') return 'Export cancelled.';
  if (delivery.kind === 'download') {
    const link = document.createElement('a');
    link.href = resourceUrl(delivery.url);
    link.download = fileName;
    link.click();
    return `Exported ${what}: ${fileName}`;
  }
  return `Saved ${what} to ${delivery.path}`;
}
