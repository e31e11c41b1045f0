// Review of PII spans: decisions one by one and per type, spans marked by hand, approval and its withdrawal.
import * as assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { newId } from '../../../../src/storage/ids';
import { MAX_MANUAL_SPAN } from '../../../../src/storage/repositories/piiSpans';
import { failsWith } from '../repositories/attachmentTestStore';
import { spanAt, usePiiStore } from './piiTestStore';

const TEXT = 'login alice@example.com from 10.0.0.1\nmail bob@example.org via 10.0.0.2\n';

describe('PII review: decisions', () => {
  const ctx = usePiiStore();

  const withSpans = () => {
    const t = ctx();
    const logId = t.attach(TEXT);
    const spans = t.store.piiSpans.replaceForLog(logId, [
      spanAt(TEXT, 'Email', 'alice@example.com'),
      spanAt(TEXT, 'IPv4', '10.0.0.1'),
      spanAt(TEXT, 'Email', 'bob@example.org'),
      spanAt(TEXT, 'IPv4', '10.0.0.2'),
    ]);
    return { ...t, logId, spans };
  };

  it('new spans are pending; a decision given to replaceForLog is stored', () => {
    const { store, logId, spans } = withSpans();
    assert.ok(spans.every((s) => s.decision === 'pending'));
    store.piiSpans.replaceForLog(logId, [spanAt(TEXT, 'Email', 'alice@example.com', 'keep'), spanAt(TEXT, 'IPv4', '10.0.0.1', 'redact')]);
    assert.deepEqual(store.piiSpans.listForLog(logId).map((s) => s.decision), ['keep', 'redact']);
  });

  it('setDecision updates the spans and audits counts, never the values', () => {
    const { store, logId, spans, audits } = withSpans();
    const [alice, ip1] = spans;
    const updated = store.piiSpans.setDecision([alice!.id, ip1!.id], 'keep');
    assert.deepEqual(updated.map((s) => [s.originalValue, s.decision]), [['alice@example.com', 'keep'], ['10.0.0.1', 'keep']]);
    assert.deepEqual(store.piiSpans.listForLog(logId).map((s) => s.decision), ['keep', 'keep', 'pending', 'pending']);
    const [row] = audits('pii.decision', logId);
    assert.deepEqual(row?.details, { decision: 'keep', count: 2, by_type: { Email: 1, IPv4: 1 } });
    assert.ok(!JSON.stringify(store.audit.list()).includes('alice@example.com'), 'no original value in the audit log');

    // The same decision again changes nothing and records nothing.
    store.piiSpans.setDecision([alice!.id], 'keep');
    assert.equal(audits('pii.decision', logId).length, 1);
  });

  it('refuses unknown ids, bad decisions and empty lists, changing nothing', async () => {
    const { store, logId, spans } = withSpans();
    const before = store.piiSpans.listForLog(logId);
    const missing = await failsWith(() => store.piiSpans.setDecision([spans[0]!.id, 'no-such-span'], 'keep'), 'NOT_FOUND');
    assert.deepEqual(missing.details.missing, ['no-such-span']);
    await failsWith(() => store.piiSpans.setDecision([spans[0]!.id], 'maybe' as never), 'VALIDATION');
    await failsWith(() => store.piiSpans.setDecision([], 'keep'), 'VALIDATION');
    await failsWith(() => store.piiSpans.setDecisionForType(logId, 'Email', 'KEEP' as never), 'VALIDATION');
    await failsWith(() => store.piiSpans.setDecisionForType(newId(), 'Email', 'keep'), 'NOT_FOUND');
    assert.deepEqual(store.piiSpans.listForLog(logId), before);
  });

  it('setDecisionForType decides every span of a type and returns how many changed', () => {
    const { store, logId } = withSpans();
    assert.equal(store.piiSpans.setDecisionForType(logId, 'IPv4', 'keep'), 2);
    assert.equal(store.piiSpans.setDecisionForType(logId, 'IPv4', 'keep'), 0);
    assert.equal(store.piiSpans.setDecisionForType(logId, 'Phone', 'keep'), 0);
    assert.deepEqual(store.piiSpans.listForLog(logId).map((s) => `${s.piiType}:${s.decision}`), ['Email:pending', 'IPv4:keep', 'Email:pending', 'IPv4:keep']);
  });

  it('countsForIssue gives every log of the issue its counts by type, pending and kept (in one call)', () => {
    const { store, logId, spans, attach, issueId } = withSpans();
    store.piiSpans.setDecision([spans[1]!.id], 'keep');
    store.piiSpans.setDecision([spans[0]!.id], 'redact');
    const empty = attach('nothing to see here\n', 'empty.log');
    const counts = store.piiSpans.countsForIssue(issueId);
    assert.deepEqual(counts[logId], { byType: { Email: 2, IPv4: 2 }, pending: 2, kept: 1, scanned: true });
    assert.deepEqual(counts[empty], { byType: {}, pending: 0, kept: 0, scanned: true });
    assert.deepEqual(Object.keys(counts).sort(), [logId, empty].sort());
    assert.deepEqual(store.piiSpans.countsForIssue(newId()), {});
  });

  it('countsForIssue tells a log TRCAA never scanned (a desktop import marked redacted) from a scanned one', () => {
    const { db, store, issueId } = withSpans();
    const imported = newId();
    db.exec(
      `INSERT INTO log_files(id, issue_id, file_name, file_path, file_size, uploaded_at, redacted, content_compressed)
       VALUES (?, ?, 'desktop.log', '/var/log/desktop.log', 5, '2026-01-01 00:00:00', 1, ?)`,
      [imported, issueId, gzipSync(Buffer.from('hello'))],
    );
    assert.deepEqual(store.piiSpans.countsForIssue(issueId)[imported], { byType: {}, pending: 0, kept: 0, scanned: false });
  });
});

describe('PII review: approval', () => {
  const ctx = usePiiStore();

  const attached = () => {
    const t = ctx();
    const logId = t.attach(TEXT);
    const spans = t.store.piiSpans.replaceForLog(logId, [spanAt(TEXT, 'Email', 'alice@example.com'), spanAt(TEXT, 'IPv4', '10.0.0.1'), spanAt(TEXT, 'Email', 'bob@example.org')]);
    return { ...t, logId, spans };
  };

  it('approveRedaction: pending becomes redact, keep stays, redacted = 1, audited with counts', () => {
    const { store, logId, spans, audits } = attached();
    store.piiSpans.setDecision([spans[1]!.id], 'keep');
    const log = store.logFiles.approveRedaction(logId);
    assert.equal(log.redacted, true);
    assert.equal(store.logFiles.get(logId)?.redacted, true);
    assert.deepEqual(store.piiSpans.listForLog(logId).map((s) => s.decision), ['redact', 'keep', 'redact']);
    assert.deepEqual(audits('log.redaction_approved', logId)[0]?.details, { redacted: 2, kept: 1, by_type: { Email: 2 } });
    assert.equal(store.audit.verify().ok, true);
  });

  it('a changed decision withdraws the approval (audited with the reason); the same decision does not', () => {
    const { store, logId, spans, audits } = attached();
    store.logFiles.approveRedaction(logId);
    store.piiSpans.setDecision([spans[0]!.id], 'redact'); // already redact after the approval
    assert.equal(store.logFiles.get(logId)?.redacted, true);

    store.piiSpans.setDecision([spans[0]!.id], 'keep');
    assert.equal(store.logFiles.get(logId)?.redacted, false);
    assert.equal(audits('log.redaction_revoked', logId)[0]?.details.reason, 'decision_changed');

    store.logFiles.approveRedaction(logId);
    assert.equal(store.piiSpans.setDecisionForType(logId, 'Email', 'redact'), 1);
    assert.equal(store.logFiles.get(logId)?.redacted, false, 'per type too');
    assert.equal(audits('log.redaction_revoked', logId).length, 2);
  });

  it('setRedacted(false) withdraws, setRedacted(true) approves like approveRedaction', () => {
    const { store, logId } = attached();
    assert.equal(store.logFiles.setRedacted(logId, true).redacted, true);
    assert.ok(store.piiSpans.listForLog(logId).every((s) => s.decision === 'redact'));
    assert.equal(store.logFiles.setRedacted(logId, false).redacted, false);
  });

  it('refuses an unknown log, and a log that was never scanned (attached before PII scanning)', async () => {
    const { store, db, issueId } = attached();
    await failsWith(() => store.logFiles.approveRedaction(newId()), 'NOT_FOUND');
    await failsWith(() => store.logFiles.approveRedaction(''), 'VALIDATION');
    const legacy = newId();
    db.exec("INSERT INTO log_files(id, issue_id, file_name, file_path, file_size, uploaded_at, content_compressed) VALUES (?, ?, 'old.log', '/old.log', 20, '2026-01-01 00:00:00', ?)", [
      legacy,
      issueId,
      gzipSync(Buffer.from('carol@example.net hi')),
    ]);
    const refused = await failsWith(() => store.logFiles.approveRedaction(legacy), 'NOT_SCANNED');
    assert.match(refused.message, /old\.log/);
    assert.equal(store.logFiles.get(legacy)?.redacted, false);
    const report = await store.piiSpans.scanLog(legacy);
    assert.deepEqual(report.countsByType, { Email: 1 });
    assert.equal(store.logFiles.approveRedaction(legacy).redacted, true);
  });
});

describe('PII review: spans marked by hand', () => {
  const ctx = usePiiStore();

  it('addManual reads the value from the stored text: Manual, [Redacted], redact; audited without the value', async () => {
    const { store, attach, audits } = ctx();
    const text = 'order 4711 for customer Carol Danvers shipped 🚀 today\n';
    const logId = attach(text);
    const start = text.indexOf('Carol');
    const span = await store.piiSpans.addManual(logId, start, start + 'Carol Danvers'.length);
    assert.deepEqual(
      { type: span.piiType, value: span.originalValue, replacement: span.replacement, decision: span.decision },
      { type: 'Manual', value: 'Carol Danvers', replacement: '[Redacted]', decision: 'redact' },
    );
    // UTF-16 offsets: the rocket is two code units.
    const rocket = text.indexOf('🚀');
    assert.equal((await store.piiSpans.addManual(logId, rocket, rocket + 2)).originalValue, '🚀');
    assert.equal((await store.piiSpans.addManual(logId, text.length - 1, text.length)).originalValue, '\n');
    assert.ok(store.piiSpans.listForLog(logId).some((s) => s.id === span.id));
    assert.ok(!JSON.stringify(audits('pii.manual_added')).includes('Carol'));
    // The same range again returns the span, not a second one.
    assert.equal((await store.piiSpans.addManual(logId, start, start + 13)).id, span.id);
  });

  it('refuses bad ranges and unknown logs, storing nothing', async () => {
    const { store, attach } = ctx();
    const text = 'short log\n';
    const logId = attach(text);
    const before = store.piiSpans.listForLog(logId);
    for (const [start, end] of [
      [-1, 3],
      [3, 3],
      [5, 2],
      [0, text.length + 1],
      [text.length, text.length + 1],
      [1.5, 3],
      [0, MAX_MANUAL_SPAN + 1],
    ] as const) {
      await failsWith(() => store.piiSpans.addManual(logId, start, end), 'INVALID_RANGE');
    }
    await failsWith(() => store.piiSpans.addManual(newId(), 0, 1), 'NOT_FOUND');
    assert.deepEqual(store.piiSpans.listForLog(logId), before);
  });

  it('withdraws an approval, and reads a range near the end of a large log', async () => {
    const { store, attach, audits } = ctx();
    const filler = 'x'.repeat(99) + '\n';
    const text = `${filler.repeat(30_000)}secret-project-name\n`;
    const logId = attach(text);
    store.logFiles.approveRedaction(logId);
    const start = text.indexOf('secret-project-name');
    const span = await store.piiSpans.addManual(logId, start, start + 19);
    assert.equal(span.originalValue, 'secret-project-name');
    assert.equal(store.logFiles.get(logId)?.redacted, false);
    assert.equal(audits('log.redaction_revoked', logId)[0]?.details.reason, 'manual_span_added');
  });
});
