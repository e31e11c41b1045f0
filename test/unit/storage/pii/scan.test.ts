// PII scans of stored logs: on attach (same transaction as the log), and again with scanLog, which keeps the
// review (decisions of spans found again, spans marked by hand) and streams the content with bounded memory.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { failsWith } from '../repositories/attachmentTestStore';
import { spanAt, usePiiStore } from './piiTestStore';

const MiB = 1024 * 1024;

describe('PII scan on attach', () => {
  const ctx = usePiiStore();

  it('insertContent scans a new log and returns the report; spans are stored with the log', () => {
    const { store, issueId, audits } = ctx();
    const text = 'user alice@example.com logged in\nuser bob@example.org logged out\n';
    const result = store.logFiles.insertContent(issueId, Buffer.from(text), { fileName: 'auth.log' });
    assert.deepEqual(result.pii, { spans: 2, countsByType: { Email: 2 }, problems: [] });
    const spans = store.piiSpans.listForLog(result.logFile.id);
    assert.deepEqual(spans.map((s) => [s.originalValue, s.replacement, s.decision]), [['alice@example.com', '[Email]', 'pending'], ['bob@example.org', '[Email]', 'pending']]);
    for (const s of spans) assert.equal(text.slice(s.startOffset, s.endOffset), s.originalValue);
    const [scanned] = audits('pii.scanned', result.logFile.id);
    assert.deepEqual(scanned?.details.by_type, { Email: 2 });
    assert.ok(!JSON.stringify(store.audit.list()).includes('alice@example.com'));

    // A duplicate is neither stored nor scanned again.
    const again = store.logFiles.insertContent(issueId, Buffer.from(text), { fileName: 'again.log' });
    assert.equal(again.duplicate, true);
    assert.equal(again.pii, undefined);
    assert.equal(audits('pii.scanned').length, 1);
  });

  it('insertFromFile scans in the same pass; detector options are validated and reach the scan', async () => {
    const { store, issueId, dir } = ctx();
    const file = path.join(dir, 'net.log');
    writeFileSync(file, 'peer 10.1.2.3 mail carol@example.net\n');
    const result = await store.logFiles.insertFromFile(issueId, file, {}, { pii: { enabledTypes: ['IPv4'], customPatterns: [{ name: 'broken', pattern: '(' }] } });
    assert.deepEqual(result.pii?.countsByType, { IPv4: 1 });
    assert.deepEqual(result.pii?.problems.map((p) => p.name), ['broken']);
    await failsWith(() => store.logFiles.insertFromFile(issueId, file, {}, { pii: { enabledTypes: ['NoSuchType' as never] } }), 'VALIDATION');
    await failsWith(() => store.logFiles.insertContent(issueId, Buffer.from('x'), { fileName: 'x.log' }, { pii: { customPatterns: [{ name: 'has space', pattern: 'a' }] } }), 'VALIDATION');
    assert.equal(store.logFiles.listForIssue(issueId).length, 1, 'refused attaches stored nothing');
  });

  it('finds a value cut by the 1 MiB window boundary in a 3 MiB log (attach and rescan alike)', async () => {
    const { store, issueId, dir } = ctx();
    const line = `${' '.repeat(79)}\n`;
    const value = 'boundary.person@example.com';
    let text = line.repeat(Math.ceil((3 * MiB) / line.length));
    const at = MiB - 10; // the value spans offset 1 MiB
    text = `${text.slice(0, at)}${value}${text.slice(at + value.length)}`;
    const second = 2 * MiB + 16 * 1024 - 5; // and one where the scanner's second window ends
    text = `${text.slice(0, second)}${value}${text.slice(second + value.length)}`;
    const file = path.join(dir, 'big.log');
    writeFileSync(file, text);
    const { logFile, pii } = await store.logFiles.insertFromFile(issueId, file);
    assert.equal(pii?.countsByType.Email, 2);
    const offsets = store.piiSpans.listForLog(logFile.id).map((s) => [s.startOffset, s.originalValue]);
    assert.deepEqual(offsets, [[at, value], [second, value]]);

    store.piiSpans.replaceForLog(logFile.id, []);
    const report = await store.piiSpans.scanLog(logFile.id);
    assert.equal(report.spans, 2);
    assert.deepEqual(store.piiSpans.listForLog(logFile.id).map((s) => [s.startOffset, s.originalValue]), offsets);
  });
});

describe('PII rescans (scanLog)', () => {
  const ctx = usePiiStore();
  const TEXT = 'a alice@example.com b bob@example.org c carol@example.net\n';

  it('keeps the decision of every span found again, keeps spans marked by hand, replaces the rest', async () => {
    const { store, attach, audits, db } = ctx();
    const logId = attach(TEXT);
    const [alice, bob] = store.piiSpans.listForLog(logId);
    store.piiSpans.setDecision([alice!.id], 'keep');
    store.piiSpans.setDecision([bob!.id], 'redact');
    const manual = await store.piiSpans.addManual(logId, 0, 1);
    // A span the detector will not find again (a stale result): it goes.
    db.exec("INSERT INTO pii_spans(id, log_file_id, pii_type, start_offset, end_offset, original_value, replacement) VALUES ('stale', ?, 'IPv4', 2, 7, 'alice', '[IPv4]')", [logId]);

    const report = await store.piiSpans.scanLog(logId);
    assert.deepEqual(report, { spans: 4, countsByType: { Email: 3, Manual: 1 }, problems: [] });
    const after = store.piiSpans.listForLog(logId);
    assert.deepEqual(after.map((s) => `${s.piiType}:${s.originalValue}:${s.decision}`), [
      'Manual:a:redact',
      'Email:alice@example.com:keep',
      'Email:bob@example.org:redact',
      'Email:carol@example.net:pending',
    ]);
    assert.equal(after[0]?.id, manual.id);
    assert.equal(audits('pii.scanned', logId)[0]?.details.changed, true);
  });

  it('an unchanged rescan keeps the approval; a changed one withdraws it', async () => {
    const { store, attach, audits } = ctx();
    const logId = attach(TEXT);
    store.logFiles.approveRedaction(logId);
    await store.piiSpans.scanLog(logId);
    assert.equal(store.logFiles.get(logId)?.redacted, true, 'same spans: still approved');
    assert.ok(store.piiSpans.listForLog(logId).every((s) => s.decision === 'redact'), 'decisions kept');

    // With fewer types enabled the set changes.
    const report = await store.piiSpans.scanLog(logId, { enabledTypes: ['IPv4'] });
    assert.equal(report.spans, 0);
    assert.equal(store.logFiles.get(logId)?.redacted, false);
    assert.equal(audits('log.redaction_revoked', logId)[0]?.details.reason, 'rescanned');
  });

  it('refuses an unknown log and bad options; a set cancel flag stops it with nothing changed', async () => {
    const { store, attach } = ctx();
    const logId = attach(TEXT);
    await failsWith(() => store.piiSpans.scanLog('no-such-log'), 'NOT_FOUND');
    await failsWith(() => store.piiSpans.scanLog(logId, { enabledTypes: 'Email' as never }), 'VALIDATION');
    await failsWith(() => store.piiSpans.scanLog(logId, { cancelFlag: [1] as never }), 'VALIDATION');
    const flag = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(flag, 0, 1);
    store.piiSpans.replaceForLog(logId, [spanAt(TEXT, 'Email', 'bob@example.org', 'keep')]);
    await failsWith(() => store.piiSpans.scanLog(logId, { cancelFlag: flag }), 'CANCELLED');
    assert.deepEqual(store.piiSpans.listForLog(logId).map((s) => s.originalValue), ['bob@example.org']);
  });
});
