import * as assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { failsWith, useAttachmentStore } from './attachmentTestStore';

/** Enough of a PNG for the image repository's magic-number check; `n` makes each one different. */
const pngish = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), deflateSync(Buffer.from(`image ${n}`))]);
const imageMeta = (fileName: string) => ({ fileName, mimeType: 'image/png', piiWarningAcknowledged: true });

describe('AttachmentRepository (cross-incident views)', () => {
  const ctx = useAttachmentStore();

  it('lists logs of every incident newest first with the issue title, and never a BLOB column', () => {
    const { store, addIssue, clock } = ctx();
    const a = addIssue('Payments down');
    const b = addIssue('Slow search');
    const first = store.logFiles.insertContent(a, Buffer.from('one'), { fileName: 'payments.log' }).logFile;
    clock.advance(1000);
    const second = store.logFiles.insertContent(b, Buffer.from('two'), { fileName: 'search.log', workspacePath: 'logs/search.log' }).logFile;
    store.logFiles.setRedacted(second.id, true);
    const page = store.attachments.listLogs();
    assert.equal(page.total, 2);
    assert.deepEqual(page.rows.map((r) => [r.fileName, r.issueTitle]), [['search.log', 'Slow search'], ['payments.log', 'Payments down']]);
    const row = page.rows[0];
    assert.deepEqual(row, {
      id: second.id,
      issueId: b,
      fileName: 'search.log',
      filePath: 'logs/search.log',
      fileSize: 3,
      mimeType: 'text/plain',
      contentHash: second.contentHash,
      uploadedAt: second.uploadedAt,
      redacted: true,
      issueTitle: 'Slow search',
    });
    assert.equal(page.rows[1]?.id, first.id);
  });

  it('lists images with issue titles, no bytes', () => {
    const { store, addIssue, clock } = ctx();
    const a = addIssue('Payments down');
    const img = store.images.insert(a, pngish(1), { ...imageMeta('shot.png'), isPaste: true }).image;
    clock.advance(1000);
    store.images.insert(a, pngish(2), imageMeta('later.png'));
    const page = store.attachments.listImages({ limit: 10 });
    assert.equal(page.total, 2);
    assert.deepEqual(page.rows.map((r) => r.fileName), ['later.png', 'shot.png']);
    const { issueTitle, ...rest } = page.rows[1] as (typeof page.rows)[number];
    assert.equal(issueTitle, 'Payments down');
    const { hasData: _hasData, ...expected } = img;
    assert.deepEqual(rest, expected);
  });

  it('the seed views themselves name no BLOB column', () => {
    const { db } = ctx();
    for (const view of ['v_log_files_with_issue', 'v_image_attachments_with_issue']) {
      const columns = db.query<{ name: string }>(`SELECT name FROM pragma_table_info('${view}')`).map((c) => c.name);
      assert.ok(columns.includes('issue_title'), view);
      assert.ok(!columns.includes('content_compressed') && !columns.includes('image_data'), `${view}: ${columns.join(', ')}`);
    }
  });

  it('filters by file name (case-insensitive, % and _ literal) and pages with a total', async () => {
    const { store, addIssue, clock } = ctx();
    const a = addIssue('A');
    const names = ['API_gateway.log', 'api-worker.log', 'db.log', '100%.log', 'apixgateway.log'];
    for (const [i, fileName] of names.entries()) {
      clock.advance(1000);
      store.logFiles.insertContent(a, Buffer.from(`content ${i}`), { fileName });
    }
    assert.deepEqual(store.attachments.listLogs({ nameFilter: 'API' }).rows.map((r) => r.fileName), ['apixgateway.log', 'api-worker.log', 'API_gateway.log']);
    assert.deepEqual(store.attachments.listLogs({ nameFilter: 'api_' }).rows.map((r) => r.fileName), ['API_gateway.log'], '_ is not a wildcard');
    assert.deepEqual(store.attachments.listLogs({ nameFilter: '%' }).rows.map((r) => r.fileName), ['100%.log'], '% is not a wildcard');
    const page1 = store.attachments.listLogs({ limit: 2, offset: 0 });
    const page2 = store.attachments.listLogs({ limit: 2, offset: 2 });
    const page3 = store.attachments.listLogs({ limit: 2, offset: 4 });
    assert.equal(page1.total, 5);
    assert.deepEqual([...page1.rows, ...page2.rows, ...page3.rows].map((r) => r.fileName), [...names].reverse());
    assert.equal(store.attachments.listLogs({ nameFilter: 'nothing' }).total, 0);
    await failsWith(() => store.attachments.listLogs({ limit: 0 }), 'VALIDATION');
    await failsWith(() => store.attachments.listImages({ offset: -1 }), 'VALIDATION');
  });

  it('after a workload across every repository here, the audit chain verifies and holds no content', async () => {
    const { store, addIssue, clock } = ctx();
    const secret = 'password=hunter2 alice@example.com';
    for (let i = 0; i < 5; i++) {
      const issueId = addIssue(`Incident ${i}`);
      const { logFile } = store.logFiles.insertContent(issueId, Buffer.from(`${secret} ${i}`), { fileName: `app-${i}.log` });
      store.logFiles.insertContent(issueId, Buffer.from(`${secret} ${i}`), { fileName: 'dup.log' }); // duplicate
      store.piiSpans.replaceForLog(logFile.id, [{ piiType: 'Email', startOffset: 17, endOffset: 34, originalValue: 'alice@example.com', replacement: '[Email]' }]);
      store.logFiles.setRedacted(logFile.id, true);
      const { image } = store.images.insert(issueId, pngish(i), imageMeta(`shot-${i}.png`));
      store.steps.upsert(issueId, 1, { whyQuestion: 'Why did checkout fail?', answer: 'DB pool exhausted' });
      const doc = store.documents.create(issueId, { docType: i % 2 ? 'rca' : 'postmortem', title: `RCA ${i}`, contentMd: `# RCA\n${secret}` });
      store.documents.update(doc.id, { contentMd: '# RCA v2' });
      store.settings.set(`k${i}`, 'v');
      clock.advance(1000);
      if (i % 2) {
        store.logFiles.delete(logFile.id);
        store.images.delete(image.id);
        store.documents.delete(doc.id);
      }
    }
    const verification = store.audit.verify();
    assert.equal(verification.ok, true, JSON.stringify(verification));
    const entries = store.audit.list({ limit: 10_000 });
    assert.ok(entries.length >= 5 * 6, `${entries.length} audit rows`);
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ['log.attached', 'log.redaction_approved', 'log.deleted', 'image.attached', 'image.deleted', 'document.generated', 'document.deleted', 'timeline.log_uploaded']) {
      assert.ok(actions.has(action), action);
    }
    for (const entry of entries) assert.ok(!(entry.details ?? '').includes('hunter2') && !(entry.details ?? '').includes('alice@'), `${entry.action} holds content`);
  });
});
