// Export Redacted inside a real VS Code: an issue whose title and description hold an e-mail address, an IP
// address, a password and an AWS key → Generate RCA → Export Redacted as Markdown and as PDF (the commands) → no
// value survives in either file (pdftotext, and the PDF's metadata title), the replacements are there, and each
// export is recorded: an egress.released audit row with the SHA-256 of exactly the file's bytes and the counts per
// type, and a document_exported event {…, redacted: true} with its audit row.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Issue } from '../../../src/core/model/issue';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';

const run = <T>(command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));

interface RedactedExport {
  filePath: string;
  bytes: number;
  sha256: string;
  auditId: string;
  eventId: string;
  redactedByType: Record<string, number>;
}

const TITLE = 'db01 outage for carol.diaz@example.net';
const DESCRIPTION = 'The primary 10.20.30.40 refused the app after a config push: password=Hunter2Secret! and key AKIAQWERTYUIOPASDFGH were in it.';
const VALUES = ['carol.diaz@example.net', '10.20.30.40', 'Hunter2Secret!', 'AKIAQWERTYUIOPASDFGH'];
const REPLACEMENTS = ['[Email]', '[IPv4]', '[Password]', '[AWSAccessKey]'];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
const pdfTitle = (file: string) => /^Title:\s*(.*)$/m.exec(execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' }))?.[1];

describe('Documents: Export Redacted through the egress gate', function () {
  this.timeout(120_000);
  let store: RemoteStore;
  let dir: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    const api = (await extension.activate()) as TestApi;
    store = await api.store();
    dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-redacted-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  /** The egress.released row of an export, checked against the file written. */
  async function checkReleaseRow(docId: string, exported: RedactedExport, format: string) {
    const bytes = readFileSync(exported.filePath);
    assert.equal(exported.sha256, sha256(bytes));
    assert.equal(exported.bytes, bytes.length);
    const row = (await store.audit.list({ action: 'egress.released', entityId: docId })).find((r) => r.id === exported.auditId);
    assert.ok(row, 'the release is audited');
    assert.equal(row.entityType, 'document');
    assert.deepEqual(JSON.parse(row.details ?? '{}'), {
      doc_id: docId,
      destination: 'file',
      format,
      file_path: exported.filePath,
      sha256: sha256(bytes),
      bytes: bytes.length,
      redacted_by_type: exported.redactedByType,
    });
    for (const value of VALUES) assert.ok(!(row.details ?? '').includes(value), `the audit row does not hold ${value}`);
  }

  it('exports an RCA redacted as Markdown and PDF: no value survives, each release audited with the file’s SHA-256', async () => {
    const issue = await run<Issue>('trcaa.newIssue', { title: TITLE, severity: 'high', description: DESCRIPTION });
    const generated = await run<{ docId: string }>('trcaa.generateRca', { issueId: issue.id });
    const stored = await store.documents.get(generated.docId);
    assert.ok(stored);
    for (const value of VALUES) assert.ok(`${stored.title}\n${stored.contentMd}`.includes(value), `the stored RCA holds ${value}`);

    const mdPath = path.join(dir, 'rca.redacted.md');
    const md = await run<RedactedExport>('trcaa.exportDocumentRedactedMarkdown', { docId: generated.docId, filePath: mdPath });
    assert.equal(md.filePath, mdPath);
    const markdown = readFileSync(mdPath, 'utf8');
    for (const value of VALUES) assert.ok(!markdown.includes(value), `the Markdown does not hold ${value}`);
    // Placeholders are escaped in Markdown (\[Email\] reads as [Email]: bare, "[Email]: …" would be a link definition).
    for (const replacement of REPLACEMENTS) assert.ok(markdown.includes(replacement.replace(/[[\]]/g, '\\$&')), `the Markdown shows ${replacement}`);
    assert.ok(markdown.includes('RCA — db01 outage for \\[Email\\]'), 'the title is redacted too');
    assert.ok(md.redactedByType.Email !== undefined && md.redactedByType.Email >= 2, 'the title and the heading');
    for (const type of ['IPv4', 'Password', 'AWSAccessKey']) assert.ok((md.redactedByType[type] ?? 0) >= 1, `${type} counted`);
    await checkReleaseRow(generated.docId, md, 'markdown');

    const pdfPath = path.join(dir, 'rca.redacted.pdf');
    const pdf = await run<RedactedExport>('trcaa.exportDocumentRedactedPdf', { docId: generated.docId, filePath: pdfPath });
    assert.equal(readFileSync(pdfPath).subarray(0, 5).toString('latin1'), '%PDF-');
    const text = pdfText(pdfPath);
    for (const value of VALUES) assert.ok(!text.includes(value), `the PDF does not show ${value}`);
    for (const replacement of REPLACEMENTS) assert.ok(text.includes(replacement), `the PDF shows ${replacement}`);
    assert.equal(pdfTitle(pdfPath), 'RCA — db01 outage for [Email]', 'the PDF’s metadata title is redacted');
    assert.deepEqual(pdf.redactedByType, md.redactedByType);
    await checkReleaseRow(generated.docId, pdf, 'pdf');
    assert.deepEqual(readdirSync(dir).sort(), ['rca.redacted.md', 'rca.redacted.pdf'], 'no temporary file is left behind');

    // Each export: one document_exported event marked redacted, with its audit row.
    const exported = (await store.timeline.list(issue.id)).filter((e) => e.eventType === 'document_exported');
    assert.deepEqual(exported.map((e) => e.id), [md.eventId, pdf.eventId]);
    assert.deepEqual(exported.map((e) => e.metadata), [
      { format: 'markdown', file_path: mdPath, doc_id: generated.docId, redacted: true },
      { format: 'pdf', file_path: pdfPath, doc_id: generated.docId, redacted: true },
    ]);
    const audit = await store.audit.list({ action: 'timeline.document_exported', entityId: issue.id });
    for (const event of exported) {
      const rows = audit.filter((row) => (JSON.parse(row.details ?? '{}') as { event_id?: string }).event_id === event.id);
      assert.deepEqual(rows.map((row) => JSON.parse(row.details ?? '{}')), [{ event_id: event.id, ...event.metadata }]);
    }
  });

  it('exports a document without personal data as it is, audited with empty counts', async () => {
    const issue = await run<Issue>('trcaa.newIssue', { title: 'Slow disk', severity: 'low' });
    const doc = await store.documents.create(issue.id, { docType: 'postmortem', title: 'Post-mortem — slow disk', contentMd: '# Post-mortem\n\nThe disk was slow.\n' });
    const mdPath = path.join(dir, 'clean.md');
    const exported = await run<RedactedExport>('trcaa.exportDocumentRedactedMarkdown', { docId: doc.id, filePath: mdPath });
    assert.equal(readFileSync(mdPath, 'utf8'), doc.contentMd);
    assert.deepEqual(exported.redactedByType, {});
    await checkReleaseRow(doc.id, exported, 'markdown');
  });

  it('refuses a document that no longer exists, writing no file', async () => {
    const issue = await run<Issue>('trcaa.newIssue', { title: 'Gone', severity: 'low' });
    const doc = await store.documents.create(issue.id, { docType: 'rca', title: 'RCA — gone', contentMd: '# RCA\n' });
    await store.documents.delete(doc.id);
    const gonePath = path.join(dir, 'gone.md');
    await assert.rejects(run('trcaa.exportDocumentRedactedMarkdown', { docId: doc.id, filePath: gonePath }), /No document/);
    assert.ok(!readdirSync(dir).includes('gone.md'));
  });
});
