import * as assert from 'node:assert/strict';
import { newId } from '../../../../src/storage/ids';
import { failsWith, useAttachmentStore } from './attachmentTestStore';

describe('PiiSpanRepository', () => {
  const ctx = useAttachmentStore();
  const text = 'mail alice@example.com from 10.0.0.1 and bob@example.org';
  const span = (piiType: string, value: string, replacement = `[${piiType}]`) => {
    const startOffset = text.indexOf(value);
    return { piiType, startOffset, endOffset: startOffset + value.length, originalValue: value, replacement };
  };

  const withLog = () => {
    const t = ctx();
    const issueId = t.addIssue();
    const { logFile } = t.store.logFiles.insertContent(issueId, Buffer.from(text), { fileName: 'a.log' });
    return { ...t, logId: logFile.id };
  };

  it('stores spans and lists them in text order, whatever order they came in', () => {
    const { store, logId } = withLog();
    const stored = store.piiSpans.replaceForLog(logId, [span('Email', 'bob@example.org'), span('IPv4', '10.0.0.1'), span('Email', 'alice@example.com')]);
    assert.equal(stored.length, 3);
    const listed = store.piiSpans.listForLog(logId);
    assert.deepEqual(listed.map((s) => s.originalValue), ['alice@example.com', '10.0.0.1', 'bob@example.org']);
    for (const s of listed) assert.equal(text.slice(s.startOffset, s.endOffset), s.originalValue);
    assert.deepEqual(listed, stored);
    assert.equal(listed[0]?.replacement, '[Email]');
  });

  it('replaces the whole set; an invalid set changes nothing (atomic)', () => {
    const { store, logId } = withLog();
    store.piiSpans.replaceForLog(logId, [span('Email', 'alice@example.com'), span('IPv4', '10.0.0.1')]);
    store.piiSpans.replaceForLog(logId, [span('Email', 'bob@example.org')]);
    assert.deepEqual(store.piiSpans.listForLog(logId).map((s) => s.originalValue), ['bob@example.org']);

    // The second span's originalValue does not fit its offsets: nothing of the new set is stored.
    const bad = { ...span('IPv4', '10.0.0.1'), originalValue: '10.0.0.12' };
    assert.throws(() => store.piiSpans.replaceForLog(logId, [span('Email', 'alice@example.com'), bad]), (e: unknown) => (e as { code?: string }).code === 'VALIDATION');
    assert.deepEqual(store.piiSpans.listForLog(logId).map((s) => s.originalValue), ['bob@example.org']);

    // A failure inside the transaction (a span of the new set breaks a constraint) rolls the delete back too.
    const { db } = ctx();
    db.exec("CREATE TRIGGER refuse_ipv4 BEFORE INSERT ON pii_spans WHEN new.pii_type = 'IPv4' BEGIN SELECT RAISE(ABORT, 'no IPv4 today'); END");
    assert.throws(() => store.piiSpans.replaceForLog(logId, [span('Email', 'alice@example.com'), span('IPv4', '10.0.0.1')]));
    assert.deepEqual(store.piiSpans.listForLog(logId).map((s) => s.originalValue), ['bob@example.org']);

    store.piiSpans.replaceForLog(logId, []);
    assert.deepEqual(store.piiSpans.listForLog(logId), []);
  });

  it('counts spans by type', () => {
    const { store, logId } = withLog();
    store.piiSpans.replaceForLog(logId, []); // the attach's own scan found some: start from none
    assert.deepEqual(store.piiSpans.countsByType(logId), {});
    store.piiSpans.replaceForLog(logId, [span('Email', 'alice@example.com'), span('IPv4', '10.0.0.1'), span('Email', 'bob@example.org')]);
    assert.deepEqual(store.piiSpans.countsByType(logId), { Email: 2, IPv4: 1 });
  });

  it('validates offsets (UTF-16 code units: an astral character counts 2) and refuses an unknown log', async () => {
    const { store, logId } = withLog();
    store.piiSpans.replaceForLog(logId, [{ piiType: 'Emoji', startOffset: 0, endOffset: 2, originalValue: '🚀', replacement: '[X]' }]);
    for (const bad of [
      { piiType: 'X', startOffset: -1, endOffset: 1, originalValue: 'ab', replacement: '' },
      { piiType: 'X', startOffset: 3, endOffset: 3, originalValue: 'a', replacement: '' },
      { piiType: 'X', startOffset: 0, endOffset: 1, originalValue: '🚀', replacement: '' },
      { piiType: '', startOffset: 0, endOffset: 1, originalValue: 'a', replacement: '' },
    ]) {
      await failsWith(() => store.piiSpans.replaceForLog(logId, [bad]), 'VALIDATION');
    }
    await failsWith(() => store.piiSpans.replaceForLog(newId(), [span('Email', 'alice@example.com')]), 'NOT_FOUND');
  });

  it('stores a large set in batches', () => {
    const { store, logId } = withLog();
    const many = Array.from({ length: 5000 }, (_, i) => ({ piiType: i % 2 ? 'IPv4' : 'Email', startOffset: i * 10, endOffset: i * 10 + 3, originalValue: 'abc', replacement: '[X]' }));
    store.piiSpans.replaceForLog(logId, many);
    assert.equal(store.piiSpans.listForLog(logId).length, 5000);
    assert.deepEqual(store.piiSpans.countsByType(logId), { Email: 2500, IPv4: 2500 });
  });
});
