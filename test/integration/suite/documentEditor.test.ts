// The RCA editor inside a real VS Code: a generated RCA opens in the custom editor over trcaa-doc:, an edit sent
// through the webview's message protocol makes the document dirty, saving writes the database row, and the edit is
// there after closing and reopening. Invalid messages change nothing; the preview and the page are locked down.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import { documentUri } from '../../../src/views/documents/documentUri';
import { renderPreview } from '../../../src/webview/documents/markdownPreview';
import { until, WEBVIEW_START_MS } from './until';

const SCRIPT_TITLE = '<script>alert(1)</script>';

describe('Document editor (RCA over trcaa-doc:)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let store: RemoteStore;
  let issueId: string;
  const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);

  /** The open editor panel of `uri` once the custom editor resolved it. */
  const panelFor = (uri: vscode.Uri) =>
    until('the document editor panel', () => [...api.documents.editor.panels].find(([, doc]) => doc.uri.toString() === uri.toString()));

  /** Opens the document with the command, waits until our custom editor is the active tab for it. */
  async function open(docId: string) {
    const uri = await run<vscode.Uri>('trcaa.openDocument', docId);
    assert.equal(uri.scheme, 'trcaa-doc');
    await until('the custom editor active for the document', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputCustom && input.viewType === 'trcaa.documentEditor' && input.uri.toString() === uri.toString() ? input : undefined;
    });
    const [panel, document] = await panelFor(uri);
    return { uri, panel, document };
  }

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    api = (await extension.activate()) as TestApi;
    store = await api.store();
    issueId = (await store.issues.create({ title: SCRIPT_TITLE, severity: 'high' })).id;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a generated RCA; an edit through the protocol is dirty, saved to the row, and there after reopening', async () => {
    const { document: stored } = await store.documents.generate(issueId, 'rca');
    const { uri, panel, document } = await open(stored.id);
    assert.equal(document.getText(), stored.contentMd, 'the editor shows the stored Markdown');
    assert.equal(uri.path, `/RCA — <script>alert(1)<\u2215script>.md`, 'the tab reads the title; the ids are in the query');
    const stat = await vscode.workspace.fs.stat(uri);
    assert.equal(stat.mtime, stored.updatedAt, 'mtime is updated_at');
    assert.equal(stat.size, Buffer.byteLength(stored.contentMd, 'utf8'));

    await until('the real webview to say ready (its script loaded under the CSP)', () => (api.documents.editor.ready.has(panel) ? true : undefined), WEBVIEW_START_MS);
    assert.equal(await api.documents.editor.handleMessage(panel, { type: 'ready' }), true);
    const first = api.documents.editor.lastMessage.get(panel);
    assert.equal(first?.type, 'update');
    assert.equal(first?.type === 'update' ? first.text : undefined, stored.contentMd, 'ready is answered with the whole text');

    const edited = `${stored.contentMd}\n## Reviewer notes\n\nChecked by the on-call lead — ✅ 確認済み.\n`;
    const changes: vscode.FileChangeEvent[] = [];
    const listening = api.documents.fileSystem.onDidChangeFile((events) => changes.push(...events));
    try {
      assert.equal(await api.documents.editor.handleMessage(panel, { type: 'edit', text: edited }), true);
      assert.equal(document.getText(), edited);
      assert.equal(document.isDirty, true, 'VS Code owns the dirty state');
      const preview = await until('the preview of the edit', () => {
        const message = api.documents.editor.lastMessage.get(panel);
        return message && message.html.includes('Reviewer notes') ? message : undefined;
      });
      assert.equal(preview.type, 'preview', 'the webview’s own edit refreshes the preview only');

      // Undo and redo are VS Code's; an undo comes back to the webview as a full update.
      await run('undo');
      await until('the undo', () => (document.getText() === stored.contentMd ? true : undefined));
      const undone = api.documents.editor.lastMessage.get(panel);
      assert.equal(undone?.type === 'update' ? undone.text : undefined, stored.contentMd);
      await run('redo');
      await until('the redo', () => (document.getText() === edited ? true : undefined));

      assert.equal(await document.save(), true);
      assert.equal(document.isDirty, false);
      assert.equal((await store.documents.get(stored.id))?.contentMd, edited, 'the row holds the edit');
      assert.ok(changes.some((e) => e.uri.toString() === uri.toString() && e.type === vscode.FileChangeType.Changed), 'onDidChangeFile fired');
    } finally {
      listening.dispose();
    }

    await run('workbench.action.closeAllEditors');
    const reopened = await open(stored.id);
    assert.equal(reopened.document.getText(), edited, 'the edit is there after reopening');
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), edited, 'read back through the file system');
  });

  it('ignores messages of the wrong shape: nothing changes', async () => {
    const { document: stored } = await store.documents.generate(issueId, 'postmortem');
    const { panel, document } = await open(stored.id);
    const invalid: unknown[] = [
      null,
      'edit',
      { type: 'edit' },
      { type: 'edit', text: 42 },
      { type: 'edit', text: 'x', extra: true },
      { type: 'delete', docId: stored.id },
      { text: 'no type' },
    ];
    for (const message of invalid) assert.equal(await api.documents.editor.handleMessage(panel, message), false, JSON.stringify(message));
    assert.equal(document.getText(), stored.contentMd);
    assert.equal(document.isDirty, false);
    assert.equal((await store.documents.get(stored.id))?.contentMd, stored.contentMd);
  });

  it('opens the stored log at the lines a 5 Whys evidence reference in the preview names', async () => {
    const log = (await store.logFiles.insertContent(issueId, new TextEncoder().encode('one\ntwo\nthree\nfour\n'), { fileName: 'evidence.log' })).logFile;
    await store.steps.answerWhy(issueId, { level: 1, question: 'Why?', answer: 'Because', evidence: `log:${log.id}#L2-L3` });
    const { document: stored } = await store.documents.generate(issueId, 'rca');
    // The generated RCA cites the reference as inline code: the preview turns exactly that into a link.
    assert.ok(stored.contentMd.includes(`\`log:${log.id}#L2-L3\``), 'the RCA cites the evidence');
    const { panel } = await open(stored.id);
    assert.equal(await api.documents.editor.handleMessage(panel, { type: 'openLog', logFileId: log.id, startLine: 2, endLine: 3 }), true);
    const editor = await until('the log open at the lines', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.scheme === 'trcaa-log' ? active : undefined;
    });
    assert.equal(editor.document.getText(editor.selection), 'two\nthree');
    assert.equal(await api.documents.editor.handleMessage(panel, { type: 'openLog', logFileId: log.id, startLine: 0, endLine: 3 }), false, 'line 0 is not a line');
  });

  it('renders user HTML as text in the preview; the page has a strict CSP with a fresh nonce', async () => {
    const { document: stored } = await store.documents.generate(issueId, 'rca');
    const { panel } = await open(stored.id);
    await api.documents.editor.handleMessage(panel, { type: 'ready' });
    const message = api.documents.editor.lastMessage.get(panel);
    assert.ok(message);
    assert.ok(message.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the issue title is escaped in the preview');
    assert.ok(!/<script/i.test(message.html), 'no script element in the preview');
    const raw = renderPreview(`${SCRIPT_TITLE}\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))`);
    assert.ok(!/<script|<img|href="javascript:/i.test(raw), raw);

    const page = api.documents.editor.lastPage.get(panel) ?? '';
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1] ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, csp);
    assert.match(csp, /default-src 'none'/);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), csp);
    // Sources are 'none', the nonce or the webview's own resource origin (panel.webview.cspSource), nothing else.
    const sources = csp.split(';').flatMap((directive) => directive.trim().split(/\s+/).slice(1));
    const allowed = new Set(["'none'", `'nonce-${nonce}'`, ...panel.webview.cspSource.split(/\s+/)]);
    for (const source of sources) assert.ok(allowed.has(source), `unexpected source ${source}`);
    const scripts = page.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1, 'one script element');
    assert.ok(scripts[0]?.includes(`nonce="${nonce}"`), 'and it carries the nonce');

    // Another editor gets another nonce.
    await run('workbench.action.closeAllEditors');
    const again = await open(stored.id);
    const nextNonce = /script-src 'nonce-([^']+)'/.exec(api.documents.editor.lastPage.get(again.panel) ?? '')?.[1];
    assert.ok(nextNonce && nextNonce !== nonce, 'a fresh nonce per render');
  });

  it('the file system refuses to create documents and reports missing ones as FileNotFound', async () => {
    const { document: stored } = await store.documents.generate(issueId, 'rca');
    const missing = documentUri(issueId, '00000000-0000-4000-8000-000000000000', 'New');
    await assert.rejects(
      Promise.resolve(api.documents.fileSystem.writeFile(missing, Buffer.from('# new'), { create: true, overwrite: true })),
      (error: unknown) => error instanceof vscode.FileSystemError && error.code === 'FileNotFound',
    );
    const wrongIssue = documentUri('00000000-0000-4000-8000-000000000000', stored.id, 'x');
    // Without the ids in the query: no document.
    const noIds = vscode.Uri.from({ scheme: 'trcaa-doc', path: `/${stored.title}.md` });
    await assert.rejects(Promise.resolve(api.documents.fileSystem.stat(noIds)), (error: unknown) => error instanceof vscode.FileSystemError && error.code === 'FileNotFound');
    await assert.rejects(Promise.resolve(api.documents.fileSystem.stat(wrongIssue)), (error: unknown) => error instanceof vscode.FileSystemError && error.code === 'FileNotFound');
    assert.equal((await store.documents.get(stored.id))?.contentMd, stored.contentMd);
  });

  it('is the default editor for trcaa-doc: Markdown (package.json selector on scheme:path)', async () => {
    const { document: stored } = await store.documents.generate(issueId, 'postmortem');
    await run('workbench.action.closeAllEditors');
    const uri = documentUri(issueId, stored.id, 'Post-mortem');
    await run('vscode.open', uri);
    await until('our editor, chosen by the selector', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputCustom && input.viewType === 'trcaa.documentEditor' && input.uri.toString() === uri.toString() ? input : undefined;
    });
  });
});
