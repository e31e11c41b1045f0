// Review by value: distinct values with counts, decisions per value, and the spans of a window of the text.
import * as assert from 'node:assert/strict';
import { newId } from '../../../../src/storage/ids';
import { failsWith } from '../repositories/attachmentTestStore';
import { usePiiStore } from './piiTestStore';

/** 10.0.0.7 three times, 10.0.0.8 twice, 10.0.0.9 once; two e-mails, one of them twice. */
const TEXT = [
  'GET / from 10.0.0.7 user alice@example.com',
  'GET /a from 10.0.0.8',
  'GET /b from 10.0.0.7 user bob@example.org',
  'GET /c from 10.0.0.9 user alice@example.com',
  'GET /d from 10.0.0.7',
  'GET /e from 10.0.0.8',
  '',
].join('\n');

describe('PII review by value', () => {
  const ctx = usePiiStore();
  const attached = () => {
    const t = ctx();
    return { ...t, logId: t.attach(TEXT) };
  };

  it('valueSummary counts occurrences per distinct value, most frequent first, with per-type totals', () => {
    const { store, logId } = attached();
    const summary = store.piiSpans.valueSummary(logId);
    assert.deepEqual(summary.types, [
      { piiType: 'Email', count: 3, values: 2, keep: 0, redact: 0, pending: 3 },
      { piiType: 'IPv4', count: 6, values: 3, keep: 0, redact: 0, pending: 6 },
    ]);
    assert.equal(summary.total, 5);
    assert.deepEqual(
      summary.values.map((v) => `${v.piiType}:${v.value}:${v.count}:${v.decision}`),
      ['IPv4:10.0.0.7:3:pending', 'Email:alice@example.com:2:pending', 'IPv4:10.0.0.8:2:pending', 'Email:bob@example.org:1:pending', 'IPv4:10.0.0.9:1:pending'],
    );
  });

  it('valueSummary pages and filters by type; total counts the filtered values', () => {
    const { store, logId } = attached();
    const page = store.piiSpans.valueSummary(logId, { piiType: 'IPv4', offset: 1, limit: 1 });
    assert.deepEqual(page.values.map((v) => v.value), ['10.0.0.8']);
    assert.equal(page.total, 3);
    assert.equal(page.types.length, 2, 'the per-type totals cover every type');
    assert.deepEqual(store.piiSpans.valueSummary(logId, { piiType: 'Phone' }).values, []);
  });

  it('setDecisionForValues decides every occurrence of the values, returns how many changed, and audits counts only', () => {
    const { store, logId, audits } = attached();
    assert.equal(store.piiSpans.setDecisionForValues(logId, [{ piiType: 'IPv4', value: '10.0.0.7' }, { piiType: 'Email', value: 'alice@example.com' }], 'keep'), 5);
    assert.equal(store.piiSpans.setDecisionForValues(logId, [{ piiType: 'IPv4', value: '10.0.0.7' }], 'keep'), 0, 'the same decision again changes nothing');
    assert.equal(store.piiSpans.setDecisionForValues(logId, [{ piiType: 'Email', value: '10.0.0.7' }, { piiType: 'IPv4', value: '192.0.2.1' }], 'keep'), 0, 'values the log does not hold are ignored');
    const kept = store.piiSpans.listForLog(logId).filter((s) => s.decision === 'keep').map((s) => s.originalValue);
    assert.deepEqual(kept, ['10.0.0.7', 'alice@example.com', '10.0.0.7', 'alice@example.com', '10.0.0.7']);
    const [row] = audits('pii.decision', logId);
    assert.deepEqual(row?.details, { decision: 'keep', count: 5, by_type: { Email: 2, IPv4: 3 }, values: 2 });
    assert.ok(!JSON.stringify(store.audit.list()).includes('10.0.0.7'), 'no value in the audit log');

    const summary = store.piiSpans.valueSummary(logId);
    assert.deepEqual(summary.types.find((t) => t.piiType === 'IPv4'), { piiType: 'IPv4', count: 6, values: 3, keep: 3, redact: 0, pending: 3 });
    assert.equal(summary.values.find((v) => v.value === '10.0.0.7')?.decision, 'keep');
  });

  it("a value whose occurrences were decided differently is 'mixed'", () => {
    const { store, logId } = attached();
    const first = store.piiSpans.listForLog(logId).find((s) => s.originalValue === '10.0.0.7');
    store.piiSpans.setDecision([first!.id], 'redact');
    assert.equal(store.piiSpans.valueSummary(logId).values.find((v) => v.value === '10.0.0.7')?.decision, 'mixed');
  });

  it('setDecisionForValues withdraws an approval; redacting pending values of an approved log changes nothing', () => {
    const { store, logId, audits } = attached();
    store.logFiles.approveRedaction(logId);
    assert.equal(store.piiSpans.setDecisionForValues(logId, [{ piiType: 'IPv4', value: '10.0.0.8' }], 'redact'), 0);
    assert.equal(store.logFiles.get(logId)?.redacted, true);
    assert.equal(store.piiSpans.setDecisionForValues(logId, [{ piiType: 'IPv4', value: '10.0.0.8' }], 'keep'), 2);
    assert.equal(store.logFiles.get(logId)?.redacted, false);
    assert.equal(audits('log.redaction_revoked', logId)[0]?.details.reason, 'decision_changed');
  });

  it('a value kept shows in the redacted text, every other value stays replaced', async () => {
    const { store, logId } = attached();
    store.piiSpans.setDecisionForValues(logId, [{ piiType: 'IPv4', value: '10.0.0.8' }], 'keep');
    let text = '';
    for await (const piece of store.logFiles.redactedText(logId)) text += piece;
    assert.equal(text.split('10.0.0.8').length - 1, 2);
    for (const value of ['10.0.0.7', '10.0.0.9', 'alice@example.com', 'bob@example.org']) assert.ok(!text.includes(value), value);
  });

  it('spansInRange returns the spans overlapping [start, end) in text order, those cut by the edges too', () => {
    const { store, logId } = attached();
    const all = store.piiSpans.listForLog(logId);
    const line2 = TEXT.indexOf('GET /b');
    const line3 = TEXT.indexOf('GET /c');
    assert.deepEqual(store.piiSpans.spansInRange(logId, line2, line3), all.filter((s) => s.startOffset >= line2 && s.startOffset < line3));
    const email = all.find((s) => s.originalValue === 'bob@example.org')!;
    // A window starting inside a span, and one ending inside it, both include it.
    assert.deepEqual(store.piiSpans.spansInRange(logId, email.startOffset + 3, email.startOffset + 4).map((s) => s.id), [email.id]);
    assert.deepEqual(store.piiSpans.spansInRange(logId, email.startOffset - 2, email.startOffset + 1).map((s) => s.id), [email.id]);
    assert.deepEqual(store.piiSpans.spansInRange(logId, email.endOffset, email.endOffset + 1), []);
    assert.deepEqual(store.piiSpans.spansInRange(logId, 5, 5), []);
    assert.deepEqual(store.piiSpans.spansInRange(logId, 0, TEXT.length), all);
  });

  it('spansInRange finds a long span marked by hand that starts well before the window', async () => {
    const { store, logId } = attached();
    const manual = await store.piiSpans.addManual(logId, 0, TEXT.length - 1);
    const inside = TEXT.indexOf('GET /d');
    assert.ok(store.piiSpans.spansInRange(logId, inside, inside + 3).some((s) => s.id === manual.id));
  });

  it('refuses bad input and unknown logs, changing nothing', async () => {
    const { store, logId } = attached();
    const before = store.piiSpans.listForLog(logId);
    await failsWith(() => store.piiSpans.valueSummary(newId()), 'NOT_FOUND');
    await failsWith(() => store.piiSpans.valueSummary(logId, { limit: 1001 }), 'VALIDATION');
    await failsWith(() => store.piiSpans.valueSummary(logId, { offset: -1 }), 'VALIDATION');
    await failsWith(() => store.piiSpans.setDecisionForValues(logId, [], 'keep'), 'VALIDATION');
    await failsWith(() => store.piiSpans.setDecisionForValues(logId, [{ piiType: 'IPv4', value: '10.0.0.7' }], 'maybe' as never), 'VALIDATION');
    await failsWith(() => store.piiSpans.setDecisionForValues(newId(), [{ piiType: 'IPv4', value: '10.0.0.7' }], 'keep'), 'NOT_FOUND');
    await failsWith(() => store.piiSpans.spansInRange(logId, 10, 5), 'VALIDATION');
    await failsWith(() => store.piiSpans.spansInRange(logId, -1, 5), 'VALIDATION');
    await failsWith(() => store.piiSpans.spansInRange(newId(), 0, 5), 'NOT_FOUND');
    assert.deepEqual(store.piiSpans.listForLog(logId), before);
  });

  it('one occurrence decided alone keeps its id and decision through a rescan; a decision per value then covers it too', async () => {
    const { store, logId } = attached();
    const second = store.piiSpans.listForLog(logId).filter((s) => s.originalValue === '10.0.0.7')[1]!;
    assert.deepEqual(store.piiSpans.setDecision([second.id], 'keep').map((s) => [s.id, s.decision]), [[second.id, 'keep']]);
    assert.equal(store.piiSpans.setDecision([second.id], 'keep').length, 1, 'the same id decides it again');
    assert.equal(store.piiSpans.valueSummary(logId).values.find((v) => v.value === '10.0.0.7')?.decision, 'mixed');
    assert.deepEqual(store.piiSpans.countsByType(logId), { Email: 3, IPv4: 6 }, 'counted once');

    await store.piiSpans.scanLog(logId);
    const after = store.piiSpans.listForLog(logId);
    assert.equal(after.length, 9);
    assert.deepEqual(after.filter((s) => s.decision === 'keep').map((s) => [s.id, s.startOffset]), [[second.id, second.startOffset]]);
    assert.equal(store.piiSpans.spansInRange(logId, second.startOffset, second.endOffset)[0]?.id, second.id);

    assert.equal(store.piiSpans.setDecisionForValues(logId, [{ piiType: 'IPv4', value: '10.0.0.7' }], 'redact'), 3);
    assert.ok(store.piiSpans.listForLog(logId).filter((s) => s.originalValue === '10.0.0.7').every((s) => s.decision === 'redact'));
    assert.equal(store.piiSpans.setDecisionForType(logId, 'IPv4', 'keep'), 6);
    assert.deepEqual(store.piiSpans.valueSummary(logId).types.find((t) => t.piiType === 'IPv4'), { piiType: 'IPv4', count: 6, values: 3, keep: 6, redact: 0, pending: 0 });
  });

  it('deleting the log removes its compact detections and dictionary (cascade), and the audit row counts what went', () => {
    const { store, logId, db, audits } = attached();
    const compact = () => ['pii_detection_sets', 'pii_values', 'pii_detection_chunks'].map((t) => db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`)?.n);
    assert.deepEqual(compact(), [1, 5, 1]);
    assert.equal(store.logFiles.delete(logId), true);
    assert.deepEqual(compact(), [0, 0, 0]);
    assert.equal(audits('log.deleted', logId)[0]?.details.pii_spans_deleted, 9);
  });

  it('a window read again after one of its detections was decided alone shows the decision (no stale chunk)', () => {
    const { store, logId } = attached();
    const before = store.piiSpans.spansInRange(logId, 0, TEXT.length);
    store.piiSpans.setDecision([before[2]!.id], 'keep');
    const after = store.piiSpans.spansInRange(logId, 0, TEXT.length);
    assert.deepEqual(after.map((s) => s.id), before.map((s) => s.id));
    assert.deepEqual(after.map((s) => s.decision), before.map((_, i) => (i === 2 ? 'keep' : 'pending')));
  });
});
