// Documents through the egress gate: releaseDocument gives only redacted text (title and Markdown) with counts,
// recordDocumentRelease writes exactly one egress.released row and one document_exported event in one
// transaction, and refuses what the gate did not release or a document that is gone.
import * as assert from 'node:assert/strict';
import { newId } from '../../../../src/storage/ids';
import { isRemoteMethod } from '../../../../src/storage/store';
import { failsWith, useAttachmentStore } from './attachmentTestStore';

const TITLE = 'RCA — db01 outage for carol.diaz@example.net';
const BODY = '# RCA — db01 outage for carol.diaz@example.net\n\nHost 10.20.30.40 said password=Hunter2Secret! with AKIAQWERTYUIOPASDFGH.\n';
const VALUES = ['carol.diaz@example.net', '10.20.30.40', 'Hunter2Secret!', 'AKIAQWERTYUIOPASDFGH'];
const SHA = 'ab'.repeat(32);

describe('EgressGate: documents', () => {
  const ctx = useAttachmentStore();

  const counts = () => {
    const { db } = ctx();
    const n = (sql: string) => db.get<{ n: number }>(sql)?.n ?? 0;
    return { events: n('SELECT count(*) AS n FROM timeline_events'), audit: n('SELECT count(*) AS n FROM audit_log') };
  };
  const planted = () => {
    const { store, addIssue } = ctx();
    const issueId = addIssue();
    const doc = store.documents.create(issueId, { docType: 'rca', title: TITLE, contentMd: BODY });
    return { store, issueId, doc };
  };

  it('releases the title and text with every planted value replaced, counted per type, writing nothing yet', () => {
    const { store, issueId, doc } = planted();
    const before = counts();
    const release = store.egress.releaseDocument(doc.id);
    assert.equal(release.docId, doc.id);
    assert.equal(release.issueId, issueId);
    assert.equal(release.title, 'RCA — db01 outage for [Email]');
    // In Markdown a placeholder is escaped, so none reads as a link.
    assert.equal(release.markdown, '# RCA — db01 outage for \\[Email\\]\n\nHost \\[IPv4\\] said password=\\[Password\\] with \\[AWSAccessKey\\].\n');
    assert.deepEqual(release.redactedByType, { Email: 2, IPv4: 1, Password: 1, AWSAccessKey: 1 });
    assert.deepEqual(release.problems, []);
    const serialised = JSON.stringify(release);
    for (const value of VALUES) assert.ok(!serialised.includes(value), `${value} is nowhere in the release`);
    assert.deepEqual(counts(), before, 'nothing has left yet: nothing recorded');
  });

  it('records one egress.released row and one document_exported event with their details', () => {
    const { store, issueId, doc } = planted();
    const release = store.egress.releaseDocument(doc.id, { enabledTypes: ['Email', 'IPv4'] });
    assert.deepEqual(release.redactedByType, { Email: 2, IPv4: 1 });
    const before = counts();
    const recorded = store.egress.recordDocumentRelease(release.releaseId, { format: 'pdf', filePath: '/tmp/rca.redacted.pdf', sha256: SHA, bytes: 1234 });

    // The release row, the event and the event's own audit row: nothing else.
    assert.deepEqual(counts(), { events: before.events + 1, audit: before.audit + 2 });
    const released = store.audit.list({ action: 'egress.released', entityId: doc.id });
    assert.equal(released.length, 1);
    assert.equal(released[0]?.id, recorded.auditId);
    assert.equal(released[0]?.entityType, 'document');
    assert.deepEqual(JSON.parse(released[0]?.details ?? '{}'), {
      doc_id: doc.id,
      destination: 'file',
      format: 'pdf',
      file_path: '/tmp/rca.redacted.pdf',
      sha256: SHA,
      bytes: 1234,
      redacted_by_type: { Email: 2, IPv4: 1 },
    });
    assert.equal(recorded.event.eventType, 'document_exported');
    assert.deepEqual(recorded.event.metadata, { format: 'pdf', file_path: '/tmp/rca.redacted.pdf', doc_id: doc.id, redacted: true });
    assert.deepEqual(store.timeline.list(issueId).filter((e) => e.eventType === 'document_exported').map((e) => e.id), [recorded.event.id]);
    const eventAudit = store.audit.list({ action: 'timeline.document_exported', entityId: issueId });
    assert.deepEqual(eventAudit.map((row) => JSON.parse(row.details ?? '{}')), [{ event_id: recorded.event.id, ...recorded.event.metadata }]);
    assert.deepEqual(store.audit.verify(), { ok: true, rows: counts().audit });
  });

  it('still releases and records a document without personal data: counts empty', () => {
    const { store, addIssue } = ctx();
    const doc = store.documents.create(addIssue(), { docType: 'postmortem', title: 'Post-mortem — slow disk', contentMd: '# Post-mortem\n\nThe disk was slow.\n' });
    const release = store.egress.releaseDocument(doc.id);
    assert.deepEqual({ title: release.title, markdown: release.markdown, counts: release.redactedByType }, { title: doc.title, markdown: doc.contentMd, counts: {} });
    const recorded = store.egress.recordDocumentRelease(release.releaseId, { format: 'markdown', filePath: '/tmp/pm.md', sha256: SHA, bytes: 40 });
    const details = JSON.parse(store.audit.list({ action: 'egress.released', entityId: doc.id })[0]?.details ?? '{}') as { redacted_by_type?: unknown };
    assert.deepEqual(details.redacted_by_type, {});
    assert.equal(recorded.event.metadata?.redacted, true);
  });

  it('refuses a missing document with NOT_FOUND, releasing and writing nothing', async () => {
    const { store, doc } = planted();
    const before = counts();
    const missing = await failsWith(() => store.egress.releaseDocument(newId()), 'NOT_FOUND');
    assert.match(missing.message, /No document/);

    // Deleted between the release and the record: nothing recorded.
    const release = store.egress.releaseDocument(doc.id);
    store.documents.delete(doc.id);
    const afterDelete = counts();
    const gone = await failsWith(() => store.egress.recordDocumentRelease(release.releaseId, { format: 'markdown', filePath: '/tmp/x.md', sha256: SHA, bytes: 1 }), 'NOT_FOUND');
    assert.match(gone.message, /No document/);
    assert.deepEqual(counts(), afterDelete);
    assert.equal(afterDelete.events, before.events);
  });

  it('records each release once, only releases it made, and only well-formed facts', async () => {
    const { store, doc } = planted();
    const release = store.egress.releaseDocument(doc.id);
    const before = counts();
    const written = { format: 'markdown' as const, filePath: '/tmp/rca.md', sha256: SHA, bytes: 10 };
    await assert.rejects(async () => store.egress.recordDocumentRelease(release.releaseId, { ...written, sha256: 'ab' }), /sha256/);
    await assert.rejects(async () => store.egress.recordDocumentRelease(release.releaseId, { ...written, sha256: 'AB'.repeat(32) }), /sha256/);
    await assert.rejects(async () => store.egress.recordDocumentRelease(release.releaseId, { ...written, filePath: 'relative.md' }), /absolute/);
    await assert.rejects(async () => store.egress.recordDocumentRelease(release.releaseId, { ...written, bytes: -1 }));
    await assert.rejects(async () => store.egress.recordDocumentRelease(release.releaseId, { ...written, format: 'docx' as 'pdf' }));
    await assert.rejects(async () => store.egress.recordDocumentRelease(release.releaseId, { ...written, redacted_by_type: {} } as typeof written));
    const unknown = await failsWith(() => store.egress.recordDocumentRelease(newId(), written), 'NOT_FOUND');
    assert.match(unknown.message, /No pending document release/);
    assert.deepEqual(counts(), before, 'nothing written by a refused record');

    store.egress.recordDocumentRelease(release.releaseId, written);
    await failsWith(() => store.egress.recordDocumentRelease(release.releaseId, written), 'NOT_FOUND');
    assert.equal(store.audit.list({ action: 'egress.released', entityId: doc.id }).length, 1);
  });

  it('is callable from the main thread', () => {
    assert.equal(isRemoteMethod('egress', 'releaseDocument'), true);
    assert.equal(isRemoteMethod('egress', 'recordDocumentRelease'), true);
  });
});
