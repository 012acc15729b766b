// Drawing a PDF's pages in the viewer. pdf.js (the library main already uses to read a PDF's
// text) parses the file in a worker of the renderer's own origin — the page's policy allows
// workers only from 'self' — with eval off, so nothing in a hostile file can become code;
// scripts, forms and XFA in a PDF are never run (Parley draws pages, it does not display forms).
// Loaded only when a PDF is opened: the library is 400 KB and its worker 1 MB.
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';

export interface OpenPdf {
  readonly pages: number;
  /** Draws page `number` into `canvas`, `width` CSS pixels wide; a newer draw cancels this one. */
  draw(number: number, canvas: HTMLCanvasElement, width: number): Promise<void>;
  close(): void;
}

function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export async function openPdf(base64: string): Promise<OpenPdf> {
  const [pdfjs, worker] = await Promise.all([
    import('pdfjs-dist'),
    import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
  ]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  const document: PDFDocumentProxy = await pdfjs.getDocument({
    data: bytesOf(base64),
    isEvalSupported: false,
    enableXfa: false,
    // Fonts the file does not embed are drawn with the system's; nothing is fetched for them.
    useSystemFonts: true,
    stopAtErrors: false,
  }).promise;
  let task: RenderTask | null = null;
  return {
    pages: document.numPages,
    async draw(number, canvas, width) {
      task?.cancel();
      const page = await document.getPage(number);
      const scale = width / page.getViewport({ scale: 1 }).width;
      const ratio = window.devicePixelRatio || 1;
      const viewport = page.getViewport({ scale: scale * ratio });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('This window cannot draw the page (no canvas).');
      const current = page.render({ canvasContext: context, viewport });
      task = current;
      try {
        await current.promise;
      } catch (error) {
        // A draw replaced by a newer one is not a failure.
        if ((error as { name?: string }).name !== 'RenderingCancelledException') throw error;
      } finally {
        if (task === current) task = null;
      }
    },
    close() {
      task?.cancel();
      void document.destroy();
    },
  };
}
