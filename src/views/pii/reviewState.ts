// What the editor-side PII review knows per log: its row (approved or not), its counts (per type, pending, kept) and,
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

export interface LogReview {
  log: LogFile;
  /** Spans per type, e.g. { Email: 3, IPv4: 12 }. */
  byType: Record<string, number>;
  /** Spans in the log, and how many are pending or kept. */
  total: number;
  pending: number;
  kept: number;
}

export class PiiReviewState implements vscode.Disposable {
  private readonly reviews = new Map<string, Promise<LogReview | undefined>>();
  private readonly views = new Map<string, Promise<LogView>>();
  private readonly changedEmitter = new vscode.EventEmitter<string>();
  /** Fires with a log id after its spans, decisions or approval changed (and its counts are loaded again). */
  readonly onDidChange = this.changedEmitter.event;
  private readonly spansEmitter = new vscode.EventEmitter<string>();
  /**
   * Fires with a log id as soon as its spans or decisions are known to have changed, before its counts are loaded
   * again (a pass over the log's spans and values, ~0.3 s for 500,000): the decorations redraw their window at once.
   */
  readonly onDidChangeSpans = this.spansEmitter.event;
  /** Spans per log as last loaded: lets a redraw go ahead without waiting for counts being reloaded. */
  private readonly totals = new Map<string, number>();
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
    this.spansEmitter.fire(logId);
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

  /**
   * How many spans the log has, as last loaded (while its counts are being loaded again), else once loaded;
   * undefined when the log no longer exists.
   */
  async spanTotal(logId: string): Promise<number | undefined> {
    return this.totals.get(logId) ?? (await this.review(logId))?.total;
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
    const log = await store.logFiles.get(logId);
    if (!log) {
      this.totals.delete(logId);
      return undefined;
    }
    // Counts, not spans nor values: the query the issue's tree row uses (one pass over the log's spans).
    const counts = (await store.piiSpans.countsForIssue(log.issueId))[logId] ?? { byType: {}, pending: 0, kept: 0 };
    const total = Object.values(counts.byType).reduce((sum, n) => sum + n, 0);
    this.totals.set(logId, total);
    return { log, byType: counts.byType, total, pending: counts.pending, kept: counts.kept };
  }

  dispose(): void {
    this.closing.dispose();
    this.listening.dispose();
    this.changedEmitter.dispose();
    this.spansEmitter.dispose();
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
