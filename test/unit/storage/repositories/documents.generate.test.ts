import * as assert from 'node:assert/strict';
import { newId } from '../../../../src/storage/ids';
import { isRemoteMethod } from '../../../../src/storage/store';
import { failsWith } from './attachmentTestStore';
import { useTestStore } from './testStore';

const headings = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));

describe('DocumentRepository.generate', () => {
  const ctx = useTestStore('trcaa-docgen-');

  /** An issue with five whys, two logs and a root cause on its timeline. */
  function incident(title = 'Checkout latency spike') {
    const { store, clock } = ctx();
    const issue = store.issues.create({ title, severity: 'high', description: 'p99 rose to 9 s' });
    clock.advance(60_000);
    const api = store.logFiles.insertContent(issue.id, Buffer.from('GET /checkout 9000ms\n'), { fileName: 'api.log' }).logFile;
    const db = store.logFiles.insertContent(issue.id, Buffer.from('slow query: SELECT * FROM orders\n'), { fileName: 'db.log' }).logFile;
    for (let level = 1; level <= 5; level++) {
      store.steps.upsert(issue.id, level, { whyQuestion: `Why ${level}?`, answer: `Because ${level}`, evidence: level === 1 ? `log:${api.id}#L1` : null });
    }
    clock.advance(3_600_000);
    store.timeline.record({ issueId: issue.id, eventType: 'root_cause_identified', description: 'Root cause identified', metadata: { root_cause: 'Missing index', confidence: 0.9 } });
    return { issue, api, db };
  }

  const counts = () => {
    const { db } = ctx();
    const n = (sql: string) => db.get<{ n: number }>(sql)?.n ?? 0;
    return { documents: n('SELECT count(*) AS n FROM documents'), events: n('SELECT count(*) AS n FROM timeline_events'), audit: n('SELECT count(*) AS n FROM audit_log') };
  };

  it('stores an RCA with every section filled with the incident, and records rca_generated with its audit row', () => {
    const { store, db } = ctx();
    const { issue, api } = incident();
    const before = counts();
    const at = Date.UTC(2026, 5, 1, 12, 0, 0, 456);
    const { document, event } = store.documents.generate(issue.id, 'rca', at);

    assert.equal(document.title, 'RCA — Checkout latency spike');
    assert.equal(document.docType, 'rca');
    assert.equal(document.createdAt, at);
    assert.deepEqual(headings(document.contentMd), ['Issue Summary', 'Description', 'Incident Timeline', 'Incident Metrics', '5 Whys Analysis', 'Root Cause', 'Log Files Analyzed', 'Corrective Actions', 'Lessons Learned']);
    for (const text of ['p99 rose to 9 s', '**Why 5: Why 5?**', 'Because 5', `\`log:${api.id}#L1\` (api.log, line 1)`, '| api.log |', '| db.log |', (api.contentHash ?? '').slice(0, 12), 'Missing index', 'Log uploaded', '| Time to root cause | 1 h 1 min |']) {
      assert.ok(document.contentMd.includes(text), text);
    }
    const raw = db.get<{ t: string }>('SELECT typeof(created_at) AS t FROM documents WHERE id = ?', [document.id]);
    assert.equal(raw?.t, 'integer');
    assert.deepEqual(store.documents.get(document.id), document);

    // Exactly one timeline event, with its audit row, plus the document's own audit row.
    assert.deepEqual(counts(), { documents: before.documents + 1, events: before.events + 1, audit: before.audit + 2 });
    assert.equal(event.eventType, 'rca_generated');
    assert.deepEqual(event.metadata, { doc_id: document.id, section_count: 9 });
    const events = store.timeline.list(issue.id).filter((e) => e.eventType === 'rca_generated');
    assert.deepEqual(events.map((e) => e.id), [event.id]);
    const eventAudit = store.audit.list({ action: 'timeline.rca_generated', entityId: issue.id });
    assert.equal(eventAudit.length, 1);
    assert.deepEqual(JSON.parse(eventAudit[0]?.details ?? '{}'), { event_id: event.id, doc_id: document.id, section_count: 9 });
    const docAudit = store.audit.list({ action: 'document.generated', entityId: document.id });
    assert.equal(docAudit.length, 1);
    assert.deepEqual(JSON.parse(docAudit[0]?.details ?? '{}'), { issue_id: issue.id, doc_type: 'rca' });
    assert.deepEqual(store.audit.verify(), { ok: true, rows: counts().audit });
  });

  it('records postmortem_generated with the number of timeline events the document lists', () => {
    const { store } = ctx();
    const { issue } = incident();
    const listed = store.timeline.list(issue.id).length;
    const { document, event } = store.documents.generate(issue.id, 'postmortem');
    assert.equal(document.title, 'Post-mortem — Checkout latency spike');
    assert.equal(headings(document.contentMd).length, 10);
    assert.equal(event.eventType, 'postmortem_generated');
    assert.deepEqual(event.metadata, { doc_id: document.id, timeline_events_count: listed });
    assert.equal(store.audit.list({ action: 'timeline.postmortem_generated', entityId: issue.id }).length, 1);
  });

  it('regenerating writes a new version and never touches an edited document', () => {
    const { store, clock } = ctx();
    const { issue } = incident();
    const first = store.documents.generate(issue.id, 'rca').document;
    const edited = store.documents.update(first.id, { contentMd: `${first.contentMd}\nMy notes.\n` });
    clock.advance(1000);
    const before = counts();
    const second = store.documents.generate(issue.id, 'rca');
    assert.deepEqual(counts(), { documents: before.documents + 1, events: before.events + 1, audit: before.audit + 2 }, 'one row, one event, its audit row and the document audit row per call');
    const third = store.documents.generate(issue.id, 'rca').document;
    const pm = store.documents.generate(issue.id, 'postmortem').document;
    assert.notEqual(second.document.id, first.id);
    assert.deepEqual(store.documents.get(first.id), edited, 'the edited first version is untouched');
    assert.deepEqual([second.document.title, third.title, pm.title], ['RCA — Checkout latency spike (v2)', 'RCA — Checkout latency spike (v3)', 'Post-mortem — Checkout latency spike']);
    assert.equal(second.event.description, 'RCA generated (version 2)');
    assert.equal(store.documents.listForIssue(issue.id).length, 4);
    assert.equal(store.timeline.list(issue.id).filter((e) => e.eventType === 'rca_generated').length, 3);
    assert.equal(store.audit.list({ action: 'timeline.rca_generated', entityId: issue.id }).length, 3);
  });

  it('an unknown issue is NOT_FOUND and writes nothing; a bad kind is VALIDATION', async () => {
    const { store } = ctx();
    const { issue } = incident();
    const before = counts();
    const error = await failsWith(() => store.documents.generate(newId(), 'rca'), 'NOT_FOUND');
    assert.match(error.message, /No issue .*: it may have been deleted\./);
    await failsWith(() => store.documents.generate(issue.id, 'memo' as never), 'VALIDATION');
    await failsWith(() => store.documents.generate(issue.id, 'rca', -1), 'VALIDATION');
    assert.deepEqual(counts(), before);
  });

  it('all or nothing: when the timeline event cannot be written, no document or audit row remains', () => {
    const { store, db } = ctx();
    const { issue } = incident();
    const before = counts();
    db.exec("CREATE TEMP TRIGGER refuse_event BEFORE INSERT ON timeline_events BEGIN SELECT RAISE(ABORT, 'refused'); END");
    assert.throws(() => store.documents.generate(issue.id, 'postmortem'), /refused/);
    db.exec('DROP TRIGGER refuse_event');
    assert.deepEqual(counts(), before);
  });

  it('an issue without steps, logs or root cause still gets every section; emoji and CJK titles kept', () => {
    const { store } = ctx();
    const issue = store.issues.create({ title: '🔥 支付服务超时', severity: 'critical' });
    const { document } = store.documents.generate(issue.id, 'rca');
    assert.equal(document.title, 'RCA — 🔥 支付服务超时');
    assert.ok(document.contentMd.startsWith('# RCA — 🔥 支付服务超时\n'));
    assert.equal(headings(document.contentMd).length, 9);
    assert.ok(document.contentMd.includes('_No log files attached._'));
    assert.ok(document.contentMd.includes('| Time to root cause | not yet |'));
  });

  it('a long title is cut so the versioned document title fits', () => {
    const { store, db } = ctx();
    const issue = store.issues.create({ title: 'x', severity: 'low' });
    db.exec('UPDATE issues SET title = ? WHERE id = ?', ['😀'.repeat(400), issue.id]); // an imported row, over our limit
    store.documents.generate(issue.id, 'rca');
    const { document } = store.documents.generate(issue.id, 'rca');
    assert.ok(document.title.length <= 500);
    assert.ok(document.title.endsWith('… (v2)'));
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(document.title), 'no emoji cut in half');
  });

  it('is callable from the main thread', () => {
    assert.equal(isRemoteMethod('documents', 'generate'), true);
  });
});
