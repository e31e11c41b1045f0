// The review commands: decide spans (one, a selection, all of a type), approve or revoke a log's redaction,
// rescan it, open it for review, step through its spans. Each changes the store, then tells the review state,
// which redraws the editor and the log's tree row. Logs never carry original values.
import * as vscode from 'vscode';
import { labelFor } from '../../core/pii/types';
import type { Services } from '../workbench/services';
import { logUri } from '../attachments';
import type { PiiDecision, PiiSpan } from '../../core/model/logFile';
import type { PiiReviewState } from './reviewState';
import { logIdOf } from './reviewState';
import { countsText } from '../attachments';
import { errorCode } from '../attachments';
import { piiDetectorOptions, warnPatternProblems } from './piiSettings';
import { requireLogId, selectionArgs, spanTargets, typeArgs } from './piiTargets';

export async function decideSpans(services: Services, state: PiiReviewState, arg: unknown, decision: PiiDecision) {
  const target = await spanTargets(state, arg);
  const store = await services.store();
  const spans = await store.piiSpans.setDecision(target.spanIds, decision);
  await state.settled();
  services.log.info(`[pii] ${spans.length} span(s) set to ${decision}`);
  return spans.map((s) => ({ id: s.id, piiType: s.piiType, decision: s.decision }));
}

export async function redactSelection(services: Services, state: PiiReviewState, arg: unknown) {
  let logId: string;
  let ranges: { start: number; end: number }[];
  if (arg !== undefined && !(arg instanceof vscode.Uri)) {
    const parsed = selectionArgs.parse(arg);
    if (parsed.end <= parsed.start) throw new Error('The selection to redact is empty.');
    logId = parsed.logId;
    ranges = [{ start: parsed.start, end: parsed.end }];
  } else {
    const editor = vscode.window.activeTextEditor;
    const id = editor && logIdOf(editor.document);
    const view = editor && state.view(editor.document);
    if (!editor || !id || !view) throw new Error('Redact Selection works in a stored log opened for review (TRCAA: Review PII).');
    const mapped = await view;
    logId = id;
    ranges = editor.selections.map((s) => ({ start: mapped.offsetAt(s.start), end: mapped.offsetAt(s.end) })).filter((r) => r.end > r.start);
    if (!ranges.length) throw new Error('Select the text to redact first.');
  }
  const store = await services.store();
  const added = [];
  for (const range of ranges) added.push(await store.piiSpans.addManual(logId, range.start, range.end));
  await state.settled();
  services.log.info(`[pii] ${added.length} manual span(s) added to log ${logId}`);
  return added.map((s) => ({ id: s.id, piiType: s.piiType, startOffset: s.startOffset, endOffset: s.endOffset, decision: s.decision }));
}

export async function decideType(services: Services, state: PiiReviewState, arg: unknown, decision: PiiDecision): Promise<number | undefined> {
  let target: { logId: string; piiType: string };
  if (arg && typeof arg === 'object' && 'piiType' in arg) target = typeArgs.parse(arg);
  else {
    const logId = requireLogId(arg, decision === 'keep' ? 'Keep All of a Type' : 'Redact All of a Type');
    const review = await state.review(logId);
    const counts = Object.entries(review?.byType ?? {});
    if (!counts.length) throw new Error('This log has no PII spans.');
    const picked = await services.ui.showQuickPick(
      counts.map(([piiType, n]) => ({ label: labelFor(piiType), description: `${n.toLocaleString('en')} span${n === 1 ? '' : 's'}`, piiType })),
      { title: decision === 'keep' ? 'TRCAA: Keep every value of a type' : 'TRCAA: Redact every value of a type', placeHolder: 'Pick the PII type' },
    );
    if (!picked) return undefined;
    target = { logId, piiType: picked.piiType };
  }
  const store = await services.store();
  const changed = await store.piiSpans.setDecisionForType(target.logId, target.piiType, decision);
  await state.settled();
  services.log.info(`[pii] ${changed} ${target.piiType} span(s) of log ${target.logId} set to ${decision}`);
  return changed;
}

export async function approveRedaction(services: Services, state: PiiReviewState, arg: unknown) {
  const logId = requireLogId(arg, 'Approve Redaction');
  const store = await services.store();
  const current = await store.logFiles.get(logId);
  if (current?.redacted) {
    vscode.window.setStatusBarMessage(`$(pass-filled) TRCAA: ${current.fileName} is already approved`, 5000);
    return current;
  }
  const before = await state.review(logId);
  let log;
  try {
    log = await store.logFiles.approveRedaction(logId);
  } catch (error) {
    if (errorCode(error) !== 'NOT_SCANNED') throw error;
    // Attached before logs were scanned: nothing was found because nothing was looked for.
    const rescan = 'Rescan Now';
    const choice = await services.ui.showWarningMessage(`TRCAA: ${current?.fileName ?? 'This log'} has not been scanned for PII yet: rescan it and review what is found before approving.`, rescan);
    if (choice === rescan) await rescanLog(services, state, logId);
    return undefined;
  }
  await state.settled();
  const kept = before?.kept ?? 0;
  const redacted = (before?.total ?? 0) - kept;
  services.log.info(`[pii] redaction of log ${logId} approved (${redacted} redacted, ${kept} kept)`);
  vscode.window.setStatusBarMessage(`$(pass-filled) TRCAA: ${log.fileName} approved — ${redacted} span${redacted === 1 ? '' : 's'} redacted, ${kept} kept`, 6000);
  indexForAssistant(services, log.id, log.fileName);
  return log;
}

/**
 * The AI assistant's log excerpts read an index of the log's notable lines, built once per log (seconds for a
 * 200 MB log): when a model is set, built right after approval rather than on the first question.
 */
function indexForAssistant(services: Services, logId: string, fileName: string): void {
  if (!vscode.workspace.getConfiguration('trcaa.ai').get<string>('model')) return;
  void vscode.window
    .withProgress({ location: vscode.ProgressLocation.Window, title: `TRCAA: indexing ${fileName} for the AI assistant` }, async () => (await services.store()).aiGate.indexLog(logId))
    .then(undefined, (error: unknown) => services.log.warn(`[ai] could not index log ${logId}: ${error instanceof Error ? error.message : String(error)}`));
}

export async function revokeApproval(services: Services, state: PiiReviewState, arg: unknown) {
  const logId = requireLogId(arg, 'Revoke Redaction Approval');
  const store = await services.store();
  const current = await store.logFiles.get(logId);
  if (current && !current.redacted) {
    vscode.window.setStatusBarMessage(`TRCAA: ${current.fileName} is not approved: nothing to revoke`, 5000);
    return current;
  }
  const log = await store.logFiles.setRedacted(logId, false);
  await state.settled();
  services.log.info(`[pii] redaction approval of log ${logId} revoked`);
  return log;
}

export async function rescanLog(services: Services, state: PiiReviewState, arg: unknown) {
  const logId = requireLogId(arg, 'Rescan Log for PII');
  const store = await services.store();
  const row = await store.logFiles.get(logId);
  if (!row) throw new Error('That log no longer exists: it may have been deleted.');
  const options = piiDetectorOptions(services);
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: scanning ${row.fileName} for PII` }, () =>
    store.piiSpans.scanLog(logId, options),
  );
  await state.settled();
  warnPatternProblems(services, report.problems);
  const found = countsText(report.countsByType);
  services.log.info(`[pii] rescanned log ${logId}: ${found || 'nothing found'}`);
  void services.ui.showInformationMessage(`TRCAA: ${row.fileName} rescanned — ${found ? `found ${found}` : 'no PII found'}. Review it before sharing.`);
  return report;
}

/** Opens the stored copy (the text the offsets count in), where spans are shown and decided. */
export function reviewLog(services: Services, arg: unknown): Promise<vscode.Uri> {
  return showLogDocument(services, requireLogId(arg, 'Review PII'), logUri, { preview: false });
}

/** Shows a document of a stored log — its copy or its redacted view — named after its issue and file. */
export async function showLogDocument(
  services: Services,
  logId: string,
  uriOf: (logId: string, issueTitle: string, fileName: string) => vscode.Uri,
  options: vscode.TextDocumentShowOptions,
): Promise<vscode.Uri> {
  const store = await services.store();
  const row = await store.logFiles.get(logId);
  if (!row) throw new Error('That log no longer exists: it may have been deleted.');
  const issue = await store.issues.get(row.issueId);
  const uri = uriOf(row.id, issue?.title ?? 'issue', row.fileName);
  await vscode.window.showTextDocument(uri, options);
  return uri;
}

/** Moves the caret to the next (or previous) span of the active stored log, wrapping around. */
export async function stepSpan(state: PiiReviewState, direction: 1 | -1): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const logId = editor && logIdOf(editor.document);
  const view = editor && state.view(editor.document);
  if (!editor || !logId || !view) return undefined;
  const mapped = await view;
  const at = mapped.offsetAt(editor.selection.start);
  const next = (await nearestSpan(state, logId, at, direction, mapped.shownLength)) ?? (await nearestSpan(state, logId, direction === 1 ? -1 : mapped.shownLength + 1, direction, mapped.shownLength));
  if (!next) return undefined;
  const range = mapped.rangeOf(next.startOffset, next.endOffset) as vscode.Range;
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return next.id;
}

/** First text looked at for the next span; doubled until one is found (spans are dense or sparse, never loaded all). */
const STEP_WINDOW = 64 * 1024;

/**
 * The first span starting after `at` (direction 1) or the last starting before it (-1), within the shown text:
 * asked for in growing windows from `at`, so a dense log answers from its first window.
 */
async function nearestSpan(state: PiiReviewState, logId: string, at: number, direction: 1 | -1, shownLength: number): Promise<PiiSpan | undefined> {
  const shown = (s: PiiSpan) => s.endOffset <= shownLength;
  for (let size = STEP_WINDOW; ; size *= 2) {
    if (direction === 1) {
      const from = Math.max(0, at + 1);
      const to = Math.min(shownLength, at + 1 + size);
      const found = (await state.spansIn(logId, from, to)).find((s) => s.startOffset > at && shown(s));
      if (found || to >= shownLength) return found;
    } else {
      const from = Math.max(0, at - size);
      const to = Math.min(at, shownLength);
      const found = (await state.spansIn(logId, from, to)).filter((s) => s.startOffset < at && shown(s)).at(-1);
      if (found || from <= 0) return found;
    }
  }
}
