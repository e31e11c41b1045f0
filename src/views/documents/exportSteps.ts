// The steps both document exports share (plain, and redacted through the egress gate): save a dirty editor first,
// ask where to write, render Markdown or PDF, and write the file via a temporary file renamed over the target.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { uriSegment } from '../../core/attach/attachHelpers';
import { findSystemCjkFont, findSystemMonoFont } from '../../core/export/systemFonts';
import { markdownExport } from '../../core/export/markdownExport';
import type * as PdfRenderer from '../../core/export/pdf';
import type { Services } from '../workbench/services';
import { parseDocumentUri } from './documentUri';

export type ExportFormat = 'markdown' | 'pdf';

export const FORMATS: Record<ExportFormat, { label: string; extension: string; filter: Record<string, string[]> }> = {
  markdown: { label: 'Markdown', extension: '.md', filter: { Markdown: ['md'] } },
  pdf: { label: 'PDF', extension: '.pdf', filter: { PDF: ['pdf'] } },
};

/** Unsaved edits in an open editor are saved first: the export is always of the stored text. */
export async function saveIfDirty(docId: string): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && parseDocumentUri(document.uri)?.docId === docId && !(await document.save())) {
      throw new Error('The document has unsaved changes that could not be saved; save it, then export again.');
    }
  }
}

/** The given path, or the one picked in a save dialog named after `title` (undefined: cancelled); absolute. */
export async function exportPath(ui: Services['ui'], given: string | undefined, title: string, format: ExportFormat, dialogTitle: string): Promise<string | undefined> {
  if (given) return path.resolve(given);
  const { extension, filter } = FORMATS[format];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await ui.showSaveDialog({
    title: dialogTitle,
    saveLabel: 'Export',
    filters: filter,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${uriSegment(title, 120)}${extension}`) } : {}),
  });
  return picked ? path.resolve(picked.fsPath) : undefined;
}

/** The file's bytes: the Markdown itself (with a final newline), or a PDF titled `title` in its metadata. */
export async function renderExport(services: Services, format: ExportFormat, markdown: string, title: string): Promise<Buffer> {
  if (format === 'markdown') return Buffer.from(markdownExport(markdown), 'utf8');
  return pdfRenderer(services).renderPdf(markdown, { title, fonts: pdfFonts(services) });
}

let loadedRenderer: typeof PdfRenderer | undefined;

/**
 * The PDF stack (pdfmake, pdfkit, fontkit: over half of what the extension would load) is its own bundle,
 * dist/pdfRenderer.js, loaded on the first PDF export instead of at activation.
 */
function pdfRenderer(services: Services): typeof PdfRenderer {
  loadedRenderer ??= createRequire(__filename)(path.join(services.context.extensionPath, 'dist', 'pdfRenderer.js')) as typeof PdfRenderer;
  return loadedRenderer;
}

/** Bundled Roboto; for CJK the font in trcaa.export.cjkFontPath or else one found on the system; for code a system monospace font. */
function pdfFonts(services: Services) {
  const latinDir = path.join(services.context.extensionPath, 'dist', 'fonts');
  const configured = vscode.workspace.getConfiguration('trcaa.export').get<string>('cjkFontPath', '').trim();
  if (configured && !existsSync(configured)) {
    services.log.warn(`[documents] trcaa.export.cjkFontPath ${configured} does not exist; looking for a system CJK font instead`);
    void vscode.window.showWarningMessage(`TRCAA: the CJK font ${configured} (trcaa.export.cjkFontPath) does not exist; a system font is used if one is found.`);
  }
  const cjkFontPath = configured && existsSync(configured) ? configured : findSystemCjkFont();
  const monoFontPath = findSystemMonoFont();
  return { latinDir, ...(cjkFontPath ? { cjkFontPath } : {}), ...(monoFontPath ? { monoFontPath } : {}) };
}

export async function writeAtomically(filePath: string, bytes: Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** "<title> exported to <path>.", with an Open button. */
export function showExported(message: string, filePath: string): void {
  const open = 'Open';
  void vscode.window.showInformationMessage(message, open).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(filePath));
  });
}
