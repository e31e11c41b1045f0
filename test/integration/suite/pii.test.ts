// PII review inside a real VS Code: attach a log with known PII → spans stored → the stored copy opens with a
// decoration on exactly each value → decide spans through the commands → approve → the redacted view and the
// export hold none of the redacted values, and the audit row's SHA-256 is the exported file's. The detector grows
// during the project: the expected spans are what it finds at run time, but e-mail addresses are required.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AttachSummary } from '../../../src/views/attachments/attachLog';
import { treeRow } from './issueTree';
import { createDetector } from '../../../src/core/pii/detector';
import type { PiiType } from '../../../src/core/pii/types';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import type { AppliedDecoration } from '../../../src/views/pii/decorations';
import { until } from './until';
import { scriptUi } from './ui';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const EMAILS = ['alice.martin@example.com', 'bob.nguyen@example.org', 'carol.diaz@example.net', 'dmitri.ivanov@example.com'];

/** A log with e-mails and other kinds of values the detector may know (or learn) to find. */
const LOG = [
  `2026-11-28T10:00:00Z INFO  login ok for ${EMAILS[0]} from 203.0.113.7`,
  `2026-11-28T10:00:01Z WARN  card rejected: 4111 1111 1111 1111 for ${EMAILS[1]}`,
  '2026-11-28T10:00:02Z INFO  deploy by ci using AKIAIOSFODNN7EXAMPLE (build 2.13.4, sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b)',
  `2026-11-28T10:00:03Z ERROR charge failed for ${EMAILS[2]}: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U`,
  `2026-11-28T10:00:04Z INFO  refund queued for ${EMAILS[3]} port=8443 request 123e4567-e89b-12d3-a456-426614174000`,
  '',
].join('\n');

describe('PII review in the editor', function () {
  this.timeout(180_000);
  let api: TestApi;
  let pii: Awaited<ReturnType<TestApi['pii']>>;
  let store: RemoteStore;
  let issueId: string;
  let dir: string;
  let outside: string;
  const attach = (files: string[]) => vscode.commands.executeCommand<AttachSummary>('trcaa.attachLog', { issueId, files });
  const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(command, ...args);

  /** What the detector finds in `text` with the settings attach uses. */
  const expected = (text: string) => {
    const enabledTypes = vscode.workspace.getConfiguration('trcaa.pii').get<PiiType[]>('enabledTypes');
    return createDetector(enabledTypes ? { enabledTypes } : {}).detect(text);
  };

  /** Attaches `text` as `name`, deletes the workspace file (so nothing but the stored copy can open). */
  async function attachText(name: string, text: string | Buffer) {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    const summary = await attach([file]);
    const outcome = summary.outcomes[0];
    assert.equal(outcome?.status, 'attached', outcome?.message);
    return { id: outcome.logFile?.id ?? '', file, outcome };
  }

  /** Opens the log for review and waits until its decorations are drawn. */
  async function openForReview(logId: string, count: number) {
    const uri = await run<vscode.Uri>('trcaa.openLog', logId);
    assert.equal(uri.scheme, 'trcaa-log', 'a log with spans opens as its stored copy');
    const editor = await until('the stored log in the editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()));
    const applied = await until('the decorations', () => {
      const drawn = pii.decorations.applied.get(uri.toString());
      return drawn && drawn.length === count ? drawn : undefined;
    });
    return { uri, editor, applied };
  }

  const rangeText = (document: vscode.TextDocument, d: AppliedDecoration) =>
    document.getText(new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character));

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    api = (await extension.activate()) as TestApi;
    pii = await api.pii();
    store = await api.store();
    issueId = (await store.issues.create({ title: 'Payments leak PII', severity: 'high' })).id;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the demo workspace is open');
    dir = path.join(root, 'pii-test');
    mkdirSync(dir, { recursive: true });
    outside = mkdtempSync(path.join(os.tmpdir(), 'trcaa-pii-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('trcaa.pii').update('customPatterns', undefined, vscode.ConfigurationTarget.Global);
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('attach → spans stored (what the detector finds, e-mails required) → the stored copy shows a decoration on exactly each value', async () => {
    const { id, outcome } = await attachText('checkout.log', LOG);
    const spans = await store.piiSpans.listForLog(id);
    const want = expected(LOG);
    assert.deepEqual(
      spans.map((s) => [s.piiType, s.startOffset, s.endOffset]),
      want.map((s) => [s.type, s.start, s.end]),
      'the stored spans are the detector’s',
    );
    for (const email of EMAILS) assert.ok(spans.some((s) => s.piiType === 'Email' && s.originalValue === email), `${email} was found`);
    for (const s of spans) {
      assert.equal(LOG.slice(s.startOffset, s.endOffset), s.originalValue);
      assert.equal(s.decision, 'pending');
    }
    assert.equal(outcome.pii?.countsByType.Email, EMAILS.length, 'the attach reports what it found');

    const { editor, applied } = await openForReview(id, spans.length);
    for (const d of applied) {
      const span = spans.find((s) => s.id === d.spanId);
      assert.ok(span);
      assert.equal(rangeText(editor.document, d), span.originalValue, `${d.piiType} decorated exactly`);
      assert.equal(d.decision, 'pending');
    }

    // The hover names the type and its replacement, with command links trusted for our commands only.
    const email = applied.find((d) => d.piiType === 'Email') as AppliedDecoration;
    const inside = new vscode.Position(email.range.start.line, email.range.start.character + 2);
    const hovers = await run<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, inside);
    const markdown = hovers.flatMap((h) => h.contents).map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c))).join('\n');
    assert.match(markdown, /\[Email\]/);
    assert.match(markdown, /command:trcaa\.pii\.acceptSpan\?/);
    assert.ok(!markdown.includes(EMAILS[0] as string), 'the hover never repeats the original value');

    // Quick fixes on the span, and the CodeLens at the top.
    const actions = await run<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(inside, inside));
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Redact this [Email]'), JSON.stringify(titles));
    assert.ok(titles.some((t) => /^Keep all \d+ \[Email\] in this log$/.test(t)), JSON.stringify(titles));
    const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const lensTitles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(lensTitles.some((t) => t.includes(`${spans.length} PII spans · ${spans.length} pending`)), JSON.stringify(lensTitles));
    assert.ok(lensTitles.some((t) => t.includes('Approve Redaction')));
  });

  it('a UTF-16LE log with its BOM: spans at its UTF-8 twin’s offsets, decorated exactly, exported redacted as UTF-8; without a BOM it is refused', async () => {
    const text = `\uFEFF${LOG}`;
    const { id } = await attachText('wide-utf16.log', Buffer.from(text, 'utf16le'));
    const spans = await store.piiSpans.listForLog(id);
    assert.deepEqual(
      spans.map((s) => [s.piiType, s.startOffset, s.endOffset, s.originalValue]),
      expected(text).map((s) => [s.type, s.start, s.end, s.value]),
    );
    for (const email of EMAILS) assert.ok(spans.some((s) => s.originalValue === email), `${email} was found`);
    const { editor, applied } = await openForReview(id, spans.length);
    assert.equal(editor.document.getText(), LOG, 'the stored copy reads as its text, not as bytes');
    for (const d of applied) assert.equal(rangeText(editor.document, d), spans.find((s) => s.id === d.spanId)?.originalValue, `${d.piiType} decorated exactly`);

    await run('trcaa.pii.approveRedaction', id);
    const file = path.join(outside, 'wide-utf16.redacted.log');
    const result = await run<{ sha256: string }>('trcaa.pii.exportRedactedLog', { logId: id, filePath: file });
    const bytes = readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'released as UTF-8, the BOM with it');
    const exported = bytes.toString('utf8');
    for (const s of spans) assert.ok(!exported.includes(s.originalValue), `the export hides the ${s.piiType}`);
    assert.match(exported, /login ok for \[Email\]/);
    assert.equal(result.sha256, sha256(bytes));

    const noBom = path.join(dir, 'wide-nobom.log');
    writeFileSync(noBom, Buffer.from(LOG, 'utf16le'));
    const refused = (await attach([noBom])).outcomes[0];
    assert.equal(refused?.status, 'refused');
    assert.equal(refused?.code, 'UNSUPPORTED_ENCODING');
    assert.match(refused?.message ?? '', /encoding cannot be told/);
  });

  it('accept one, keep one, approve → redacted = 1; the redacted view and the export hold no redacted value, the audit hash is the file’s', async () => {
    const { id } = await attachText('approve.log', `${LOG}2026-11-28T10:00:05Z INFO  approval run\n`);
    const spans = await store.piiSpans.listForLog(id);
    const [accepted, kept] = spans.filter((s) => s.piiType === 'Email');
    assert.ok(accepted && kept);
    const { uri } = await openForReview(id, spans.length);

    await run('trcaa.pii.acceptSpan', { logId: id, spanIds: [accepted.id] });
    await run('trcaa.pii.keepSpan', { logId: id, spanIds: [kept.id] });
    const decided = await until('the decisions drawn', () => {
      const drawn = pii.decorations.applied.get(uri.toString());
      return drawn?.find((d) => d.spanId === kept.id)?.decision === 'keep' ? drawn : undefined;
    });
    assert.equal(decided.find((d) => d.spanId === accepted.id)?.decision, 'redact');
    const afterDecisions = await store.piiSpans.listForLog(id);
    assert.equal(afterDecisions.find((s) => s.id === accepted.id)?.decision, 'redact');
    assert.equal(afterDecisions.find((s) => s.id === kept.id)?.decision, 'keep');

    // The tree row: pending count and types before approval.
    const leafBefore = await logLeaf(id);
    assert.equal(leafBefore.icon, 'shield');
    assert.match(leafBefore.description ?? '', new RegExp(`${spans.length - 2} pending`));
    assert.match(leafBefore.description ?? '', /\d+ Email/);

    const log = await run<{ redacted: boolean }>('trcaa.pii.approveRedaction', id);
    assert.equal(log.redacted, true);
    assert.equal((await store.logFiles.get(id))?.redacted, true);
    const leafAfter = await logLeaf(id);
    assert.equal(leafAfter.icon, 'pass-filled');
    assert.match(leafAfter.description ?? '', /✓ approved/);

    const redactedValues = spans.filter((s) => s.id !== kept.id).map((s) => s.originalValue);
    const redactedUri = await run<vscode.Uri>('trcaa.pii.openRedactedView', id);
    assert.equal(redactedUri.scheme, 'trcaa-redacted');
    const view = (await vscode.workspace.openTextDocument(redactedUri)).getText();
    for (const value of redactedValues) assert.ok(!view.includes(value), `the redacted view hides ${spans.find((s) => s.originalValue === value)?.piiType}`);
    assert.ok(view.includes(kept.originalValue), 'the kept value stays');
    assert.ok(view.includes('[Email]'));

    const file = path.join(outside, 'approve.redacted.log');
    const result = await run<{ sha256: string; auditId: string }>('trcaa.pii.exportRedactedLog', { logId: id, filePath: file });
    const bytes = readFileSync(file);
    const exported = bytes.toString('utf8');
    for (const value of redactedValues) assert.ok(!exported.includes(value), 'the export hides every redacted value');
    assert.ok(exported.includes(kept.originalValue));
    assert.equal(exported, view, 'the export is the redacted view');
    const audit = (await store.audit.list({ action: 'egress.released', entityId: id })).find((a) => a.id === result.auditId);
    assert.ok(audit, 'an egress.released audit row');
    const details = JSON.parse(audit.details ?? '{}') as { sha256?: string; log_ids?: string[] };
    assert.equal(details.sha256, sha256(bytes), 'the audit row’s SHA-256 is the exported bytes’');
    assert.equal(result.sha256, sha256(bytes));
    assert.deepEqual(details.log_ids, [id]);

    // Revoked, the log is back to needing a review, and the gate refuses it without a confirmation.
    assert.equal((await run<{ redacted: boolean }>('trcaa.pii.revokeApproval', id)).redacted, false);
    assert.equal((await logLeaf(id)).icon, 'shield');
    const ui = scriptUi(api, [[/its redaction is not approved/, undefined]]);
    assert.equal(await Promise.resolve(run('trcaa.pii.copyRedacted', { logId: id })).finally(() => ui.restore()), undefined, 'dismissed: nothing copied');
    assert.equal(ui.asked.length, 1, 'the modal asked');
  });

  it('export of an unapproved log: the modal dismissed, nothing leaves; "Export Anyway", it is released and audited', async () => {
    const { id } = await attachText('unapproved.log', `user ${EMAILS[0]} paid\n`);
    const file = path.join(outside, 'unapproved.redacted.log');
    const auditBefore = (await store.audit.list({ action: 'egress.released', entityId: id })).length;
    const dismissed = scriptUi(api, [[/unapproved\.log: its redaction is not approved/, undefined]]);
    assert.equal(await Promise.resolve(run('trcaa.pii.exportRedactedLog', { logId: id, filePath: file })).finally(() => dismissed.restore()), undefined);
    assert.equal(dismissed.asked.length, 1, 'the modal asked');
    assert.ok(!existsSync(file), 'nothing was written');
    assert.equal((await store.audit.list({ action: 'egress.released', entityId: id })).length, auditBefore, 'nothing was released');

    const confirmed = scriptUi(api, [[/unapproved\.log: its redaction is not approved/, 'Export Anyway']]);
    const released = await Promise.resolve(run<{ sha256: string }>('trcaa.pii.exportRedactedLog', { logId: id, filePath: file })).finally(() => confirmed.restore());
    assert.equal(readFileSync(file, 'utf8'), 'user [Email] paid\n', 'pending spans are redacted');
    assert.equal(released.sha256, sha256(readFileSync(file)));
  });

  it('Copy Redacted releases through the gate: the clipboard holds the redacted text, audited with its hash', async () => {
    const { id } = await attachText('copy.log', `copy for ${EMAILS[1]} done\n`);
    await run('trcaa.pii.approveRedaction', id);
    const released = await run<{ sha256: string; auditId: string }>('trcaa.pii.copyRedacted', { logId: id });
    const expectedText = 'copy for [Email] done\n';
    assert.equal(released.sha256, sha256(Buffer.from(expectedText)));
    assert.equal(await vscode.env.clipboard.readText(), expectedText);
    const audit = (await store.audit.list({ action: 'egress.released', entityId: id })).find((a) => a.id === released.auditId);
    assert.match(audit?.details ?? '', /"destination":"clipboard"/);
  });

  it('a log over 50 MB: only the excerpt shown is decorated, below its note', async () => {
    const line = '2026-11-28T16:00:00Z INFO payments-service request handled in 12 ms order=000000\n';
    const head = `first ${EMAILS[0]}\n`;
    const body = line.repeat(Math.ceil((52 * 1024 * 1024) / line.length));
    const { id } = await attachText('huge-pii.log', `${head}${body}last ${EMAILS[1]}\n`);
    const spans = await store.piiSpans.listForLog(id);
    assert.deepEqual(spans.filter((s) => s.piiType === 'Email').map((s) => s.originalValue), [EMAILS[0], EMAILS[1]]);
    const { editor, applied } = await openForReview(id, spans.filter((s) => s.startOffset < 48 * 1024 * 1024).length);
    assert.match(editor.document.lineAt(0).text, /huge-pii\.log is .*first 48\.0 MB only/);
    const first = applied.find((d) => d.piiType === 'Email');
    assert.equal(first?.range.start.line, 2, 'the log starts below the two lines of the note');
    assert.equal(first && rangeText(editor.document, first), EMAILS[0]);
    assert.ok(!applied.some((d) => spans.find((s) => s.id === d.spanId)?.originalValue === EMAILS[1]), 'nothing past the excerpt');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('keeps offsets exact with a BOM, mixed line endings and non-ASCII text', async () => {
    const text = `\uFEFFnaïve ${EMAILS[0]}\r\nsecond 😀 ${EMAILS[1]}\nthird\r${EMAILS[2]} end\n`;
    const { id } = await attachText('bom-mixed.log', Buffer.from(text, 'utf8'));
    const spans = (await store.piiSpans.listForLog(id)).filter((s) => s.piiType === 'Email');
    assert.equal(spans.length, 3);
    for (const s of spans) assert.equal(text.slice(s.startOffset, s.endOffset), s.originalValue);
    const all = await store.piiSpans.listForLog(id);
    const { editor, applied } = await openForReview(id, all.length);
    for (const d of applied) assert.equal(rangeText(editor.document, d), all.find((s) => s.id === d.spanId)?.originalValue);
    // Next / Previous PII Span select each value in turn, wrapping around.
    await vscode.window.showTextDocument(editor.document);
    const selected = async (command: string) => {
      const id = await run<string>(command);
      return [all.find((s) => s.id === id)?.originalValue, vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection)];
    };
    assert.deepEqual(await selected('trcaa.pii.nextSpan'), [all[0]?.originalValue, all[0]?.originalValue]);
    assert.deepEqual(await selected('trcaa.pii.nextSpan'), [all[1]?.originalValue, all[1]?.originalValue]);
    assert.deepEqual(await selected('trcaa.pii.previousSpan'), [all[0]?.originalValue, all[0]?.originalValue]);
    assert.deepEqual(await selected('trcaa.pii.previousSpan'), [all.at(-1)?.originalValue, all.at(-1)?.originalValue]);
  });

  it('Redact Selection adds a manual span; Keep All / Redact All of a type decide every span of it', async () => {
    const { id } = await attachText('manual.log', `order 8812 for ${EMAILS[0]} and ${EMAILS[1]}\n`);
    const manual = await run<{ piiType: string; startOffset: number; endOffset: number }[]>('trcaa.pii.redactSelection', { logId: id, start: 6, end: 10 });
    assert.equal(manual[0]?.piiType, 'Manual');
    const spans = await store.piiSpans.listForLog(id);
    assert.ok(spans.some((s) => s.piiType === 'Manual' && s.originalValue === '8812'));
    assert.equal(await run<number>('trcaa.pii.keepAllOfType', { logId: id, piiType: 'Email' }), 2);
    assert.ok((await store.piiSpans.listForLog(id)).filter((s) => s.piiType === 'Email').every((s) => s.decision === 'keep'));
    assert.equal(await run<number>('trcaa.pii.acceptAllOfType', { logId: id, piiType: 'Email' }), 2);
    const text = await readRedacted(id);
    assert.equal(text, 'order [Redacted] for [Email] and [Email]\n');
  });

  it('PII Quick Fix (Ctrl+. in the read-only stored copy) offers the span\'s decisions and stores the one picked', async () => {
    const { id } = await attachText('quickfix.log', `login by ${EMAILS[2]} ok\n`);
    const { editor, applied } = await openForReview(id, 1);
    const span = applied[0];
    assert.ok(span);
    // The stored copy is read-only, where VS Code computes no code actions: Ctrl+. runs our command instead.
    assert.equal(vscode.workspace.fs.isWritableFileSystem('trcaa-log'), false);
    editor.selection = new vscode.Selection(span.range.start.line, span.range.start.character + 2, span.range.start.line, span.range.start.character + 2);
    let offered: string[] = [];
    const ui = scriptUi(api, [[/PII Quick Fix/, (items) => ((offered = items.map((i) => String((i as { label: string }).label))), items.find((i) => /Keep original/.test((i as { label: string }).label)))]]);
    const ran = await Promise.resolve(run<string>('trcaa.pii.quickFix')).finally(() => ui.restore());
    assert.equal(ran, 'trcaa.pii.keepSpan');
    assert.ok(offered.some((label) => /Redact this \[Email\]/.test(label)), offered.join(' | '));
    assert.ok(offered.some((label) => /Keep all 1 \[Email\] in this log/.test(label)), offered.join(' | '));
    assert.equal((await store.piiSpans.listForLog(id))[0]?.decision, 'keep');
    await until('the decoration to follow', () => (pii.decorations.applied.get(editor.document.uri.toString())?.[0]?.decision === 'keep' ? true : undefined));
    // Off any span it says so, and changes nothing.
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const nothing = scriptUi(api, [[/no PII span under the cursor/, undefined]]);
    assert.equal(await Promise.resolve(run('trcaa.pii.quickFix')).finally(() => nothing.restore()), undefined);
    assert.equal(nothing.asked.length, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the attach notification offers Review PII and Open Log; Review PII opens the stored copy', async () => {
    const file = path.join(dir, 'notified.log');
    writeFileSync(file, `reset for ${EMAILS[1]}\n`);
    let buttons: string[] = [];
    const ui = scriptUi(api, [[/^TRCAA: Attached notified\.log\./, (items) => ((buttons = items.map(String)), 'Review PII')]]);
    try {
      const summary = await attach([file]);
      const id = summary.outcomes[0]?.logFile?.id ?? '';
      assert.deepEqual(buttons, ['Review PII', 'Open Log']);
      const editor = await until('the stored copy, opened by Review PII', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'trcaa-log' && new URLSearchParams(e.document.uri.query).get('id') === id));
      assert.ok(editor.document.getText().includes('reset for'));
    } finally {
      ui.restore();
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('rescan reads the settings; an invalid custom pattern is reported by name and the scan still happens', async function () {
    if (createDetector({ customPatterns: [{ name: 'Probe', pattern: '(' }] }).problems.length === 0) this.skip(); // the detector has no custom patterns yet
    const { id } = await attachText('rescan.log', `ticket EMP-123456 from ${EMAILS[3]}\n`);
    await vscode.workspace.getConfiguration('trcaa.pii').update(
      'customPatterns',
      [
        { name: 'EmployeeId', pattern: 'EMP-\\d{6}' },
        { name: 'Broken', pattern: '(unclosed' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    const report = await run<{ countsByType: Record<string, number>; problems: { name: string }[] }>('trcaa.pii.rescanLog', id);
    assert.deepEqual(report.problems.map((p) => p.name), ['Broken']);
    assert.equal(report.countsByType.Email, 1, 'the scan went on');
    assert.equal(report.countsByType['Custom:EmployeeId'], 1);
    assert.ok((await store.piiSpans.listForLog(id)).some((s) => s.piiType === 'Custom:EmployeeId' && s.originalValue === 'EMP-123456'));
  });

  async function readRedacted(logId: string): Promise<string> {
    const uri = await run<vscode.Uri>('trcaa.pii.openRedactedView', logId);
    return (await vscode.workspace.openTextDocument(uri)).getText();
  }

  const logLeaf = (logId: string) => treeRow(issueId, (id) => id.endsWith(`:${logId}`), 'the log');
});
