// Markdown → PDF with pdfmake on Node, in memory. pdfmake may read only the font files we hand it and may fetch no
// URL: both of its access policies are set on every call (its Node entry is one shared instance, and createPdf reads
// fonts and policies synchronously, so concurrent exports cannot see each other's settings).
import pdfmakeModule from 'pdfmake';
import type { TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces';
import { LATIN_FAMILY, prepareFonts, type PdfFontFiles } from './fonts';
import { markdownToPdfContent } from './markdownPdf';

export type { PdfFontFiles } from './fonts';

export interface RenderPdfOptions {
  /** The PDF's title in its metadata (the visible title is the document's own first heading). */
  title: string;
  fonts: PdfFontFiles;
}

/** The parts of pdfmake's Node instance we use (its typings describe the browser build's named exports). */
export interface PdfMakeNode {
  setFonts(fonts: TFontDictionary): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (file: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

const pdfmake = pdfmakeModule as unknown as PdfMakeNode;

/** Renders Markdown (CommonMark + tables, raw HTML shown as text) to PDF bytes. */
export async function renderPdf(markdown: string, options: RenderPdfOptions): Promise<Buffer> {
  const fonts = prepareFonts(options.fonts);
  const doc: TDocumentDefinitions = {
    info: { title: options.title, creator: 'TRCAA', producer: 'TRCAA' },
    pageSize: 'A4',
    pageMargins: 40,
    defaultStyle: { font: LATIN_FAMILY, fontSize: 11, lineHeight: 1.2 },
    content: markdownToPdfContent(markdown, fonts.split),
    footer: (page: number, pages: number) => ({ text: `${page} / ${pages}`, alignment: 'center', fontSize: 8, color: '#888888' }),
  };
  return lockedDownPdfMake(fonts.dictionary, fonts.files).createPdf(doc).getBuffer();
}

/** pdfmake set to these fonts, fetching no URL and reading no file but `files`. Call createPdf on it right away. */
export function lockedDownPdfMake(dictionary: TFontDictionary, files: ReadonlySet<string>): PdfMakeNode {
  pdfmake.setFonts(dictionary);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => files.has(file));
  return pdfmake;
}
