// Export Redacted as Markdown / PDF: the document leaves the machine, so it goes through the egress gate. The gate
// (in the database worker) replaces every value the user's PII detector finds in the stored title and text; the
// file is rendered from that redacted text only, written via a temporary file, and recorded as released (SHA-256
// of exactly the file's bytes, counts per type) together with its document_exported event.
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import { redactionSummary } from '../../core/export/redactDocument';
import type { Services } from '../workbench/services';
import { piiDetectorOptions, warnPatternProblems } from '../pii';
import type { ExportFormat } from './exportSteps';
import { exportPath, FORMATS, renderExport, saveIfDirty, showExported, writeAtomically } from './exportSteps';
import { documentTarget } from './documentTargets';

export async function exportRedactedDocument(services: Services, format: ExportFormat, arg: unknown) {
  const { label } = FORMATS[format];
  const target = documentTarget(arg, `Export Redacted as ${label}`);
  await saveIfDirty(target.docId);
  const store = await services.store();
  const release = await store.egress.releaseDocument(target.docId, piiDetectorOptions(services));
  warnPatternProblems(services, release.problems);

  // From here on only the redacted title is shown or used: even the suggested file name could leave the machine.
  const filePath = await exportPath(services.ui, target.filePath, `${release.title} (redacted)`, format, `TRCAA: Export ${release.title} Redacted as ${label}`);
  if (!filePath) return undefined;
  const bytes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: exporting ${release.title} redacted as ${label}` }, () =>
    renderExport(services, format, release.markdown, release.title),
  );
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeAtomically(filePath, bytes);
  const recorded = await store.egress.recordDocumentRelease(release.releaseId, { format, filePath, sha256, bytes: bytes.length }).catch(async (error: unknown) => {
    // Nothing stays behind unaudited.
    await rm(filePath, { force: true }).catch(() => undefined);
    throw error;
  });
  const summary = redactionSummary(release.redactedByType);
  services.log.info(`[documents] exported ${release.docId} redacted as ${format} to ${filePath} (${bytes.length} bytes, sha256 ${sha256}; ${summary})`);
  showExported(`TRCAA: ${release.title} exported redacted to ${filePath}: ${summary}. Recorded in the audit log.`, filePath);
  return { filePath, bytes: bytes.length, sha256, auditId: recorded.auditId, eventId: recorded.event.id, redactedByType: release.redactedByType };
}
