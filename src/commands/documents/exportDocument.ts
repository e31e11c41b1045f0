// Export as Markdown / Export as PDF: the stored text (a dirty editor is saved first, so what is exported is what
// is stored), written to a temporary file beside the target and renamed over it (never a half-written file), then
// recorded as document_exported with its audit row.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { uriSegment } from '../../core/attach/attachHelpers';
import { findSystemCjkFont } from '../../core/export/fonts';
import { markdownExport } from '../../core/export/markdownExport';
import { renderPdf } from '../../core/export/pdf';
import type { Services } from '../../services';
import type { RefreshFolders } from '../../views/issues/nodes';
import { parseDocumentUri } from '../../views/documents/documentUri';
import { documentTarget } from './targets';

export type ExportFormat = 'markdown' | 'pdf';

const FORMATS: Record<ExportFormat, { label: string; extension: string; filter: Record<string, string[]> }> = {
  markdown: { label: 'Markdown', extension: '.md', filter: { Markdown: ['md'] } },
  pdf: { label: 'PDF', extension: '.pdf', filter: { PDF: ['pdf'] } },
};

export async function exportDocument(services: Services, refresh: RefreshFolders, format: ExportFormat, arg: unknown) {
  const { label, extension, filter } = FORMATS[format];
  const target = documentTarget(arg, `Export as ${label}`);
  await saveIfDirty(target.docId);
  const store = await services.store();
  const doc = await store.documents.get(target.docId);
  if (!doc) throw new Error('That document no longer exists: it may have been deleted.');

  let filePath = target.filePath;
  if (!filePath) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const picked = await vscode.window.showSaveDialog({
      title: `TRCAA: Export ${doc.title} as ${label}`,
      saveLabel: 'Export',
      filters: filter,
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${uriSegment(doc.title, 120)}${extension}`) } : {}),
    });
    if (!picked) return undefined;
    filePath = picked.fsPath;
  }
  filePath = path.resolve(filePath);

  const bytes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: exporting ${doc.title} as ${label}` }, async () =>
    format === 'markdown'
      ? Buffer.from(markdownExport(doc.contentMd), 'utf8')
      : renderPdf(doc.contentMd, { title: doc.title, fonts: pdfFonts(services) }),
  );
  await writeAtomically(filePath, bytes);
  const event = await store.documents.recordExport(doc.id, { format, filePath });
  refresh(doc.issueId, 'timeline');
  services.log.info(`[documents] exported ${doc.id} as ${format} to ${filePath} (${bytes.length} bytes)`);
  const open = 'Open';
  void vscode.window.showInformationMessage(`TRCAA: ${doc.title} exported to ${filePath}.`, open).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(filePath));
  });
  return { filePath, bytes: bytes.length, eventId: event.id };
}

/** Unsaved edits in an open editor are saved first: the export is always of the stored text. */
async function saveIfDirty(docId: string): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && parseDocumentUri(document.uri)?.docId === docId && !(await document.save())) {
      throw new Error('The document has unsaved changes that could not be saved; save it, then export again.');
    }
  }
}

/** Bundled Roboto, and for CJK the font in trcaa.export.cjkFontPath or else one found on the system. */
function pdfFonts(services: Services) {
  const latinDir = path.join(services.context.extensionPath, 'dist', 'fonts');
  const configured = vscode.workspace.getConfiguration('trcaa.export').get<string>('cjkFontPath', '').trim();
  if (configured && !existsSync(configured)) {
    services.log.warn(`[documents] trcaa.export.cjkFontPath ${configured} does not exist; looking for a system CJK font instead`);
    void vscode.window.showWarningMessage(`TRCAA: the CJK font ${configured} (trcaa.export.cjkFontPath) does not exist; a system font is used if one is found.`);
  }
  const cjkFontPath = configured && existsSync(configured) ? configured : findSystemCjkFont();
  return cjkFontPath ? { latinDir, cjkFontPath } : { latinDir };
}

async function writeAtomically(filePath: string, bytes: Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
