import { randomUUID } from 'node:crypto';
import type { Deliver } from '../services/files';

interface Download {
  fileName: string;
  bytes: Uint8Array;
  created: number;
}

const LIFETIME = 10 * 60 * 1000;

/**
 * Finished exports waiting for the browser to fetch them (the web binding's "save"): each is
 * served once at /api/download/<id> and forgotten after ten minutes.
 */
export class Downloads {
  private readonly files = new Map<string, Download>();

  readonly deliver: Deliver = async (fileName, bytes) => {
    const now = Date.now();
    for (const [id, file] of this.files) if (now - file.created > LIFETIME) this.files.delete(id);
    const id = randomUUID();
    this.files.set(id, { fileName, bytes, created: now });
    return { kind: 'download', url: `api/download/${id}` };
  };

  take(id: string): Download | undefined {
    const file = this.files.get(id);
    this.files.delete(id);
    return file;
  }
}
