// The 5 Whys inside a real VS Code: the panel opens for an issue (its front end loads under the CSP and asks for
// the state), levels asked, answered and given log-line evidence through its message protocol and through the
// commands; why_level_advanced and root_cause_identified are written with their audit rows; an evidence link opens
// the stored log at those lines; the tree's 5 Whys folder follows; bad messages change nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { issueFolder } from './issueTree';
import { answering, choose } from './testApi';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import { WHYS_VIEW_TYPE } from '../../../src/views/workbench/viewTypes';
import type { WhysHostMessage, WhysState } from '../../../src/webview/whys/whysProtocol';
import { until, WEBVIEW_START_MS } from './until';

const run = <T>(command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
const LOG_TEXT = 'boot ok\nGET /pay 502 upstream timeout\npool exhausted: 50/50 connections in use\nretrying\n';

describe('5 Whys: panel, commands, evidence links, timeline', function () {
  this.timeout(120_000);
  let api: TestApi;
  let whys: Awaited<ReturnType<TestApi['whys']>>;
  let store: RemoteStore;

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    api = (await extension.activate()) as TestApi;
    whys = await api.whys();
    store = await api.store();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** An issue (created through the command, so the tree knows it) with one attached log. */
  async function incident(title: string) {
    const issue = await run<{ id: string }>('trcaa.newIssue', { title, severity: 'high' });
    const log = (await store.logFiles.insertContent(issue.id, new TextEncoder().encode(LOG_TEXT), { fileName: 'gateway.log' })).logFile;
    return { issueId: issue.id, logId: log.id };
  }

  /** Opens the panel with the command and waits until its real front end said `ready`. */
  async function openPanel(issueId: string, level?: number): Promise<vscode.WebviewPanel> {
    await run('trcaa.whys.open', level ? { issueId, level } : issueId);
    const panel = await until('the 5 Whys panel', () => whys.panels.get(issueId));
    await until('the webview to say ready (its script loaded under the CSP)', () => (whys.ready.has(panel) ? true : undefined), WEBVIEW_START_MS);
    await until('the state sent in answer', () => lastState(panel));
    return panel;
  }

  const messages = (panel: vscode.WebviewPanel) => whys.lastMessages.get(panel) ?? [];
  const lastState = (panel: vscode.WebviewPanel): WhysState | undefined =>
    [...messages(panel)].reverse().find((m): m is Extract<WhysHostMessage, { type: 'state' }> => m.type === 'state')?.state;
  const replyTo = (panel: vscode.WebviewPanel, id: number) => messages(panel).find((m) => m.type === 'reply' && m.id === id);

  /** The issue's 5 Whys folder as the Issues view shows it. */
  const whysFolder = (issueId: string) => issueFolder(issueId, 'whys');

  /** Events of a type with exactly one audit row each, whose details are the event id and its metadata. */
  async function eventsWithAudit(issueId: string, type: string) {
    const events = (await store.timeline.list(issueId)).filter((e) => e.eventType === type);
    const audit = await store.audit.list({ action: `timeline.${type}`, entityId: issueId });
    assert.equal(audit.length, events.length, `one audit row per ${type}`);
    for (const event of events) {
      const rows = audit.filter((row) => (JSON.parse(row.details ?? '{}') as { event_id?: string }).event_id === event.id);
      assert.equal(rows.length, 1);
      assert.deepEqual(JSON.parse(rows[0]?.details ?? '{}'), { event_id: event.id, ...event.metadata });
    }
    return events;
  }

  it('asks, answers with log-line evidence and marks the root cause through the panel; the timeline and the tree follow', async () => {
    const { issueId, logId } = await incident('Checkout 502s');
    await whysFolder(issueId); // shown once, so refreshes have a node to re-render
    const panel = await openPanel(issueId);
    assert.equal(panel.viewType, WHYS_VIEW_TYPE);
    assert.equal(panel.title, '5 Whys — Checkout 502s');
    assert.match(panel.webview.html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'nonce-[^']+'/);
    assert.deepEqual(lastState(panel)?.steps, []);
    assert.deepEqual(lastState(panel)?.logs, [{ id: logId, fileName: 'gateway.log' }]);

    assert.equal(await whys.handleMessage(panel, { type: 'ask', question: 'Why did checkout return 502?' }), true);
    assert.equal(await whys.handleMessage(panel, { type: 'ask', question: 'Why did the gateway time out?' }), true);
    const evidence = `See log:${logId}#L2-L3 and the p99 graph`;
    assert.equal(await whys.handleMessage(panel, { type: 'save', level: 1, question: 'Why did checkout return 502?', answer: 'The gateway timed out', evidence }), true);
    await until('the state after the answer', () => (lastState(panel)?.waitingLevel === 2 ? true : undefined));
    assert.deepEqual(lastState(panel)?.steps[0], { level: 1, question: 'Why did checkout return 502?', answer: 'The gateway timed out', evidence });

    const advanced = await eventsWithAudit(issueId, 'why_level_advanced');
    assert.deepEqual(advanced.map((e) => e.metadata), [{ from_level: 1, to_level: 2, question: 'Why did checkout return 502?' }]);

    // The folder shows the levels (what a step change re-renders: treeChanges.test.ts).
    const leaves = (await whysFolder(issueId)).children ?? [];
    assert.deepEqual(
      leaves.map((l) => [l.label, l.description, l.icon, l.contextValue]),
      [
        ['Why 1: Why did checkout return 502?', 'The gateway timed out', 'pass', 'trcaa.step'],
        ['Why 2: Why did the gateway time out?', 'waiting for an answer', 'question', 'trcaa.step'],
      ],
    );
    assert.deepEqual(leaves[1]?.command, { command: 'trcaa.whys.open', arguments: [{ issueId, level: 2 }] });

    // The evidence link opens the stored log with those lines selected.
    assert.equal(await whys.handleMessage(panel, { type: 'openLog', logFileId: logId, startLine: 2, endLine: 3 }), true);
    const editor = await until('the log open at the lines', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.scheme === 'trcaa-log' ? active : undefined;
    });
    assert.equal(new URLSearchParams(editor.document.uri.query).get('id'), logId);
    assert.equal(editor.selection.start.line, 1);
    assert.equal(editor.selection.end.line, 2);
    assert.equal(editor.document.getText(editor.selection), 'GET /pay 502 upstream timeout\npool exhausted: 50/50 connections in use');

    // Back to the panel (VS Code discarded its hidden page: it loads again, says ready and is sent its state).
    panel.reveal();
    await until('the page ready again', () => (whys.handleMessage !== undefined && panel.visible ? true : undefined));
    // Root cause: blank means the deepest answer.
    assert.equal(await whys.handleMessage(panel, { type: 'markRootCause', rootCause: ' ', confidence: 0.7 }), true);
    const marked = await eventsWithAudit(issueId, 'root_cause_identified');
    assert.deepEqual(marked.map((e) => e.metadata), [{ root_cause: 'The gateway timed out', confidence: 0.7 }]);
    await until('the root cause in the state', () => (lastState(panel)?.rootCause?.text === 'The gateway timed out' ? true : undefined));
    const rootLeaf = (await whysFolder(issueId)).children?.find((l) => l.contextValue === 'trcaa.rootCause');
    assert.equal(rootLeaf?.label, 'Root cause: The gateway timed out');
    assert.equal(rootLeaf?.description, 'confidence 70%');
  });

  it('refuses what it must, with a message beside the form, and changes nothing', async () => {
    const { issueId } = await incident('Refusals');
    const other = await incident('Another incident');
    const panel = await openPanel(issueId);
    const before = async () => [await store.steps.listForIssue(issueId), (await store.timeline.list(issueId)).length] as const;
    const start = await before();

    // Not the protocol: ignored.
    for (const bad of [{ type: 'save', level: 9, question: 'q', answer: 'a', evidence: '' }, { type: 'ask' }, { type: 'drop table' }, 'ready', null, { type: 'ask', question: 'q', extra: 1 }]) {
      assert.equal(await whys.handleMessage(panel, bad), false, JSON.stringify(bad));
    }
    // The protocol, but refused by the rules: the reason is sent back.
    assert.equal(await whys.handleMessage(panel, { type: 'save', level: 1, question: 'Why?', answer: 'Because', evidence: `log:${other.logId}#L1`, id: 41 }), false);
    const refusal = replyTo(panel, 41);
    assert.equal(refusal?.type === 'reply' && refusal.ok, false);
    assert.match(refusal?.type === 'reply' ? (refusal.error ?? '') : '', /not a log of this issue/);
    // A request the schema refuses is answered too (the page's promise settles), with no content echoed.
    assert.equal(await whys.handleMessage(panel, { type: 'save', level: 9, question: 'q', answer: 'secret answer', evidence: '', id: 42 }), false);
    const invalid = replyTo(panel, 42);
    assert.equal(invalid?.type === 'reply' && invalid.ok, false);
    assert.ok(invalid?.type === 'reply' && !JSON.stringify(invalid).includes('secret answer'));
    assert.equal(await whys.handleMessage(panel, { type: 'markRootCause', rootCause: '', confidence: 0.5 }), false);
    assert.equal(await whys.handleMessage(panel, { type: 'ask', question: '   ' }), false);
    assert.deepEqual(await before(), start, 'nothing stored');
  });

  it('the commands ask, answer, add evidence from log lines, mark the root cause and delete a level', async () => {
    const { issueId, logId } = await incident('Commands only');
    for (const question of ['Why A?', 'Why B?', 'Why C?']) await run('trcaa.whys.add', { issueId, question });
    const answered = await run<{ event: { metadata: unknown } | null }>('trcaa.whys.answer', { issueId, answer: 'Because of A' });
    assert.deepEqual(answered.event?.metadata, { from_level: 1, to_level: 2, question: 'Why A?' });

    // Lines 3-4 of the stored log become evidence of why 2, appended as a reference the panel turns into a link.
    await run('trcaa.whys.addEvidence', { logFileId: logId, startLine: 3, endLine: 4, level: 2 });
    await run('trcaa.whys.addEvidence', { logFileId: logId, startLine: 1, endLine: 1, level: 2 });
    let steps = await store.steps.listForIssue(issueId);
    assert.equal(steps[1]?.evidence, `log:${logId}#L3-L4\nlog:${logId}#L1`);

    // Deleting why 2 moves why 3 down; the tree folder follows.
    assert.equal(await answering({ showWarningMessage: choose('Delete') }, () => run('trcaa.whys.delete', { issueId, level: 2 })), true);
    steps = await store.steps.listForIssue(issueId);
    assert.deepEqual(steps.map((s) => [s.stepOrder, s.whyQuestion]), [[1, 'Why A?'], [2, 'Why C?']]);
    assert.deepEqual(((await whysFolder(issueId)).children ?? []).map((l) => l.label), ['Why 1: Why A?', 'Why 2: Why C?']);

    const event = await run<{ metadata: unknown }>('trcaa.whys.markRootCause', { issueId, rootCause: 'Pool sized for old traffic', confidence: 0.9 });
    assert.deepEqual(event.metadata, { root_cause: 'Pool sized for old traffic', confidence: 0.9 });
    assert.equal((await eventsWithAudit(issueId, 'root_cause_identified')).length, 1);
    assert.equal((await eventsWithAudit(issueId, 'why_level_advanced')).length, 1);

    // An open panel follows changes made by the commands.
    const panel = await openPanel(issueId, 2);
    await until('the focus on level 2', () => (messages(panel).some((m) => m.type === 'focus' && m.level === 2) ? true : undefined));
    await run('trcaa.whys.answer', { issueId, level: 2, answer: 'Nobody revisited the sizing' });
    await until('the panel to show the new answer', () => (lastState(panel)?.steps[1]?.answer === 'Nobody revisited the sizing' ? true : undefined));
  });

  it('adds the selected lines of an attached workspace log as evidence (matched by content), and refuses a changed one', async () => {
    const { issueId } = await incident('Evidence from the workspace');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test workspace is open');
    const file = vscode.Uri.joinPath(folder, 'whys-evidence.log');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(LOG_TEXT.replace('boot ok', 'boot ok (workspace)')));
    try {
      await run('trcaa.attachLog', { issueId, files: [file.fsPath] });
      const attached = (await store.logFiles.listForIssue(issueId)).find((log) => log.fileName === 'whys-evidence.log');
      assert.ok(attached, 'the workspace log is attached');
      await run('trcaa.whys.add', { issueId, question: 'Why did the pool run dry?' });

      // Lines 2-3 selected (the selection ends at the start of line 4, which is left out).
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(1, 3, 3, 0) });
      await run('trcaa.whys.addEvidence');
      assert.equal((await store.steps.listForIssue(issueId))[0]?.evidence, `log:${attached.id}#L2-L3`);
      // The same reference, for pasting into an RCA (in backticks: the preview turns it into a link).
      assert.equal(await run('trcaa.copyLogReference'), `\`log:${attached.id}#L2-L3\``);
      assert.equal(await vscode.env.clipboard.readText(), `\`log:${attached.id}#L2-L3\``);

      // Changed since it was attached: its lines may not be the stored ones any more.
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('something else\n'));
      await until('the editor to show the change', () => (document.getText() === 'something else\n' ? true : undefined));
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('trcaa.whys.addEvidence')), /attach this file to the incident first/);
      assert.equal((await store.steps.listForIssue(issueId))[0]?.evidence, `log:${attached.id}#L2-L3`, 'nothing changed');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(file);
    }
  });

  it('an open panel shows a change made elsewhere, as the change channel reports it; a change to another issue sends nothing', async () => {
    const { issueId } = await incident('Changed elsewhere');
    const other = await incident('Not this one');
    const panel = await openPanel(issueId);
    const sentBefore = messages(panel).length;
    const step = await store.steps.addWhy(other.issueId, 'Why not this one?');
    api.changes.fire({ changes: [{ entity: 'step', kind: 'created', ids: [step.id], issueId: other.issueId }], external: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(messages(panel).length, sentBefore, 'a change to another issue sends this panel nothing');

    const mine = await store.steps.addWhy(issueId, 'Why did the disk fill up?');
    api.changes.fire({ changes: [{ entity: 'step', kind: 'created', ids: [mine.id], issueId }], external: false });
    await until('the new why in the panel', () => (lastState(panel)?.steps[0]?.question === 'Why did the disk fill up?' ? true : undefined));
    // Another window's write is reported without rows: every open panel reads its state again.
    await store.steps.answerWhy(issueId, { level: 1, question: 'Why did the disk fill up?', answer: 'Logs were never rotated', evidence: null });
    api.changes.fire({ changes: [], external: true });
    await until('the answer in the panel', () => (lastState(panel)?.steps[0]?.answer === 'Logs were never rotated' ? true : undefined));
  });

  it('the panel of a deleted issue closes at once, even hidden behind another tab', async () => {
    const { issueId } = await incident('Deleted while hidden');
    const panel = await openPanel(issueId);
    let closed = false;
    panel.onDidDispose(() => (closed = true));
    // Another tab in the same group hides the panel (its page is then not ready to take a state).
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'notes' }), { viewColumn: panel.viewColumn ?? vscode.ViewColumn.One });
    await until('the panel hidden', () => (panel.visible ? undefined : true));
    await answering({ showWarningMessage: choose('Delete') }, () => run('trcaa.deleteIssue', { ids: [issueId] }));
    await until('the hidden panel closed', () => (closed ? true : undefined));
    await run('workbench.action.closeAllEditors');
  });

  it('a panel restored after a reload finds its issue from its state; an unreadable state closes it', async () => {
    const { issueId } = await incident('Restored panel');
    const restored = vscode.window.createWebviewPanel(WHYS_VIEW_TYPE, '5 Whys', vscode.ViewColumn.Active, {});
    await whys.deserializeWebviewPanel(restored, { issueId, drafts: {} });
    assert.equal(whys.panels.get(issueId), restored);
    assert.equal(restored.title, '5 Whys — Restored panel');
    await until('the restored webview to say ready', () => (whys.ready.has(restored) ? true : undefined), WEBVIEW_START_MS);
    assert.equal((await until('the state sent in answer', () => lastState(restored)))?.issue.id, issueId);

    const broken = vscode.window.createWebviewPanel(WHYS_VIEW_TYPE, '5 Whys', vscode.ViewColumn.Active, {});
    let disposed = false;
    broken.onDidDispose(() => (disposed = true));
    await whys.deserializeWebviewPanel(broken, { nothing: true });
    assert.equal(disposed, true);
  });
});
