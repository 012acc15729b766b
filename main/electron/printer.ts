// Electron's side of exports: Chromium's print-to-PDF in a hidden, script-less window, and the
// native save dialog.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import type { PrintResult } from '../../shared/briefing';
import type { PdfPrinter } from '../services/briefing/desk';
import { fileTypeOf, type Deliver } from '../services/files';
import { APP_ORIGIN, printWebPreferences } from './webPreferences';

/** Documents the app:// protocol serves besides the renderer (print jobs), by path. */
export const printDocuments = new Map<string, string>();

export const electronPrinter: PdfPrinter = {
  async print(html, options, signal) {
    const path = `print/${randomUUID()}.html`;
    printDocuments.set(path, html);
    const window = new BrowserWindow({
      show: false,
      webPreferences: printWebPreferences(),
    });
    const cancel = () => window.destroy();
    signal.addEventListener('abort', cancel, { once: true });
    try {
      await window.loadURL(`${APP_ORIGIN}/${path}`);
      const pdf = await window.webContents.printToPDF({
        pageSize: options.pageSize,
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: options.headerHtml,
        footerTemplate: options.footerHtml,
        // Inches: room for the marking and page numbers at the top and bottom of each page.
        margins: { top: 0.87, bottom: 0.79, left: 0.63, right: 0.63 },
        generateDocumentOutline: true,
        generateTaggedPDF: true,
      });
      return new Uint8Array(pdf);
    } finally {
      signal.removeEventListener('abort', cancel);
      printDocuments.delete(path);
      if (!window.isDestroyed()) window.destroy();
    }
  },
};

/**
 * A prepared brief through the system's print dialog: the brief's own document in a hidden,
 * script-less window (never the app's page), printed with the marking in every page's margins
 * (its print stylesheet, main/services/briefing/print.ts).
 */
export async function printWithDialog(url: string): Promise<PrintResult> {
  const window = new BrowserWindow({ show: false, webPreferences: printWebPreferences() });
  try {
    await window.loadURL(url);
    return await new Promise<PrintResult>((resolve) =>
      window.webContents.print({ silent: false, printBackground: true }, (printed, reason) =>
        resolve({
          printed,
          problem: printed || reason === 'cancelled' ? null : `The system said: ${reason}.`,
        }),
      ),
    );
  } finally {
    if (!window.isDestroyed()) window.destroy();
  }
}

/** Saves through the native dialog, suggesting the Documents folder and the brief's name. */
export const saveWithDialog: Deliver = async (fileName, bytes) => {
  const owner = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const type = fileTypeOf(fileName);
  const options = {
    title: `Save ${type.name.toLowerCase()}`,
    defaultPath: join(app.getPath('documents'), fileName),
    filters: [{ name: type.name, extensions: [type.extension] }],
  };
  const choice = owner
    ? await dialog.showSaveDialog(owner, options)
    : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { kind: 'cancelled' };
  await writeFile(choice.filePath, bytes);
  return { kind: 'saved', path: choice.filePath };
};
