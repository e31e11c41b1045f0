// The log insight commands: a log's patterns, a pattern's lines highlighted with next/previous, an occurrence as
// 5 Whys evidence, what changed between two logs or two time ranges, the merged timeline and errors per minute.
import * as vscode from 'vscode';
import { z } from 'zod';
import { rangeRefSchema, type InsightPanels, type RangeRef } from '../../webview/patterns';
import { LOG_SCHEME, idFromUri, logUri } from '../attachments';
import { pickIssues, plainLabel } from '../issues';
import type { Services } from '../workbench/services';
import { resolveTarget } from '../workbench/targets';
import { MINUTE_MS } from '../../core/insight/minuteHistogram';
import type { PatternCache } from './patternCache';
import type { PatternHighlights } from './patternHighlights';
import { rangeLabel } from './insightData';
import { timelineUri, type TimelineDocuments } from './timelineDocument';

export interface InsightContext {
  services: Services;
  cache: PatternCache;
  panels: InsightPanels;
  highlights: PatternHighlights;
  timelines: TimelineDocuments;
}

const id = z.string().min(1).max(100);
const patternArgs = z.strictObject({ logId: id, patternId: z.string().min(1).max(20), line: z.number().int().min(1).optional() });
const compareArgs = z.strictObject({ before: rangeRefSchema, after: rangeRefSchema });
const issueArgs = z.strictObject({ issueId: id, atMs: z.number().finite().optional() });

const isPlainObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

/** A log from the argument (a row, an id, a trcaa-log: URI), the active stored log, or picked from an incident's logs. */
async function logOf(ctx: InsightContext, args: unknown[], title: string): Promise<string | undefined> {
  if (args[0] === undefined || args[0] === null) {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === LOG_SCHEME) return idFromUri(active);
    return pickLog(ctx, title);
  }
  return (await resolveTarget(ctx.services, args, { kind: 'log', title }))?.id;
}

/** An incident's log, picked (the incident first when there are several). */
async function pickLog(ctx: InsightContext, title: string, issueId?: string, except?: string): Promise<string | undefined> {
  const issue = issueId ?? (await pickIssues(ctx.services, title, false))?.[0];
  if (!issue) return undefined;
  const store = await ctx.services.store();
  const logs = (await store.logFiles.listForIssue(issue)).filter((log) => log.id !== except);
  if (!logs.length) throw new Error('This incident has no log to look at: attach one first.');
  if (logs.length === 1 && !except) return logs[0]?.id;
  const picked = await ctx.services.ui.showQuickPick(
    logs.map((log) => ({ label: plainLabel(log.fileName), description: plainLabel(`attached ${log.uploadedAt} UTC`), id: log.id })),
    { title },
  );
  return picked?.id;
}

export async function openPatterns(ctx: InsightContext, args: unknown[]): Promise<vscode.WebviewPanel | undefined> {
  const logId = await logOf(ctx, args, 'TRCAA: Show Log Patterns');
  if (!logId) return undefined;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'TRCAA: finding the log\'s patterns' }, () => ctx.panels.open({ kind: 'patterns', logId }));
}

/** Opens the stored log with a pattern's lines highlighted, at `line` or its first occurrence. */
export async function showPatternLines(ctx: InsightContext, arg: unknown): Promise<{ uri: string; lines: number[] }> {
  const { logId, patternId, line } = patternArgs.parse(arg);
  const store = await ctx.services.store();
  const log = await store.logFiles.get(logId);
  if (!log) throw new Error('That log no longer exists: it may have been deleted.');
  const mined = await ctx.cache.get(logId);
  const pattern = mined.patterns.find((p) => p.id === patternId);
  if (!pattern) throw new Error(`The log ${log.fileName} has no pattern ${patternId}.`);
  const lines = await ctx.cache.lines(logId, patternId);
  const issue = await store.issues.get(log.issueId);
  // The stored copy: the text the patterns were mined from, so its line numbers are theirs.
  const document = await vscode.workspace.openTextDocument(logUri(log.id, issue?.title ?? 'issue', log.fileName));
  const editor = await vscode.window.showTextDocument(document, { preview: true });
  ctx.highlights.show(editor, { logId, patternId, template: pattern.template, lines }, line);
  const cut = lines.filter((l) => l > document.lineCount).length;
  if (cut) vscode.window.setStatusBarMessage(`TRCAA: ${cut} of ${lines.length} occurrences are past the part of ${log.fileName} shown here`, 8000);
  return { uri: document.uri.toString(), lines };
}

/** Adds an occurrence of a pattern (`line`, the highlighted one under the cursor, or its first) as 5 Whys evidence. */
export async function addPatternEvidence(ctx: InsightContext, arg: unknown): Promise<unknown> {
  let target: z.infer<typeof patternArgs>;
  if (arg === undefined || arg === null) {
    const shown = ctx.highlights.current;
    if (!shown) throw new Error('Add Pattern as 5 Whys Evidence needs a pattern: click one in the Patterns view first.');
    const here = vscode.window.activeTextEditor?.document.uri.toString() === shown.uri ? (vscode.window.activeTextEditor?.selection.active.line ?? 0) + 1 : undefined;
    target = { logId: shown.logId, patternId: shown.patternId, ...(here !== undefined && shown.lines.includes(here) ? { line: here } : {}) };
  } else target = patternArgs.parse(arg);
  const lines = await ctx.cache.lines(target.logId, target.patternId);
  const line = target.line ?? lines[0];
  if (line === undefined) throw new Error(`The pattern ${target.patternId} has no line in this log.`);
  if (!lines.includes(line)) throw new Error(`Line ${line} is not an occurrence of the pattern ${target.patternId}.`);
  // The same command as Add Selected Lines as 5 Whys Evidence: it picks the why and writes log:<id>#L<line>.
  return vscode.commands.executeCommand('trcaa.whys.addEvidence', { logFileId: target.logId, startLine: line, endLine: line });
}

export async function nextOccurrence(ctx: InsightContext, direction: 1 | -1): Promise<number | undefined> {
  const line = ctx.highlights.step(direction);
  if (line === undefined) void ctx.services.ui.showInformationMessage('TRCAA: no pattern is highlighted in this editor: click a pattern in the Patterns view first.');
  return line;
}

/** When to split one log into before / after: the incident's timeline events, its first error, or a time typed in. */
async function pickMoment(ctx: InsightContext, logId: string): Promise<number | undefined> {
  const store = await ctx.services.store();
  const log = await store.logFiles.get(logId);
  if (!log) throw new Error('That log no longer exists: it may have been deleted.');
  const mined = await ctx.cache.get(logId);
  const times = mined.patterns.flatMap((p) => (p.firstMs === null ? [] : [p.firstMs]));
  if (!times.length) throw new Error(`${log.fileName} has no timestamps TRCAA recognises, so it cannot be split by time: compare it with another log instead.`);
  const firstError = mined.patterns.filter((p) => p.level === 'error' || p.level === 'fatal').flatMap((p) => (p.firstMs === null ? [] : [p.firstMs]));
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const events = await store.timeline.list(log.issueId);
  const typed = { label: '$(edit) Enter a time…', atMs: NaN };
  const items = [
    // Counts are per minute: the first error's minute goes to "after", so the error is new there.
    ...(firstError.length ? [{ label: 'The first error', description: iso(Math.min(...firstError)), atMs: Math.floor(Math.min(...firstError) / MINUTE_MS) * MINUTE_MS }] : []),
    ...events.map((e) => ({ label: plainLabel(e.description || e.eventType), description: `${e.eventType} · ${e.createdAt} UTC`, atMs: Date.parse(`${e.createdAt.replace(' ', 'T')}Z`) })),
    typed,
  ];
  const picked = await ctx.services.ui.showQuickPick(items, { title: `TRCAA: What Changed — split ${log.fileName} at…`, matchOnDescription: true });
  if (!picked) return undefined;
  if (picked !== typed) return picked.atMs;
  const text = await ctx.services.ui.showInputBox({
    title: 'TRCAA: What Changed — the moment (before it vs. after it)',
    prompt: `A time in ISO 8601, e.g. ${iso(Math.min(...times))}, counted to the minute. Without a zone it is read as UTC (as the log's own times are when they have none).`,
    validateInput: (value) => (Number.isNaN(parseMoment(value)) ? 'Not a time: use e.g. 2026-12-06T14:05:00Z.' : undefined),
  });
  return text === undefined ? undefined : parseMoment(text);
}

const parseMoment = (text: string) => Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text.trim()) ? text.trim() : `${text.trim().replace(' ', 'T')}Z`);

/** What changed: between two logs, or before and after a moment in one. */
export async function compareLogs(ctx: InsightContext, args: unknown[]): Promise<vscode.WebviewPanel | undefined> {
  const [arg] = args;
  let before: RangeRef;
  let after: RangeRef;
  if (isPlainObject(arg) && 'before' in arg) ({ before, after } = compareArgs.parse(arg));
  else {
    const first = await logOf(ctx, args, 'TRCAA: What Changed — the log before');
    if (!first) return undefined;
    const store = await ctx.services.store();
    const log = await store.logFiles.get(first);
    if (!log) throw new Error('That log no longer exists: it may have been deleted.');
    const how = await ctx.services.ui.showQuickPick(
      [
        { label: 'Before and after a moment in this log', description: 'e.g. the deploy', value: 'split' as const },
        { label: 'With another log of the incident', description: `${log.fileName} is "before"`, value: 'log' as const },
      ],
      { title: `TRCAA: What Changed in ${log.fileName}?` },
    );
    if (!how) return undefined;
    if (how.value === 'split') {
      const atMs = await pickMoment(ctx, first);
      if (atMs === undefined) return undefined;
      before = { logId: first, toMs: atMs };
      after = { logId: first, fromMs: atMs };
    } else {
      const second = await pickLog(ctx, 'TRCAA: What Changed — the log after', log.issueId, first);
      if (!second) return undefined;
      before = { logId: first };
      after = { logId: second };
    }
  }
  ctx.services.log.info(`[insight] what changed: ${rangeLabel(before.logId, before)} → ${rangeLabel(after.logId, after)}`);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'TRCAA: comparing the patterns' }, () => ctx.panels.open({ kind: 'compare', before, after }));
}

async function issueOf(ctx: InsightContext, args: unknown[], title: string): Promise<{ issueId: string; atMs?: number } | undefined> {
  const [arg] = args;
  // A plain { issueId } (a panel, a test); a tree row carries an issueId too, and goes to the resolver.
  if (isPlainObject(arg) && 'issueId' in arg) return issueArgs.parse(arg);
  const active = vscode.window.activeTextEditor?.document.uri;
  if ((arg === undefined || arg === null) && active?.scheme === LOG_SCHEME) return { issueId: (await resolveTarget(ctx.services, [active], { kind: 'issue', title }))?.id ?? '' };
  const target = await resolveTarget(ctx.services, args, { kind: 'issue', title });
  return target ? { issueId: target.id } : undefined;
}

/** Opens the incident's merged timeline, at the first line at or after `atMs` when given. */
export async function openMergedTimeline(ctx: InsightContext, args: unknown[]): Promise<vscode.TextEditor | undefined> {
  const target = await issueOf(ctx, args, 'TRCAA: Open Merged Timeline');
  if (!target?.issueId) return undefined;
  const store = await ctx.services.store();
  const issue = await store.issues.get(target.issueId);
  if (!issue) throw new Error('That incident no longer exists: it may have been deleted.');
  const document = await vscode.workspace.openTextDocument(timelineUri(issue.id, issue.title));
  const editor = await vscode.window.showTextDocument(document, { preview: true });
  if (target.atMs !== undefined) {
    const line = ctx.timelines.firstLineAtOrAfter(document.uri, target.atMs);
    if (line !== undefined) {
      const range = document.lineAt(line).range;
      editor.selection = new vscode.Selection(range.start, range.start);
      editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
    }
  }
  return editor;
}

export async function openErrorHistogram(ctx: InsightContext, args: unknown[]): Promise<vscode.WebviewPanel | undefined> {
  const target = await issueOf(ctx, args, 'TRCAA: Show Errors per Minute');
  if (!target?.issueId) return undefined;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'TRCAA: counting errors per minute' }, () => ctx.panels.open({ kind: 'histogram', issueId: target.issueId }));
}
