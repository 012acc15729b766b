// The web binding's printer: Playwright driving Debian's Chromium, the same print pipeline as
// Electron's printToPDF. Chromium starts on the first export and stays for the next ones.
import type { Browser } from 'playwright-core';
import type { PdfPrinter, PrintOptions } from '../services/briefing/desk';

/** Read when Chromium starts, so whoever starts this binding can still choose the browser. */
function chromiumPath(): string {
  return process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
}

/** Page margins: room for the marking and page numbers at the top and bottom of each page. */
export const MARGINS = { top: '22mm', bottom: '20mm', left: '16mm', right: '16mm' };

export class ChromiumPrinter implements PdfPrinter {
  private browser: Promise<Browser> | null = null;

  private launch(): Promise<Browser> {
    this.browser ??= import('playwright-core').then(({ chromium }) =>
      chromium.launch({
        executablePath: chromiumPath(),
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      }),
    );
    return this.browser;
  }

  async print(html: string, options: PrintOptions, signal: AbortSignal): Promise<Uint8Array> {
    const browser = await this.launch();
    // No scripts in a brief, and no network: the page is the HTML we give it.
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const cancel = () => void context.close();
    signal.addEventListener('abort', cancel, { once: true });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({
        format: options.pageSize,
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: options.headerHtml,
        footerTemplate: options.footerHtml,
        margin: MARGINS,
        outline: true,
        tagged: true,
      });
      return new Uint8Array(pdf);
    } finally {
      signal.removeEventListener('abort', cancel);
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser).close().catch(() => undefined);
  }
}
