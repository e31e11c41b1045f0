// The 5 Whys commands, for the tree, the palette and the keyboard: open the panel, ask the next why, answer one,
// mark the root cause, delete a level, add selected log lines as evidence, open a log at lines. Each goes through
// the repositories (timeline events and audit rows are theirs) and then refreshes the tree and the panel.
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { selectedLines } from '../workbench/selectedLines';
import type { ResolutionStep } from '../../core/model/step';
import { formatLogRef } from '../../core/whys/logRefs';
import type { Services } from '../workbench/services';
import { LOG_SCHEME, idFromUri, logUri } from '../attachments';
import { sha256File } from '../attachments';
import { pickIssues, plainLabel } from '../issues';
import type { LogLinesTarget, WhyTarget } from './whysTargets';
import { logLinesArgs, whyTarget } from './whysTargets';

const CONFIDENCES = [
  { label: 'High', description: '90% — the evidence shows it', value: 0.9 },
  { label: 'Medium', description: '70% — likely, some evidence', value: 0.7 },
  { label: 'Low', description: '40% — a working hypothesis', value: 0.4 },
];

/** What the 5 Whys commands share. The tree and open panels follow their writes through the change channel. */
export interface WhysContext {
  services: Services;
}

/** The target, or the issue picked from the palette; undefined when the user cancelled. */
async function target(ctx: WhysContext, arg: unknown, title: string): Promise<WhyTarget | undefined> {
  const given = whyTarget(arg);
  if (given) return given;
  const picked = await pickIssues(ctx.services, title, false);
  return picked?.[0] ? { issueId: picked[0] } : undefined;
}

const required = (what: string) => (value: string) => (value.trim() ? undefined : `${what} cannot be empty.`);

export async function askNextWhy(ctx: WhysContext, arg: unknown): Promise<ResolutionStep | undefined> {
  const t = await target(ctx, arg, 'TRCAA: Ask the Next Why for…');
  if (!t) return undefined;
  const store = await ctx.services.store();
  const steps = await store.steps.listLevels(t.issueId);
  const last = steps[steps.length - 1];
  let question = t.question;
  if (question === undefined) {
    if (steps.length >= 5) throw new Error('This issue already has 5 whys: reword or remove one instead of adding a sixth.');
    question = await ctx.services.ui.showInputBox({
      title: `TRCAA: Why ${steps.length + 1}`,
      prompt: last?.answer?.trim() ? `Why ${last.stepOrder} was answered: “${last.answer.trim()}”. Why is that?` : 'Start from what happened.',
      placeHolder: 'Why did …?',
      ignoreFocusOut: true,
      validateInput: required('The question'),
    });
    if (question === undefined) return undefined;
  }
  const step = await store.steps.addWhy(t.issueId, question);
  return step;
}

export async function answerWhy(ctx: WhysContext, arg: unknown) {
  const t = await target(ctx, arg, 'TRCAA: Answer a Why of…');
  if (!t) return undefined;
  const store = await ctx.services.store();
  const steps = await store.steps.listLevels(t.issueId);
  const level = t.level ?? steps.find((s) => !s.answer?.trim())?.stepOrder;
  const step = steps.find((s) => s.stepOrder === level);
  if (!level || !step) {
    throw new Error(steps.length ? 'Every why of this issue is answered: ask the next one first.' : 'This issue has no why yet: ask the first one (TRCAA: Ask the Next Why).');
  }
  let answer = t.answer;
  if (answer === undefined) {
    answer = await ctx.services.ui.showInputBox({
      title: `TRCAA: Why ${level}: ${step.whyQuestion}`,
      prompt: 'The answer. Evidence (log lines, metrics) is added in the 5 Whys panel.',
      placeHolder: 'Because …',
      value: step.answer ?? '',
      ignoreFocusOut: true,
      validateInput: required('The answer'),
    });
    if (answer === undefined) return undefined;
  }
  const result = await store.steps.answerWhy(t.issueId, { level, question: step.whyQuestion, answer });
  return result;
}

export async function markRootCause(ctx: WhysContext, arg: unknown) {
  const t = await target(ctx, arg, 'TRCAA: Mark the Root Cause of…');
  if (!t) return undefined;
  const store = await ctx.services.store();
  let rootCause = t.rootCause;
  let confidence = t.confidence;
  if (confidence === undefined) {
    if (rootCause === undefined) {
      const deepest = (await store.steps.listLevels(t.issueId)).filter((s) => s.answer?.trim()).pop();
      if (!deepest) throw new Error('Answer at least one why of this issue before marking its root cause.');
      rootCause = await ctx.services.ui.showInputBox({
        title: 'TRCAA: Mark Root Cause (1/2)',
        prompt: `The root cause — by default the deepest answer (why ${deepest.stepOrder}).`,
        value: deepest.answer ?? '',
        ignoreFocusOut: true,
        validateInput: required('The root cause'),
      });
      if (rootCause === undefined) return undefined;
    }
    const picked = await ctx.services.ui.showQuickPick(CONFIDENCES, { title: 'TRCAA: Mark Root Cause (2/2) — how sure are you?', ignoreFocusOut: true });
    if (!picked) return undefined;
    confidence = picked.value;
  }
  const event = await store.steps.markRootCause(t.issueId, { ...(rootCause?.trim() ? { rootCause } : {}), confidence });
  return event;
}

export async function deleteWhy(ctx: WhysContext, arg: unknown): Promise<boolean> {
  const t = whyTarget(arg);
  if (!t?.level) throw new Error('Delete Why needs a level: run it on a why in the Issues view.');
  const store = await ctx.services.store();
  const step = (await store.steps.listLevels(t.issueId)).find((s) => s.stepOrder === t.level);
  if (!step) return false;
  const remove = 'Delete';
  const choice = await ctx.services.ui.showWarningMessage(
    `Delete why ${step.stepOrder}, “${step.whyQuestion}”?`,
    { modal: true, detail: 'Its question, answer and evidence are deleted; the whys after it move up one level. The timeline keeps what was recorded.' },
    remove,
  );
  if (choice !== remove) return false;
  const removed = await store.steps.removeWhy(t.issueId, step.stepOrder);
  return removed;
}

/**
 * Appends `log:<id>#L…` for the selected lines of an attached log (its stored copy, or the workspace file still
 * holding the attached bytes) to the evidence of a why of the log's issue, picked from a list (the waiting level
 * first).
 */
export async function addEvidence(ctx: WhysContext, arg: unknown) {
  const store = await ctx.services.store();
  let ref: LogLinesTarget;
  if (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri)) ref = logLinesArgs.parse(arg);
  else {
    const editor = vscode.window.activeTextEditor;
    const logFileId = editor && (await attachedLogOf(ctx, editor.document));
    if (!editor || !logFileId) return undefined;
    ref = { logFileId, ...selectedLines(editor.selection) };
  }
  const log = await store.logFiles.get(ref.logFileId);
  if (!log) throw new Error('That log no longer exists: it may have been deleted.');
  const steps = await store.steps.listLevels(log.issueId);
  if (!steps.length) throw new Error('This log\'s issue has no why yet: ask the first one (TRCAA: Ask the Next Why), then add the evidence.');
  // One why: that one. Several: the user picks, the waiting level first.
  let level = ref.level ?? (steps.length === 1 ? steps[0]?.stepOrder : undefined);
  if (level === undefined) {
    const waiting = steps.find((s) => !s.answer?.trim())?.stepOrder;
    const items = [...steps]
      .sort((a, b) => (a.stepOrder === waiting ? -1 : b.stepOrder === waiting ? 1 : a.stepOrder - b.stepOrder))
      .map((s) => ({ label: plainLabel(`Why ${s.stepOrder}: ${s.whyQuestion}`), description: plainLabel(s.answer?.trim() || (s.stepOrder === waiting ? 'waiting for an answer' : 'not answered')), level: s.stepOrder }));
    const picked = await ctx.services.ui.showQuickPick(items, { title: `TRCAA: Add ${log.fileName} lines ${ref.startLine}–${ref.endLine} as evidence of…` });
    if (!picked) return undefined;
    level = picked.level;
  }
  const step = steps.find((s) => s.stepOrder === level);
  if (!step) throw new Error(`Why ${level} does not exist for this issue.`);
  const reference = formatLogRef(ref);
  const evidence = step.evidence?.trim() ? `${step.evidence.replace(/\s+$/, '')}\n${reference}` : reference;
  const saved = await store.steps.upsert(log.issueId, step.stepOrder, { whyQuestion: step.whyQuestion, evidence });
  const open = 'Open 5 Whys';
  void ctx.services.ui.showInformationMessage(`TRCAA: ${log.fileName} ${reference.slice(reference.indexOf('#') + 1)} added as evidence of why ${step.stepOrder}.`, open).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('trcaa.whys.open', { issueId: log.issueId, level: step.stepOrder });
  });
  return saved;
}

/** SHA-256 of a file, remembered while its size and mtime stay: citing lines of a 1 GB log hashes it once. */
const hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();
async function contentHash(file: string): Promise<string> {
  const { size, mtimeMs } = await stat(file);
  const known = hashes.get(file);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return known.sha256;
  const sha256 = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'TRCAA: matching the log to its incident' }, () => sha256File(file));
  if (hashes.size >= 64) hashes.clear();
  hashes.set(file, { size, mtimeMs, sha256 });
  return sha256;
}

/**
 * The attached log an editor shows: a stored copy (trcaa-log:), or a workspace file that still holds exactly the
 * bytes attached (its SHA-256 matches, so its line numbers are the stored copy's); picked when several incidents
 * have it. Undefined when the user cancelled the pick.
 */
async function attachedLogOf(ctx: WhysContext, document: vscode.TextDocument): Promise<string | undefined> {
  if (document.uri.scheme === LOG_SCHEME) return idFromUri(document.uri);
  const notAttached = 'Log line references work in an attached log: attach this file to the incident first (Attach to Issue…), or open the log from the TRCAA Issues view.';
  if (document.uri.scheme !== 'file') throw new Error(notAttached);
  if (document.isDirty) throw new Error('This log has unsaved changes: its line numbers may no longer be the attached ones. Save or revert it first.');
  const store = await ctx.services.store();
  const logs = await store.logFiles.findByContentHash(await contentHash(document.uri.fsPath));
  if (!logs.length) throw new Error(`${notAttached} (If it is attached, it changed since: open the stored copy from the Issues view.)`);
  if (logs.length === 1) return logs[0]?.id;
  const items = await Promise.all(
    logs.map(async (log) => ({ label: plainLabel((await store.issues.get(log.issueId))?.title ?? log.issueId), description: plainLabel(`${log.fileName} · attached ${log.uploadedAt} UTC`), id: log.id })),
  );
  return (await ctx.services.ui.showQuickPick(items, { title: 'TRCAA: This log is attached to several incidents — which one?' }))?.id;
}

/**
 * Copies `log:<id>#L…` for the selected lines of an attached log, in backticks: pasted into a 5 Whys evidence or an
 * RCA, it becomes a link that opens those lines.
 */
export async function copyLogReference(ctx: WhysContext): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const logFileId = editor && (await attachedLogOf(ctx, editor.document));
  if (!editor || !logFileId) return undefined;
  const reference = `\`${formatLogRef({ logFileId, ...selectedLines(editor.selection) })}\``;
  await vscode.env.clipboard.writeText(reference);
  vscode.window.setStatusBarMessage(`$(copy) TRCAA: copied ${reference} — paste it into a 5 Whys evidence or an RCA`, 5000);
  return reference;
}

/** Opens the stored copy of a log (the text evidence line numbers count in) with those lines selected. */
export async function openLogLines(ctx: WhysContext, arg: unknown): Promise<vscode.TextEditor> {
  const ref = logLinesArgs.parse(arg);
  const store = await ctx.services.store();
  const log = await store.logFiles.get(ref.logFileId);
  if (!log) throw new Error('That log no longer exists: it may have been deleted or never belonged to this issue.');
  const issue = await store.issues.get(log.issueId);
  const document = await vscode.workspace.openTextDocument(logUri(log.id, issue?.title ?? 'issue', log.fileName));
  if (ref.startLine > document.lineCount) {
    void ctx.services.ui.showWarningMessage(`TRCAA: ${log.fileName} has ${document.lineCount} lines shown here; line ${ref.startLine} is past its end.`);
  }
  const first = Math.min(ref.startLine, document.lineCount) - 1;
  const last = Math.min(ref.endLine, document.lineCount) - 1;
  const range = new vscode.Range(first, 0, last, document.lineAt(last).range.end.character);
  const editor = await vscode.window.showTextDocument(document, { preview: true, selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
