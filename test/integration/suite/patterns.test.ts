// Log insight inside a real VS Code: a log attached → its patterns listed in the Log Insight panel (its real front
// end loads under the CSP and asks for the state) → a click highlights the pattern's lines in the stored log (the
// decoration's ranges) → next/previous move between them → an occurrence becomes 5 Whys evidence; what changed
// between two logs; the merged timeline of two logs of different formats; errors per minute with the incident's
// timeline events, refreshed from the change channel when a log is attached. Logs are generated here.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import { formatLogRef } from '../../../src/core/whys/logRefs';
import type { RemoteStore } from '../../../src/storage/store';
import { LOG_INSIGHT_VIEW_TYPE } from '../../../src/views/workbench/viewTypes';
import type { CompareState, HistogramState, InsightHostMessage, InsightState, PatternsState } from '../../../src/webview/patterns/insightProtocol';
import { answering } from './testApi';
import { until, WEBVIEW_START_MS } from './until';

const run = <T>(command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));

/** Minutes ago, as a logback timestamp (no zone: read as UTC) — near now, so the incident's events fall inside. */
const MINUTE = 60_000;
const logback = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const syslog = (ms: number) => {
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
};

/** An app log: requests every 30 s over 20 minutes; "pool exhausted" errors in its last 8 minutes (when `failing`). */
function appLog(start: number, failing: boolean, extra = ''): string {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    const at = start + i * 30_000;
    lines.push(`${logback(at)} INFO  [http-${i % 3}] c.e.Gateway - GET /api/orders/${5000 + i * 7} 200 in ${12 + (i % 9)} ms`);
    if (failing && i >= 24 && i % 2 === 0) lines.push(`${logback(at + 500)} ERROR [http-${i % 3}] c.e.Pool - pool exhausted: ${44 + (i % 6)}/50 connections in use`);
    if (!failing && i % 10 === 0) lines.push(`${logback(at + 200)} INFO  [main] c.e.Cache - cache warmed in ${300 + i} ms`);
  }
  return `${lines.join('\n')}\n${extra}`;
}

describe('Log insight: patterns, highlights, what changed, merged timeline, errors per minute', function () {
  this.timeout(180_000);
  let api: TestApi;
  let insight: Awaited<ReturnType<TestApi['patterns']>>;
  let store: RemoteStore;
  const start = Date.now() - 15 * MINUTE;

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    api = (await extension.activate()) as TestApi;
    store = await api.store();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function incident(title: string, logs: Record<string, string>) {
    const issue = await run<{ id: string }>('trcaa.newIssue', { title, severity: 'high' });
    const ids: string[] = [];
    for (const [fileName, text] of Object.entries(logs)) ids.push((await store.logFiles.insertContent(issue.id, new TextEncoder().encode(text), { fileName })).logFile.id);
    return { issueId: issue.id, logIds: ids };
  }

  const messages = (panel: vscode.WebviewPanel) => insight.panels.lastMessages.get(panel) ?? [];
  const lastState = <S extends InsightState>(panel: vscode.WebviewPanel): S | undefined =>
    [...messages(panel)].reverse().find((m): m is Extract<InsightHostMessage, { type: 'state' }> => m.type === 'state')?.state as S | undefined;

  /** The panel a command opened, once its real front end said ready and got its state. */
  async function opened<S extends InsightState>(panel: vscode.WebviewPanel | undefined): Promise<{ panel: vscode.WebviewPanel; state: S }> {
    assert.ok(panel, 'the command opened a panel');
    assert.equal(panel.viewType, LOG_INSIGHT_VIEW_TYPE);
    await until('the webview to say ready (its script loaded under the CSP)', () => (insight.panels.ready.has(panel) ? true : undefined), WEBVIEW_START_MS);
    const state = await until('the state sent in answer', () => lastState<S>(panel));
    return { panel, state };
  }

  it('lists a log\'s patterns; a click highlights its lines, next/previous move between them, an occurrence becomes evidence', async () => {
    const text = appLog(start, true);
    const { issueId, logIds } = await incident('Checkout pool exhausted', { 'gateway.log': text });
    const logId = logIds[0] as string;
    insight = await api.patterns();
    const { panel, state } = await opened<PatternsState>(await run<vscode.WebviewPanel>('trcaa.patterns.open', logId));
    assert.match(panel.webview.html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'nonce-[^']+'/);
    assert.equal(panel.title, 'Patterns — gateway.log');
    assert.equal(state.kind, 'patterns');
    const lines = text.split('\n').slice(0, -1);
    assert.equal(state.lineCount, lines.length);
    const pool = state.patterns.find((p) => /pool exhausted/.test(p.template));
    const get = state.patterns.find((p) => /GET/.test(p.template));
    assert.ok(pool && get, JSON.stringify(state.patterns.map((p) => p.template)));
    assert.equal(pool.count, 8);
    assert.equal(pool.level, 'error');
    assert.equal(get.count, 40);
    assert.ok(pool.spark.some((n) => n > 0) && pool.spark.slice(0, 10).every((n) => n === 0), 'the sparkline shows the errors late in the log only');
    assert.equal(pool.firstSeen, new Date(start + 24 * 30_000 + 500).toISOString().replace('.000Z', 'Z'));

    // A click on the pattern (as the page sends it): the stored log opens with exactly its lines highlighted.
    const expected = lines.flatMap((line, i) => (line.includes('pool exhausted') ? [i] : []));
    assert.ok(await insight.panels.handleMessage(panel, { type: 'showPattern', logId, patternId: pool.id }));
    const editor = await until('the stored log in the editor', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'trcaa-log' ? vscode.window.activeTextEditor : undefined));
    const drawn = await until('the highlight', () => insight.highlights.drawn.get(editor.document.uri.toString()));
    assert.deepEqual(drawn.map((r) => r.start.line), expected);
    assert.ok(drawn.every((r) => r.end.character === editor.document.lineAt(r.start.line).text.length), 'whole lines');
    assert.equal(editor.selection.active.line, expected[0], 'at the first occurrence');

    // Next / previous (and wrapping around).
    await run('trcaa.patterns.nextOccurrence');
    assert.equal(editor.selection.active.line, expected[1]);
    await run('trcaa.patterns.nextOccurrence');
    assert.equal(editor.selection.active.line, expected[2]);
    await run('trcaa.patterns.previousOccurrence');
    assert.equal(editor.selection.active.line, expected[1]);
    await run('trcaa.patterns.previousOccurrence');
    await run('trcaa.patterns.previousOccurrence');
    assert.equal(editor.selection.active.line, expected[expected.length - 1], 'wraps to the last');

    // The occurrence under the cursor, as 5 Whys evidence (the one why is picked without asking).
    await run('trcaa.whys.add', { issueId, question: 'Why did checkout fail?' });
    await run('trcaa.patterns.addEvidence');
    const line = (expected[expected.length - 1] as number) + 1;
    const step = await until('the evidence', async () => (await store.steps.listLevels(issueId)).find((s) => s.evidence?.includes('#L')));
    assert.equal(step.evidence, formatLogRef({ logFileId: logId, startLine: line, endLine: line }));
    // And from the panel's pin: the first occurrence.
    assert.ok(await insight.panels.handleMessage(panel, { type: 'addEvidence', logId, patternId: pool.id }));
    const both = await until('the second evidence', async () => (await store.steps.listLevels(issueId)).find((s) => s.evidence?.includes('\n'))?.evidence ?? undefined);
    assert.equal(both.split('\n')[1], formatLogRef({ logFileId: logId, startLine: (expected[0] as number) + 1, endLine: (expected[0] as number) + 1 }));
    // A pattern that does not exist is refused with a message, nothing written.
    await assert.rejects(run('trcaa.patterns.showLines', { logId, patternId: 'P999' }), /has no pattern P999/);
    assert.equal(await insight.panels.handleMessage(panel, { type: 'showPattern', logId, patternId: '' }), false);
  });

  it('what changed between two logs: the new error, the gone cache line, ×N more', async () => {
    const before = appLog(start, false);
    const after = appLog(start, true);
    const { logIds } = await incident('Deploy 42', { 'before.log': before, 'after.log': after });
    insight = await api.patterns();
    const { panel, state } = await opened<CompareState>(await run<vscode.WebviewPanel>('trcaa.patterns.compare', { before: { logId: logIds[0] }, after: { logId: logIds[1] } }));
    assert.equal(state.kind, 'compare');
    assert.equal(panel.title, 'What Changed — after.log');
    const kinds = state.changes.map((c) => [c.kind, c.template.includes('pool exhausted') ? 'pool' : c.template.includes('cache warmed') ? 'cache' : c.template]);
    assert.deepEqual(kinds, [
      ['new', 'pool'],
      ['gone', 'cache'],
    ]);
    assert.equal(state.changes[0]?.after, 8);
    assert.equal(state.changes[1]?.before, 4);
    // Before and after a moment of one log: the errors are new after it.
    const split = start + 11 * MINUTE;
    const { state: ranged } = await opened<CompareState>(
      await run<vscode.WebviewPanel>('trcaa.patterns.compare', { before: { logId: logIds[1], toMs: split }, after: { logId: logIds[1], fromMs: split } }),
    );
    assert.deepEqual(ranged.changes.map((c) => c.kind), ['new']);
    assert.match(ranged.changes[0]?.template ?? '', /pool exhausted/);
  });

  it('what changed before / after a moment picked from the suggestions (the first error); a panel closes when its log is deleted', async () => {
    const { logIds } = await incident('Deploy 43', { 'service.log': appLog(start, true) });
    const logId = logIds[0] as string;
    insight = await api.patterns();
    const titles: string[] = [];
    const offered: string[] = [];
    const panel = await answering(
      {
        showQuickPick: (async (items: readonly { label: string }[] | Thenable<readonly { label: string }[]>, options?: vscode.QuickPickOptions) => {
          const list = await items;
          titles.push(options?.title ?? '');
          offered.push(...list.map((i) => i.label));
          return list.find((i) => i.label === 'Before and after a moment in this log' || i.label === 'The first error');
        }) as never,
      },
      () => run<vscode.WebviewPanel>('trcaa.patterns.compare', logId),
    );
    assert.deepEqual(titles, ['TRCAA: What Changed in service.log?', 'TRCAA: What Changed — split service.log at…']);
    assert.ok(offered.includes('The first error') && offered.includes('$(edit) Enter a time…'), JSON.stringify(offered));
    assert.ok(offered.some((label) => /service\.log/.test(label)), 'the incident\'s timeline events are offered (log_uploaded)');
    const { state } = await opened<CompareState>(panel);
    // Split at the first error's minute: every error is after it.
    assert.deepEqual(state.changes.map((c) => c.kind), ['new']);
    assert.equal(state.changes[0]?.after, 8);
    assert.match(state.before.label, /^service\.log before /);
    // The log deleted: its panels close (the change channel, nothing else, tells them).
    const patterns = (await opened<PatternsState>(await run<vscode.WebviewPanel>('trcaa.patterns.open', logId))).panel;
    let closed = 0;
    patterns.onDidDispose(() => closed++);
    panel.onDidDispose(() => closed++);
    assert.equal(await answering({ showWarningMessage: (async () => 'Delete') as never }, () => run<boolean>('trcaa.deleteLog', logId)), true);
    await until('both panels closed', () => (closed === 2 ? true : undefined));
  });

  it('merges two logs of different formats by time into one read-only document, each line tagged', async () => {
    const app = [`${logback(start)} INFO  [main] c.e.App - started`, `${logback(start + 2 * MINUTE)} ERROR [main] c.e.App - upstream failed`, '\tat c.e.Client.call(Client.java:42)', `${logback(start + 4 * MINUTE)} INFO  [main] c.e.App - recovered`].join('\n');
    const sys = [`${syslog(start + MINUTE)} web1 nginx[311]: upstream timed out`, `${syslog(start + 3 * MINUTE)} web1 nginx[311]: upstream back`].join('\n');
    const { issueId } = await incident('Merged timeline', { 'app.log': `${app}\n`, 'nginx.log': `${sys}\n` });
    const editor = await run<vscode.TextEditor>('trcaa.patterns.mergedTimeline', issueId);
    assert.equal(editor.document.uri.scheme, 'trcaa-timeline');
    const merged = editor.document.getText().split('\n').filter(Boolean);
    assert.deepEqual(
      merged.map((l) => l.replace(/\s+/g, ' ')),
      [
        `[app.log] ${logback(start)} INFO [main] c.e.App - started`,
        `[nginx.log] ${syslog(start + MINUTE)} web1 nginx[311]: upstream timed out`.replace(/\s+/g, ' '),
        `[app.log] ${logback(start + 2 * MINUTE)} ERROR [main] c.e.App - upstream failed`,
        '[app.log] at c.e.Client.call(Client.java:42)',
        `[nginx.log] ${syslog(start + 3 * MINUTE)} web1 nginx[311]: upstream back`.replace(/\s+/g, ' '),
        `[app.log] ${logback(start + 4 * MINUTE)} INFO [main] c.e.App - recovered`,
      ],
    );
    // Opened again from a time (a histogram bar): the cursor is on the first line at or after it.
    const at = await run<vscode.TextEditor>('trcaa.patterns.mergedTimeline', { issueId, atMs: start + 3 * MINUTE - 1000 }); // syslog has whole seconds
    assert.equal(at.selection.active.line, 4);
  });

  it('opens the merged timeline at a time even when two logs share a file name but not a format', async () => {
    // app.log from two hosts: the lines' tags are the same, their times are read each in its own log's format.
    const a = [`${logback(start)} INFO  [main] c.e.App - started`, `${logback(start + 2 * MINUTE)} INFO  [main] c.e.App - busy`, `${logback(start + 4 * MINUTE)} INFO  [main] c.e.App - done`].join('\n');
    const b = [JSON.stringify({ level: 30, time: start + MINUTE, msg: 'started' }), JSON.stringify({ level: 30, time: start + 3 * MINUTE, msg: 'upstream back' })].join('\n');
    const issue = await run<{ id: string }>('trcaa.newIssue', { title: 'Two app.log', severity: 'high' });
    await store.logFiles.insertContent(issue.id, new TextEncoder().encode(`${a}\n`), { fileName: 'app.log' });
    await store.logFiles.insertContent(issue.id, new TextEncoder().encode(`${b}\n`), { fileName: 'app.log' });
    const at = await run<vscode.TextEditor>('trcaa.patterns.mergedTimeline', { issueId: issue.id, atMs: start + 3 * MINUTE - 1000 });
    assert.equal(at.document.lineAt(at.selection.active.line).text, `[app.log (2)] ${JSON.stringify({ level: 30, time: start + 3 * MINUTE, msg: 'upstream back' })}`);
    assert.equal(at.document.lineAt(0).text, `[app.log]     ${a.split('\n')[0]}`);
  });

  it('shows errors per minute across an incident\'s logs with its timeline events, and follows a log attached later', async () => {
    const { issueId } = await incident('Errors per minute', { 'a.log': appLog(start, true) });
    insight = await api.patterns();
    const { panel, state } = await opened<HistogramState>(await run<vscode.WebviewPanel>('trcaa.patterns.errorHistogram', issueId));
    assert.equal(state.kind, 'histogram');
    assert.equal(state.errors.reduce((a, b) => a + b, 0), 8);
    assert.equal(state.lines.reduce((a, b) => a + b, 0), 48);
    assert.ok(state.startMs !== null && state.errors.slice(0, 10).every((n) => n === 0), 'no errors in the first 10 minutes');
    assert.ok(state.markers.some((m) => /log|Log/.test(m.label)), `the log_uploaded event is a marker: ${JSON.stringify(state.markers)}`);
    // Another log attached: the change channel refreshes the panel (no callback from the attach).
    await store.logFiles.insertContent(issueId, new TextEncoder().encode(appLog(start + MINUTE, true)), { fileName: 'b.log' });
    const refreshed = await until('the refreshed state', () => {
      const s = lastState<HistogramState>(panel);
      return s && s.logs.length === 2 ? s : undefined;
    });
    assert.equal(refreshed.errors.reduce((a, b) => a + b, 0), 16);
  });
});
