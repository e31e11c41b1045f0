// RCA generation and export inside a real VS Code: an incident with five whys, two logs and a timeline → Generate
// RCA (the command) → every RCA section, filled with that data, listed in the issue's Documents folder → Markdown
// export byte for byte the stored text → a PDF whose text (pdftotext) has the headings and the CJK title → each
// export recorded as document_exported with its audit row.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { issueFolder } from './issueTree';
import { answering, choose } from './testApi';
import { RCA_SECTIONS } from '../../../src/core/documents/rca';
import type { Issue } from '../../../src/core/model/issue';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';

const run = <T>(command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));

interface Generated {
  docId: string;
  issueId: string;
  title: string;
}

const CJK_TITLE = '支付网关 502 错误 🚨';
const SCRIPT_TITLE = '<script>alert(1)</script>';

/** The issue's Documents folder as the Issues view shows it. */
const documentsFolder = (issueId: string) => issueFolder(issueId, 'documents');

/** Through the command, so the Issues view knows the new issue. */
const newIssue = (input: { title: string; severity: string; description?: string }) => run<Issue>('trcaa.newIssue', input);

const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });

describe('Documents: generate an RCA, list it, export it', function () {
  this.timeout(120_000);
  let store: RemoteStore;
  let dir: string;

  /** An incident with five answered whys, two logs and a root cause on its timeline. */
  async function incident(title: string) {
    const issue = await newIssue({ title, severity: 'critical', description: 'Checkout returned 502 for EU users.' });
    const api = (await store.logFiles.insertContent(issue.id, new TextEncoder().encode('GET /pay 502 upstream timeout\n'), { fileName: 'gateway-api.log' })).logFile;
    await store.logFiles.insertContent(issue.id, new TextEncoder().encode('connection pool exhausted\n'), { fileName: 'payments-db.log' });
    for (let level = 1; level <= 5; level++) {
      await store.steps.answerWhy(issue.id, { level, question: `Why ${level}?`, answer: `Answer number ${level}`, evidence: level === 1 ? `log:${api.id}#L1` : null });
    }
    await store.steps.markRootCause(issue.id, { rootCause: 'The pool was sized for the old traffic', confidence: 0.8 });
    return issue;
  }

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    const api = (await extension.activate()) as TestApi;
    store = await api.store();
    dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-docs-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates an RCA with every section and the incident data, lists it in the tree and exports it as Markdown and PDF', async () => {
    const issue = await incident(CJK_TITLE);
    // The folder is shown once, so the generate command's refresh has a node to re-render.
    // The empty folder says what to do instead.
    assert.deepEqual((await documentsFolder(issue.id)).children?.map((row) => [row.label, row.contextValue, row.command?.command]), [['No documents yet — Generate RCA', 'trcaa.placeholder', 'trcaa.generateRca']]);

    const generated = await run<Generated>('trcaa.generateRca', { issueId: issue.id });
    assert.equal(generated.issueId, issue.id);
    const stored = await store.documents.get(generated.docId);
    assert.ok(stored);
    assert.equal(stored.title, `RCA — ${CJK_TITLE}`);
    const headings = stored.contentMd.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));
    assert.deepEqual(headings, [...RCA_SECTIONS]);
    for (const text of ['gateway-api.log', 'payments-db.log', 'Answer number 3', 'The pool was sized for the old traffic', 'Checkout returned 502 for EU users.']) {
      assert.ok(stored.contentMd.includes(text), `the RCA mentions ${text}`);
    }

    // rca_generated {doc_id, section_count}, with its audit row.
    const generatedEvents = (await store.timeline.list(issue.id)).filter((e) => e.eventType === 'rca_generated');
    assert.deepEqual(generatedEvents.map((e) => e.metadata), [{ doc_id: generated.docId, section_count: RCA_SECTIONS.length }]);
    const generatedAudit = await store.audit.list({ action: 'timeline.rca_generated', entityId: issue.id });
    assert.deepEqual(generatedAudit.map((row) => JSON.parse(row.details ?? '{}')), [{ event_id: generatedEvents[0]?.id, ...generatedEvents[0]?.metadata }]);

    // The new document is opened: its Markdown in the text editor (active), the preview beside it.
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputText && input.uri.query.includes(generated.docId), 'the RCA is open');
    const previews = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.input));
    assert.ok(previews.some((tab) => tab instanceof vscode.TabInputCustom && tab.viewType === 'trcaa.documentPreview' && tab.uri.query.includes(generated.docId)), 'its preview is open');

    // Listed under the issue's Documents folder; a click opens it.
    const leaf = (await documentsFolder(issue.id)).children?.find((item) => item.id === `issue:${issue.id}:documents:${generated.docId}`);
    assert.ok(leaf, 'the RCA is listed');
    assert.equal(leaf.label, stored.title);
    assert.match(leaf.description ?? '', /^RCA · now$/);
    assert.equal(leaf.icon, 'file-text');
    assert.equal(leaf.contextValue, 'trcaa.document');
    assert.deepEqual(leaf.command, { command: 'trcaa.openDocument', arguments: [generated.docId] });

    // Markdown: the stored text, byte for byte (with a final newline).
    const mdPath = path.join(dir, 'rca.md');
    const md = await run<{ filePath: string; eventId: string }>('trcaa.exportDocumentMarkdown', { docId: generated.docId, filePath: mdPath });
    assert.equal(md.filePath, mdPath);
    const expected = stored.contentMd.endsWith('\n') ? stored.contentMd : `${stored.contentMd}\n`;
    assert.ok(readFileSync(mdPath).equals(Buffer.from(expected, 'utf8')), 'the Markdown export is the stored text');

    // PDF: a real PDF whose text has every heading and the CJK title (the emoji never breaks it).
    const pdfPath = path.join(dir, 'rca.pdf');
    const pdf = await run<{ filePath: string; eventId: string }>('trcaa.exportDocumentPdf', { docId: generated.docId, filePath: pdfPath });
    assert.equal(readFileSync(pdfPath).subarray(0, 5).toString('latin1'), '%PDF-');
    const text = pdfText(pdfPath);
    for (const heading of RCA_SECTIONS) assert.ok(text.includes(heading), `the PDF has the heading ${heading}`);
    assert.ok(text.includes('支付网关 502 错误'), 'the PDF shows the CJK title');
    assert.deepEqual(readdirSync(dir).sort(), ['rca.md', 'rca.pdf'], 'no temporary file is left behind');

    // Each export: one document_exported event with its audit row.
    const exported = (await store.timeline.list(issue.id)).filter((e) => e.eventType === 'document_exported');
    assert.deepEqual(exported.map((e) => e.id), [md.eventId, pdf.eventId]);
    assert.deepEqual(exported.map((e) => e.metadata), [
      { format: 'markdown', file_path: mdPath, doc_id: generated.docId },
      { format: 'pdf', file_path: pdfPath, doc_id: generated.docId },
    ]);
    const audit = await store.audit.list({ action: 'timeline.document_exported', entityId: issue.id });
    assert.equal(audit.length, 2);
    for (const event of exported) {
      const rows = audit.filter((row) => (JSON.parse(row.details ?? '{}') as { event_id?: string }).event_id === event.id);
      assert.equal(rows.length, 1, 'one audit row per export');
      assert.deepEqual(JSON.parse(rows[0]?.details ?? '{}'), { event_id: event.id, ...event.metadata });
    }
  });

  it('shows a <script> title literally in the PDF', async () => {
    const issue = await newIssue({ title: SCRIPT_TITLE, severity: 'low' });
    const generated = await run<Generated>('trcaa.generatePostmortem', issue.id);
    const pdfPath = path.join(dir, 'script.pdf');
    await run('trcaa.exportDocumentPdf', { docId: generated.docId, filePath: pdfPath });
    assert.ok(pdfText(pdfPath).includes(SCRIPT_TITLE), 'the title is printed as text');
  });

  it('saves a dirty editor before exporting, so the export is the stored text', async () => {
    const issue = await newIssue({ title: 'Unsaved edits', severity: 'medium' });
    const generated = await run<Generated>('trcaa.generateRca', { issueId: issue.id });
    const document = vscode.workspace.textDocuments.find((doc) => doc.uri.query.includes(generated.docId));
    assert.ok(document, 'the generated RCA is open as a text document');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), 'EDITED-BEFORE-EXPORT\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(document.isDirty, true);
    const mdPath = path.join(dir, 'dirty.md');
    await run('trcaa.exportDocumentMarkdown', { docId: generated.docId, filePath: mdPath });
    const stored = await store.documents.get(generated.docId);
    assert.ok(stored, 'still stored');
    assert.ok(stored.contentMd.startsWith('EDITED-BEFORE-EXPORT\n'), 'the edit was saved');
    assert.equal(readFileSync(mdPath, 'utf8'), stored.contentMd.endsWith('\n') ? stored.contentMd : `${stored.contentMd}\n`);
  });

  it('deletes a document (its modal answered): gone from the store and the tree, an unknown document is a clear error', async () => {
    const issue = await newIssue({ title: 'To delete', severity: 'low' });
    await documentsFolder(issue.id);
    const generated = await run<Generated>('trcaa.generatePostmortem', { issueId: issue.id });
    assert.equal((await documentsFolder(issue.id)).children?.[0]?.icon, 'book');
    assert.equal(await answering({ showWarningMessage: choose('Delete') }, () => run<boolean>('trcaa.deleteDocument', { docId: generated.docId })), true);
    assert.equal(await store.documents.get(generated.docId), null);
    // The empty folder says what to do instead.
    assert.deepEqual((await documentsFolder(issue.id)).children?.map((row) => [row.label, row.contextValue, row.command?.command]), [['No documents yet — Generate RCA', 'trcaa.placeholder', 'trcaa.generateRca']]);
    await assert.rejects(run('trcaa.exportDocumentMarkdown', { docId: generated.docId, filePath: path.join(dir, 'gone.md') }), /no longer exists/);
  });
});
