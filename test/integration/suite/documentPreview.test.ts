// A stored document inside a real VS Code: TRCAA: Open Document puts its Markdown in VS Code's own text editor over
// trcaa-doc: with the rendered preview (a custom text editor on the same document) beside it. Typing is VS Code's
// (dirty, undo, save to the row); the preview follows the text and the editor's scroll; a change to the row made
// elsewhere reaches the open editor through the change channel. Invalid messages change nothing; the page is locked down.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import { documentUri } from '../../../src/views/documents/documentUri';
import { renderPreview } from '../../../src/webview/documents/markdownPreview';
import { until, WEBVIEW_START_MS } from './until';

const SCRIPT_TITLE = '<script>alert(1)</script>';

describe('Document source and preview (RCA over trcaa-doc:)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let documents: Awaited<ReturnType<TestApi['documents']>>;
  let store: RemoteStore;
  let issueId: string;
  const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);

  /** The open preview panel of `uri` once the custom editor resolved it. */
  const panelFor = (uri: vscode.Uri) =>
    until('the document preview panel', () => [...documents.preview.panels].find(([, doc]) => doc.uri.toString() === uri.toString()));
  const htmlOf = (panel: vscode.WebviewPanel) =>
    [...(documents.preview.lastMessages.get(panel) ?? [])].reverse().find((m) => m.type === 'preview');

  /** Opens the document with the command: the text editor active, the preview beside it. */
  async function open(docId: string) {
    const uri = await run<vscode.Uri>('trcaa.openDocument', docId);
    assert.equal(uri.scheme, 'trcaa-doc');
    const editor = await until('the text editor active on the document', () => (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? vscode.window.activeTextEditor : undefined));
    const [panel, document] = await panelFor(uri);
    assert.equal(document, editor.document, 'the preview shows the same TextDocument');
    return { uri, panel, document, editor };
  }

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    api = (await extension.activate()) as TestApi;
    documents = await api.documents();
    store = await api.store();
    issueId = (await store.issues.create({ title: SCRIPT_TITLE, severity: 'high' })).id;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a generated RCA in the text editor with the preview beside; typing is dirty, previewed, saved to the row', async () => {
    const { document: stored } = await store.documents.generate(issueId, 'rca');
    const { uri, panel, document, editor } = await open(stored.id);
    assert.equal(document.getText(), stored.contentMd, 'the editor shows the stored Markdown');
    assert.equal(document.languageId, 'markdown', 'VS Code\'s Markdown mode: highlighting, folding, outline');
    assert.equal(uri.path, `/RCA — <script>alert(1)<\u2215script>.md`, 'the tab reads the title; the ids are in the query');
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => [group.viewColumn, tab.input] as const));
    const textColumn = tabs.find(([, input]) => input instanceof vscode.TabInputText && input.uri.toString() === uri.toString())?.[0];
    const previewColumn = tabs.find(([, input]) => input instanceof vscode.TabInputCustom && input.viewType === 'trcaa.documentPreview' && input.uri.toString() === uri.toString())?.[0];
    assert.ok(textColumn !== undefined && previewColumn !== undefined && previewColumn > textColumn, `the preview is beside the text (${String(textColumn)}, ${String(previewColumn)})`);

    await until('the real webview to say ready (its script loaded under the CSP)', () => (documents.preview.ready.has(panel) ? true : undefined), WEBVIEW_START_MS);
    assert.ok((await until('the first preview', () => htmlOf(panel)))?.html.includes('Issue Summary'));

    const changes: vscode.FileChangeEvent[] = [];
    const listening = documents.fileSystem.onDidChangeFile((events) => changes.push(...events));
    try {
      await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount, 0), '\n## Reviewer notes\n\nChecked by the on-call lead — ✅ 確認済み.\n'));
      assert.equal(document.isDirty, true, 'VS Code owns the dirty state');
      await until('the preview of the edit', () => (htmlOf(panel)?.html.includes('Reviewer notes') ? true : undefined));
      const edited = document.getText();
      await run('undo');
      await until('the undo', () => (document.getText() === stored.contentMd ? true : undefined));
      await until('the preview of the undo', () => (htmlOf(panel)?.html.includes('Reviewer notes') ? undefined : true));
      await run('redo');
      await until('the redo', () => (document.getText() === edited ? true : undefined));
      assert.equal(await document.save(), true);
      assert.equal(document.isDirty, false);
      assert.equal((await store.documents.get(stored.id))?.contentMd, edited, 'the row holds the edit');
      assert.ok(changes.some((e) => e.uri.toString() === uri.toString() && e.type === vscode.FileChangeType.Changed), 'onDidChangeFile fired');

      // Another window (or the CLI) changes the row: the change channel says so, the open editor shows it.
      const elsewhere = `${edited}\nWritten in another window.\n`;
      await store.documents.update(stored.id, { contentMd: elsewhere });
      api.changes.fire({ changes: [{ entity: 'document', kind: 'updated', ids: [stored.id], issueId }], external: false });
      await until('the other window\'s text in the editor', () => (document.getText() === elsewhere ? true : undefined), 15_000);
      await until('and in the preview', () => (htmlOf(panel)?.html.includes('Written in another window.') ? true : undefined));
    } finally {
      listening.dispose();
    }
  });

  it('the preview follows the text editor\'s scroll, and the text editor the preview\'s', async () => {
    const long = Array.from({ length: 200 }, (_, i) => `## Section ${i}\n\nParagraph ${i}.\n`).join('\n');
    const { document: stored } = await store.documents.generate(issueId, 'postmortem');
    await store.documents.update(stored.id, { contentMd: long });
    const { panel, editor } = await open(stored.id);
    await until('the real webview to say ready', () => (documents.preview.ready.has(panel) ? true : undefined), WEBVIEW_START_MS);
    const html = (await until('the preview', () => htmlOf(panel)))?.html ?? '';
    assert.match(html, /<h2 data-line="400">Section 100<\/h2>/, 'blocks carry their source line');

    editor.revealRange(new vscode.Range(400, 0, 400, 0), vscode.TextEditorRevealType.AtTop);
    await until('the preview told to scroll there', () => {
      const last = [...(documents.preview.lastMessages.get(panel) ?? [])].reverse().find((m) => m.type === 'scrollTo');
      return last?.type === 'scrollTo' && last.line >= 390 && last.line <= 410 ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the echo guard
    assert.equal(await documents.preview.handleMessage(panel, { type: 'scrolled', line: 100 }), true);
    // Revealed at the top, with the few lines of context VS Code keeps above it.
    const shown = () => vscode.window.visibleTextEditors.find((e) => e.document === editor.document)?.visibleRanges[0]?.start.line ?? -1;
    await until(`the text editor at line 100 (it shows ${shown()})`, () => (Math.abs(shown() - 100) <= 10 ? true : undefined)).catch((error: Error) => {
      throw new Error(`${error.message}; now at ${shown()}, sent: ${JSON.stringify((documents.preview.lastMessages.get(panel) ?? []).filter((m) => m.type === 'scrollTo'))}`);
    });
  });

  it('ignores messages of the wrong shape: nothing changes', async () => {
    const { document: stored } = await store.documents.generate(issueId, 'postmortem');
    const { panel, document } = await open(stored.id);
    const invalid: unknown[] = [
      null,
      'scrolled',
      { type: 'edit', text: 'x' },
      { type: 'scrolled' },
      { type: 'scrolled', line: -1 },
      { type: 'scrolled', line: 1, extra: true },
      { type: 'delete', docId: stored.id },
      { text: 'no type' },
    ];
    for (const message of invalid) assert.equal(await documents.preview.handleMessage(panel, message), false, JSON.stringify(message));
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
    assert.equal(await documents.preview.handleMessage(panel, { type: 'openLog', logFileId: log.id, startLine: 2, endLine: 3 }), true);
    const editor = await until('the log open at the lines', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.scheme === 'trcaa-log' ? active : undefined;
    });
    assert.equal(editor.document.getText(editor.selection), 'two\nthree');
    assert.equal(await documents.preview.handleMessage(panel, { type: 'openLog', logFileId: log.id, startLine: 0, endLine: 3 }), false, 'line 0 is not a line');
  });

  it('renders user HTML as text in the preview; the page has a strict CSP with a fresh nonce', async () => {
    const { document: stored } = await store.documents.generate(issueId, 'rca');
    const { panel } = await open(stored.id);
    await documents.preview.handleMessage(panel, { type: 'ready' });
    const message = htmlOf(panel);
    assert.ok(message);
    assert.ok(message.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the issue title is escaped in the preview');
    assert.ok(!/<script/i.test(message.html), 'no script element in the preview');
    const raw = renderPreview(`${SCRIPT_TITLE}\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))`);
    assert.ok(!/<script|<img|href="javascript:/i.test(raw), raw);

    const page = documents.preview.lastPage.get(panel) ?? '';
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
    const nextNonce = /script-src 'nonce-([^']+)'/.exec(documents.preview.lastPage.get(again.panel) ?? '')?.[1];
    assert.ok(nextNonce && nextNonce !== nonce, 'a fresh nonce per render');
  });

  it('the file system refuses to create documents and reports missing ones as FileNotFound', async () => {
    const { document: stored } = await store.documents.generate(issueId, 'rca');
    const missing = documentUri(issueId, '00000000-0000-4000-8000-000000000000', 'New');
    await assert.rejects(
      Promise.resolve(documents.fileSystem.writeFile(missing, Buffer.from('# new'), { create: true, overwrite: true })),
      (error: unknown) => error instanceof vscode.FileSystemError && error.code === 'FileNotFound',
    );
    const wrongIssue = documentUri('00000000-0000-4000-8000-000000000000', stored.id, 'x');
    // Without the ids in the query: no document.
    const noIds = vscode.Uri.from({ scheme: 'trcaa-doc', path: `/${stored.title}.md` });
    await assert.rejects(Promise.resolve(documents.fileSystem.stat(noIds)), (error: unknown) => error instanceof vscode.FileSystemError && error.code === 'FileNotFound');
    await assert.rejects(Promise.resolve(documents.fileSystem.stat(wrongIssue)), (error: unknown) => error instanceof vscode.FileSystemError && error.code === 'FileNotFound');
    assert.equal((await store.documents.get(stored.id))?.contentMd, stored.contentMd);
  });

  it('a trcaa-doc: file opened any other way opens in the text editor; the preview is offered for it (selector on scheme:path)', async () => {
    const { document: stored } = await store.documents.generate(issueId, 'postmortem');
    await run('workbench.action.closeAllEditors');
    const uri = documentUri(issueId, stored.id, 'Post-mortem');
    await run('vscode.open', uri);
    await until('the text editor', () => (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? true : undefined));
    await run('vscode.openWith', uri, 'trcaa.documentPreview');
    await until('the preview, chosen by its selector', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputCustom && input.viewType === 'trcaa.documentPreview' && input.uri.toString() === uri.toString() ? input : undefined;
    });
  });
});
