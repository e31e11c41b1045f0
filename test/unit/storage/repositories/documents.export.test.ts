import * as assert from 'node:assert/strict';
import { newId } from '../../../../src/storage/ids';
import { isRemoteMethod } from '../../../../src/storage/store';
import { failsWith, useAttachmentStore } from './attachmentTestStore';

describe('DocumentRepository.recordExport', () => {
  const ctx = useAttachmentStore();

  const counts = () => {
    const { db } = ctx();
    const n = (sql: string) => db.get<{ n: number }>(sql)?.n ?? 0;
    return { events: n('SELECT count(*) AS n FROM timeline_events'), audit: n('SELECT count(*) AS n FROM audit_log') };
  };

  it('records document_exported {format, file_path, doc_id} on the issue with exactly one audit row', () => {
    const { store, addIssue } = ctx();
    const issueId = addIssue();
    const doc = store.documents.create(issueId, { docType: 'rca', title: 'RCA', contentMd: '# RCA\n' });
    const before = counts();
    const event = store.documents.recordExport(doc.id, { format: 'pdf', filePath: '/tmp/rca.pdf' });

    assert.equal(event.eventType, 'document_exported');
    assert.equal(event.issueId, issueId);
    assert.deepEqual(event.metadata, { format: 'pdf', file_path: '/tmp/rca.pdf', doc_id: doc.id });
    assert.deepEqual(counts(), { events: before.events + 1, audit: before.audit + 1 });
    assert.deepEqual(store.timeline.list(issueId).filter((e) => e.eventType === 'document_exported').map((e) => e.id), [event.id]);
    const audit = store.audit.list({ action: 'timeline.document_exported', entityId: issueId });
    assert.equal(audit.length, 1);
    assert.deepEqual(JSON.parse(audit[0]?.details ?? '{}'), { event_id: event.id, format: 'pdf', file_path: '/tmp/rca.pdf', doc_id: doc.id });
    assert.deepEqual(store.audit.verify(), { ok: true, rows: counts().audit });
  });

  it('refuses an unknown document with NOT_FOUND and writes nothing', async () => {
    const { store } = ctx();
    const before = counts();
    const error = await failsWith(() => store.documents.recordExport(newId(), { format: 'markdown', filePath: '/tmp/x.md' }), 'NOT_FOUND');
    assert.match(error.message, /No document/);
    assert.deepEqual(counts(), before);
  });

  it('refuses an unknown format or an empty path, writing nothing', async () => {
    const { store, addIssue } = ctx();
    const doc = store.documents.create(addIssue(), { docType: 'rca', title: 'RCA', contentMd: '# RCA\n' });
    const before = counts();
    await assert.rejects(async () => store.documents.recordExport(doc.id, { format: 'docx' as 'pdf', filePath: '/tmp/x' }));
    await assert.rejects(async () => store.documents.recordExport(doc.id, { format: 'pdf', filePath: '' }));
    assert.deepEqual(counts(), before);
  });

  it('is callable from the main thread', () => {
    assert.equal(isRemoteMethod('documents', 'recordExport'), true);
  });
});
