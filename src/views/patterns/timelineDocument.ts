// trcaa-timeline: — an incident's logs merged by timestamp into one read-only document, each line tagged with its
// log (core/insight/mergeTimeline.ts). Each log streams from the worker a chunk at a time, so no log is held whole;
// the document itself stops at the size VS Code accepts from an extension, with a note saying so.
// URIs: trcaa-timeline:/<issue title>/merged timeline.log?issue=<issue id>.
import * as vscode from 'vscode';
import { uriSegment } from '../../core/attach/attachHelpers';
import { mergeTimeline, paddedTags, type TimelineSource } from '../../core/insight/mergeTimeline';
import { LogTextDecoder } from '../../core/text/logEncoding';
import { EXCERPT_BYTES } from '../attachments';
import { changedIssueIds, touches, type ChangeEvent } from '../workbench/changeChannel';
import type { Services } from '../workbench/services';
import { lineTimeReader } from './logPatterns';

export const TIMELINE_SCHEME = 'trcaa-timeline';

export function timelineUri(issueId: string, issueTitle: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TIMELINE_SCHEME, path: `/${uriSegment(issueTitle)}/merged timeline.log`, query: `issue=${encodeURIComponent(issueId)}` });
}

export function issueIdOfTimeline(uri: vscode.Uri): string | undefined {
  return new URLSearchParams(uri.query).get('issue') ?? undefined;
}

/** A stored log's text, decoded, a chunk at a time. */
async function* storedText(services: Services, logId: string): AsyncGenerator<string> {
  const store = await services.store();
  const opened = await store.logFiles.openContent(logId, { chunkBytes: 1024 * 1024 });
  const decoder = new LogTextDecoder();
  try {
    for (let chunk = await store.logFiles.readContent(opened.handle); chunk; chunk = await store.logFiles.readContent(opened.handle)) yield decoder.write(chunk);
    yield decoder.end();
  } finally {
    await store.logFiles.closeContent(opened.handle).catch(() => false);
  }
}

/** The merged text of an issue's logs, and the time each of its lines was merged by. */
export interface MergedTimeline {
  text: string;
  /** Per line of the text: its time in ms (a continuation line its line's, -Infinity before its log's first), NaN for a note. */
  lineTimes: Float64Array;
}

/** The merged text of an issue's logs, at most `limitBytes` of UTF-8 (then a note). */
export async function mergedTimeline(services: Services, issueId: string, limitBytes = EXCERPT_BYTES): Promise<MergedTimeline> {
  const store = await services.store();
  const logs = await store.logFiles.listForIssue(issueId);
  if (!logs.length) return { text: '[TRCAA: this incident has no logs yet: attach some, and their lines show here merged by time.]\n', lineTimes: Float64Array.of(NaN) };
  const tags = paddedTags(logs.map((log) => log.fileName));
  const sources: TimelineSource[] = logs.map((log) => ({ tag: log.fileName, pieces: storedText(services, log.id), timeReader: lineTimeReader }));
  const parts: string[] = [];
  const times: number[] = [];
  let bytes = 0;
  for await (const line of mergeTimeline(sources)) {
    const text = `${tags[line.source]}${line.text}\n`;
    bytes += Buffer.byteLength(text, 'utf8');
    if (bytes > limitBytes) {
      parts.push(`[TRCAA: the merged timeline stops here: VS Code cannot open documents over 50 MB from an extension.]\n`);
      times.push(NaN);
      break; // the generator's finally closes every log's read
    }
    parts.push(text);
    times.push(line.timeMs);
  }
  return { text: parts.join(''), lineTimes: Float64Array.from(times) };
}

export class TimelineDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Each open timeline's line times, by URI: set with its text, dropped when it is closed. */
  private readonly lineTimes = new Map<string, Float64Array>();
  private readonly closing: vscode.Disposable;

  constructor(private readonly services: Services) {
    // A log attached to or deleted from an incident whose timeline is open: the document is merged again.
    this.subscription = services.changes.onDidChange((event) => this.onChange(event));
    this.closing = vscode.workspace.onDidCloseTextDocument((document) => this.lineTimes.delete(document.uri.toString()));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const issueId = issueIdOfTimeline(uri);
    if (!issueId) throw new Error('This merged timeline link names no incident.');
    const merged = await mergedTimeline(this.services, issueId);
    this.lineTimes.set(uri.toString(), merged.lineTimes);
    return merged.text;
  }

  /**
   * The first line of an open merged timeline whose time is at or after `atMs`. The merge's own times, not the text
   * read again: two logs may share a file name (app.log from two hosts) and a file name may hold "]".
   */
  firstLineAtOrAfter(uri: vscode.Uri, atMs: number): number | undefined {
    const times = this.lineTimes.get(uri.toString());
    if (!times) return undefined;
    const line = times.findIndex((time) => time >= atMs);
    return line < 0 ? undefined : line;
  }

  private onChange(event: ChangeEvent): void {
    if (!touches(event, 'log', 'issue')) return;
    const issues = changedIssueIds(event, ['log', 'issue']);
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== TIMELINE_SCHEME) continue;
      const issueId = issueIdOfTimeline(document.uri);
      if (event.external || (issueId && issues.has(issueId))) this.changed.fire(document.uri);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.closing.dispose();
    this.changed.dispose();
  }
}
