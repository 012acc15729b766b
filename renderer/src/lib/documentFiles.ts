// Reading a file the officer chose or dropped, to send it to main. The size is checked before
// the file is read: an oversize file is refused at once, without holding its bytes.
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_MB } from '../../../shared/documents';

/** Why a chosen file cannot be sent, or null when it can. Main checks everything again. */
export function fileProblem(file: File): string | null {
  if (file.size === 0) {
    return `“${file.name}” is empty (0 bytes): there is nothing to attach. Choose the file again, or check it was saved completely.`;
  }
  if (file.size > MAX_DOCUMENT_BYTES) {
    return `“${file.name}” is ${(file.size / 1024 / 1024).toFixed(1)} MB; Parley keeps files of at most ${MAX_DOCUMENT_MB} MB. Attach a smaller copy (fewer pages, or images saved at a lower resolution).`;
  }
  return null;
}

/** The file's bytes as base64 (the form the IPC contract carries them in). */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}
