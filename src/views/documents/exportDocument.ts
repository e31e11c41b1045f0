// Export as Markdown / Export as PDF: the stored text (a dirty editor is saved first, so what is exported is what
// is stored), written to a temporary file beside the target and renamed over it (never a half-written file), then
// recorded as document_exported with its audit row.
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import type { ExportFormat } from './exportSteps';
import { exportPath, FORMATS, renderExport, saveIfDirty, showExported, writeAtomically } from './exportSteps';
import { documentTarget } from './documentTargets';

export async function exportDocument(services: Services, format: ExportFormat, arg: unknown) {
  const { label } = FORMATS[format];
  const target = documentTarget(arg, `Export as ${label}`);
  await saveIfDirty(target.docId);
  const store = await services.store();
  const doc = await store.documents.get(target.docId);
  if (!doc) throw new Error('That document no longer exists: it may have been deleted.');

  const filePath = await exportPath(services.ui, target.filePath, doc.title, format, `TRCAA: Export ${doc.title} as ${label}`);
  if (!filePath) return undefined;
  const bytes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: exporting ${doc.title} as ${label}` }, () =>
    renderExport(services, format, doc.contentMd, doc.title),
  );
  await writeAtomically(filePath, bytes);
  const event = await store.documents.recordExport(doc.id, { format, filePath });
  services.log.info(`[documents] exported ${doc.id} as ${format} to ${filePath} (${bytes.length} bytes)`);
  showExported(`TRCAA: ${doc.title} exported to ${filePath}.`, filePath);
  return { filePath, bytes: bytes.length, eventId: event.id };
}
