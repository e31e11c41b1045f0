import * as assert from 'node:assert/strict';
import { newId } from '../../../../src/storage/ids';
import { failsWith, useAttachmentStore } from './attachmentTestStore';

describe('DocumentRepository', () => {
  const ctx = useAttachmentStore();

  it('stores created_at/updated_at as INTEGER milliseconds from the clock; update bumps updated_at', () => {
    const { store, addIssue, db, clock } = ctx();
    const issueId = addIssue();
    clock.time = Date.UTC(2026, 4, 6, 7, 8, 9, 123);
    const doc = store.documents.create(issueId, { docType: 'rca', title: 'RCA: checkout', contentMd: '# RCA\n\nBody' });
    assert.equal(doc.createdAt, Date.UTC(2026, 4, 6, 7, 8, 9, 123));
    assert.equal(doc.updatedAt, doc.createdAt);
    const raw = db.get<{ c: unknown; u: unknown; tc: string; tu: string }>('SELECT created_at AS c, updated_at AS u, typeof(created_at) AS tc, typeof(updated_at) AS tu FROM documents WHERE id = ?', [doc.id]);
    assert.deepEqual({ ...raw }, { c: doc.createdAt, u: doc.createdAt, tc: 'integer', tu: 'integer' });

    clock.advance(2500);
    const updated = store.documents.update(doc.id, { contentMd: '# RCA\n\nBody v2' });
    assert.equal(updated.createdAt, doc.createdAt);
    assert.equal(updated.updatedAt, doc.createdAt + 2500);
    assert.equal(updated.title, 'RCA: checkout', 'title kept');
    assert.equal(updated.contentMd, '# RCA\n\nBody v2');
    clock.advance(-10_000); // a clock that steps back never moves updated_at back
    assert.equal(store.documents.update(doc.id, { title: 'Renamed' }).updatedAt, doc.createdAt + 2500);
    assert.deepEqual(store.documents.get(doc.id), { ...updated, title: 'Renamed' });
  });

  it('audits document.generated with id and type only, never the content', () => {
    const { store, addIssue } = ctx();
    const issueId = addIssue();
    const doc = store.documents.create(issueId, { docType: 'postmortem', title: 'PM', contentMd: 'secret-body alice@example.com' });
    const rows = store.audit.list({ action: 'document.generated', entityId: doc.id });
    assert.equal(rows.length, 1);
    assert.deepEqual(JSON.parse(rows[0]?.details ?? '{}'), { issue_id: issueId, doc_type: 'postmortem' });
  });

  it('lists an issue’s documents newest first without content; deletes', () => {
    const { store, addIssue, clock } = ctx();
    const issueId = addIssue();
    const first = store.documents.create(issueId, { docType: 'rca', title: 'One', contentMd: 'a' });
    clock.advance(1);
    const second = store.documents.create(issueId, { docType: 'postmortem', title: 'Two', contentMd: 'b' });
    const list = store.documents.listForIssue(issueId);
    assert.deepEqual(list.map((d) => d.id), [second.id, first.id]);
    for (const summary of list) assert.ok(!('contentMd' in summary));
    assert.equal(store.documents.delete(first.id), true);
    assert.equal(store.documents.delete(first.id), false);
    assert.equal(store.documents.get(first.id), null);
    assert.equal(store.audit.list({ action: 'document.deleted', entityId: first.id }).length, 1);
  });

  it('validates type, title and changes; unknown ids are NOT_FOUND', async () => {
    const { store, addIssue } = ctx();
    const issueId = addIssue();
    await failsWith(() => store.documents.create(issueId, { docType: 'memo' as never, title: 'x', contentMd: '' }), 'VALIDATION');
    await failsWith(() => store.documents.create(issueId, { docType: 'rca', title: ' ', contentMd: '' }), 'VALIDATION');
    await failsWith(() => store.documents.create(newId(), { docType: 'rca', title: 'x', contentMd: '' }), 'NOT_FOUND');
    const doc = store.documents.create(issueId, { docType: 'rca', title: 'x', contentMd: '' });
    await failsWith(() => store.documents.update(doc.id, {}), 'VALIDATION');
    await failsWith(() => store.documents.update(newId(), { title: 'y' }), 'NOT_FOUND');
  });
});
