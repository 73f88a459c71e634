import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * Rasterises PDF pages in Chromium with pdf.js (pdfjs-dist), as a browser's PDF viewer would
 * draw them: the page is served from a made-up origin whose files come from node_modules.
 */
const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const ORIGIN = 'http://pdf.test';

const PAGE = `<!doctype html><html><body style="margin:0;background:#fff">
<canvas id="page"></canvas>
<script type="module">
  import * as pdfjs from '/build/pdf.mjs';
  pdfjs.GlobalWorkerOptions.workerSrc = '/build/pdf.worker.mjs';
  window.rasterise = async (base64, pageNumber, pxPerMm) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const doc = await pdfjs.getDocument({ data, standardFontDataUrl: '/standard_fonts/' }).promise;
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale: (pxPerMm * 25.4) / 72 });
    const canvas = document.getElementById('page');
    canvas.width = Math.round(viewport.width);
    canvas.height = Math.round(viewport.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: ctx, canvas, viewport }).promise;
    const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const gray = new Uint8Array(canvas.width * canvas.height);
    for (let i = 0; i < gray.length; i++) gray[i] = Math.round(0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]);
    let binary = '';
    for (let i = 0; i < gray.length; i += 8192) binary += String.fromCharCode(...gray.subarray(i, i + 8192));
    return { pages: doc.numPages, width: canvas.width, height: canvas.height, gray: btoa(binary) };
  };
  window.ready = true;
</script></body></html>`;

export interface RasterPage {
  /** Pages in the document. */
  pages: number;
  width: number;
  height: number;
  /** 8-bit grey, row by row. */
  gray: Buffer;
}

export class PdfRasteriser {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser): Promise<PdfRasteriser> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
      const file = normalize(join(PDFJS_DIR, path));
      if (!file.startsWith(PDFJS_DIR)) return route.fulfill({ status: 404 });
      try {
        const type = path.endsWith('.mjs') ? 'text/javascript' : 'application/octet-stream';
        return route.fulfill({ contentType: type, body: readFileSync(file) });
      } catch {
        return route.fulfill({ status: 404 });
      }
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    return new PdfRasteriser(page);
  }

  /** Draws one page at `pxPerMm` into the page's canvas and returns its pixels in grey. */
  async rasterise(pdf: Buffer, pageNumber = 1, pxPerMm = 8): Promise<RasterPage> {
    const result = await this.page.evaluate(
      ([base64, n, scale]) =>
        (
          window as unknown as {
            rasterise(
              b: string,
              n: number,
              s: number,
            ): Promise<{ pages: number; width: number; height: number; gray: string }>;
          }
        ).rasterise(base64, n, scale),
      [pdf.toString('base64'), pageNumber, pxPerMm] as const,
    );
    return { ...result, gray: Buffer.from(result.gray, 'base64') };
  }

  /** A PNG of the canvas as last drawn, cut to its top `fraction`. */
  async screenshot(path: string, fraction = 1): Promise<void> {
    const box = await this.page.locator('#page').boundingBox();
    if (!box) throw new Error('nothing rasterised yet');
    await this.page.screenshot({
      path,
      clip: { x: box.x, y: box.y, width: box.width, height: Math.round(box.height * fraction) },
    });
  }

  close(): Promise<void> {
    return this.page.context().close();
  }
}
