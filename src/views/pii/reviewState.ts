// What the editor-side PII review knows per log: its row (approved or not), its counts per type and decision and,
// per opened trcaa-log: document, how offsets map onto it. Spans themselves are never all loaded (a log can hold
// millions): the decorations, hover and quick fixes ask for the spans of a range (spansIn). Loaded on demand,
// cached, reloaded when the change channel says the log changed (this window's write, or any write of another
// window), and the decorations, CodeLens and redacted view follow onDidChange.
import * as vscode from 'vscode';
import type { LogFile, PiiSpan } from '../../core/model/logFile';
import type { ChangeEvent } from '../workbench/changeChannel';
import type { Services } from '../workbench/services';
import { idFromUri, LOG_SCHEME } from '../attachments';
import type { LogView } from './logView';
import { buildLogView } from './logView';

/** Spans of one type in a log, by decision (the store's valueSummary types). */
export interface TypeCounts {
  piiType: string;
  /** Occurrences. */
  count: number;
  /** Distinct values. */
  values: number;
  keep: number;
  redact: number;
  pending: number;
}

export interface LogReview {
  log: LogFile;
  /** Per type, most frequent first. */
  types: TypeCounts[];
  /** Spans in the log, and how many are pending or kept. */
  total: number;
  pending: number;
  kept: number;
}

export class PiiReviewState implements vscode.Disposable {
  private readonly reviews = new Map<string, Promise<LogReview | undefined>>();
  private readonly views = new Map<string, Promise<LogView>>();
  private readonly changedEmitter = new vscode.EventEmitter<string>();
  /** Fires with a log id after its spans, decisions or approval changed. */
  readonly onDidChange = this.changedEmitter.event;
  private readonly closing: vscode.Disposable;
  private readonly listening: vscode.Disposable;
  /** The changes heard and not yet applied, in order (reloadChanged never throws). */
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly services: Services) {
    this.closing = vscode.workspace.onDidCloseTextDocument((document) => this.views.delete(document.uri.toString()));
    this.listening = services.changes.onDidChange((event) => (this.applying = this.applying.then(() => this.reloadChanged(event))));
  }

  /** Reloads the loaded reviews the event touched: a log's spans or row, its issue deleted, or anything external. */
  private async reloadChanged(event: ChangeEvent): Promise<void> {
    const logIds = new Set<string>();
    const deletedIssues = new Set<string>();
    for (const change of event.changes) {
      if (change.entity === 'pii' || change.entity === 'log') for (const id of change.ids) logIds.add(id);
      if (change.entity === 'issue' && change.kind === 'deleted') for (const id of change.ids) deletedIssues.add(id);
    }
    const loaded = [...this.reviews.entries()];
    await Promise.all(
      loaded.map(async ([logId, review]) => {
        const issueId = (await review.catch(() => undefined))?.log.issueId;
        if (event.external || logIds.has(logId) || (issueId && deletedIssues.has(issueId))) await this.reload(logId);
      }),
    );
  }

  /** Drops the cached review, loads it again and tells the views. */
  private async reload(logId: string): Promise<LogReview | undefined> {
    this.reviews.delete(logId);
    const after = await this.review(logId).catch(() => undefined);
    this.changedEmitter.fire(logId);
    return after;
  }

  /** The log's row and spans in text order; undefined when the log no longer exists. */
  review(logId: string): Promise<LogReview | undefined> {
    let review = this.reviews.get(logId);
    if (!review) {
      review = this.load(logId);
      this.reviews.set(logId, review);
      review.catch(() => this.reviews.delete(logId));
    }
    return review;
  }

  /** The mapping of offsets onto an opened stored log (built once per document). */
  view(document: vscode.TextDocument): Promise<LogView> | undefined {
    const logId = logIdOf(document);
    if (!logId) return undefined;
    const key = document.uri.toString();
    let view = this.views.get(key);
    if (!view) {
      view = buildLogView(this.services, logId, document);
      this.views.set(key, view);
      view.catch(() => this.views.delete(key));
    }
    return view;
  }

  /** The spans of an opened stored log that touch `range` (a caret touches the spans it is in or next to). */
  async spansAt(document: vscode.TextDocument, range: vscode.Range): Promise<{ logId: string; review: LogReview; spans: PiiSpan[] } | undefined> {
    const logId = logIdOf(document);
    const review = logId ? await this.review(logId) : undefined;
    if (!logId || !review) return undefined;
    // A log without spans is not indexed just to find none.
    if (!review.total) return { logId, review, spans: [] };
    const view = await this.view(document);
    if (!view) return undefined;
    const from = view.offsetAt(range.start);
    const to = view.offsetAt(range.end);
    // A caret at `from` touches a span ending there too: ask for the code unit before it as well.
    const found = await this.spansIn(logId, from === to ? Math.max(0, from - 1) : from, from === to ? from + 1 : to);
    const spans = found.filter((s) => (from === to ? s.startOffset <= from && from <= s.endOffset : s.startOffset < to && s.endOffset > from));
    return { logId, review, spans };
  }

  /** The log's spans overlapping [start, end), in text order, with their current decisions. */
  async spansIn(logId: string, start: number, end: number): Promise<PiiSpan[]> {
    if (end <= start) return [];
    return (await this.services.store()).piiSpans.spansInRange(logId, start, end);
  }

  /**
   * Resolves once the changes heard so far are applied. A command's write is reported before the command continues,
   * so a command awaiting this returns with its log's decorations redrawn, and the log is read once, not twice.
   */
  settled(): Promise<void> {
    return this.applying;
  }

  private async load(logId: string): Promise<LogReview | undefined> {
    const store = await this.services.store();
    // The counts per type, not the values: one row asked for, as the page size must be positive.
    const [log, summary] = await Promise.allSettled([store.logFiles.get(logId), store.piiSpans.valueSummary(logId, { limit: 1 })]);
    if (log.status === 'rejected') throw log.reason;
    // A log deleted meanwhile: its summary fails too, and there is nothing to review.
    if (!log.value) return undefined;
    if (summary.status === 'rejected') throw summary.reason;
    const types = summary.value.types.map(({ piiType, count, values, keep, redact, pending }) => ({ piiType, count, values, keep, redact, pending }));
    const sum = (pick: (t: TypeCounts) => number) => types.reduce((n, t) => n + pick(t), 0);
    return { log: log.value, types, total: sum((t) => t.count), pending: sum((t) => t.pending), kept: sum((t) => t.keep) };
  }

  dispose(): void {
    this.closing.dispose();
    this.listening.dispose();
    this.changedEmitter.dispose();
  }
}

/** The log id of a trcaa-log: document, else undefined. */
export function logIdOf(document: vscode.TextDocument): string | undefined {
  if (document.uri.scheme !== LOG_SCHEME) return undefined;
  try {
    return idFromUri(document.uri);
  } catch {
    return undefined;
  }
}
