// Redacted reads (viewing locally) and the egress gate (text leaving the machine): only approved logs unless
// confirmed per use, only redacted text, and an audit row with the SHA-256 of exactly the bytes released.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { MAX_RELEASE_TEXT_BYTES } from '../../../../src/storage/repositories/egress';
import { failsWith } from '../repositories/attachmentTestStore';
import { spanAt, usePiiStore } from './piiTestStore';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const TEXT = 'user alice@example.com from 10.0.0.1\nuser bob@example.org from 10.0.0.2 ✓ done\n';

describe('redacted reads', () => {
  const ctx = usePiiStore();

  const reviewed = () => {
    const t = ctx();
    const logId = t.attach(TEXT);
    t.store.piiSpans.replaceForLog(logId, [
      spanAt(TEXT, 'Email', 'alice@example.com', 'redact'),
      spanAt(TEXT, 'IPv4', '10.0.0.1', 'keep'),
      spanAt(TEXT, 'Email', 'bob@example.org'), // pending: redacted too
    ]);
    return { ...t, logId };
  };
  const EXPECTED = 'user [Email] from 10.0.0.1\nuser [Email] from 10.0.0.2 ✓ done\n';

  it('openRedacted / readRedacted stream the text with every span but the kept ones replaced, without an audit row', async () => {
    const { store, logId } = reviewed();
    const audits = store.audit.list().length;
    const { handle, fileSize } = store.logFiles.openRedacted(logId);
    assert.equal(fileSize, Buffer.byteLength(TEXT));
    const parts: string[] = [];
    for (let piece = await store.logFiles.readRedacted(handle); piece !== null; piece = await store.logFiles.readRedacted(handle)) parts.push(piece);
    assert.equal(parts.join(''), EXPECTED);
    await failsWith(() => store.logFiles.readRedacted(handle), 'HANDLE_CLOSED');
    assert.equal(store.audit.list().length, audits, 'viewing locally is not egress');

    let redacted = '';
    for await (const piece of store.logFiles.redactedText(logId)) redacted += piece;
    assert.equal(redacted, EXPECTED);
  });

  it('closeContent ends a redacted read; byte and text handles are not interchangeable', async () => {
    const { store, logId } = reviewed();
    const text = store.logFiles.openRedacted(logId, { chunkBytes: 1024 });
    await failsWith(() => store.logFiles.readContent(text.handle), 'HANDLE_CLOSED');
    assert.equal(await store.logFiles.closeContent(text.handle), true);
    await failsWith(() => store.logFiles.readRedacted(text.handle), 'HANDLE_CLOSED');
    const bytes = store.logFiles.openContent(logId);
    await failsWith(() => store.logFiles.readRedacted(bytes.handle), 'HANDLE_CLOSED');
    await failsWith(() => Promise.resolve().then(() => store.logFiles.openRedacted('no-such-log')), 'NOT_FOUND');
  });

  it('streams a large log in pieces of about the size asked', async () => {
    const { store, attach } = ctx();
    const line = 'request from 10.9.8.7 for dave@example.com ok\n';
    const logId = attach(line.repeat(60_000));
    const { handle } = store.logFiles.openRedacted(logId, { chunkBytes: 256 * 1024 });
    let pieces = 0;
    let total = '';
    for (let piece = await store.logFiles.readRedacted(handle); piece !== null; piece = await store.logFiles.readRedacted(handle)) {
      pieces++;
      total += piece;
    }
    assert.ok(pieces >= 4, `${pieces} pieces`);
    assert.ok(!total.includes('dave@example.com') && !total.includes('10.9.8.7'));
    assert.equal(total.split('\n').length, 60_001);
  });
});

describe('egress gate', () => {
  const ctx = usePiiStore();

  const twoLogs = () => {
    const t = ctx();
    const a = t.attach(TEXT, 'a.log');
    const bText = 'peer carol@example.net no newline at the end';
    const b = t.attach(bText, 'b.log');
    t.store.piiSpans.replaceForLog(a, [spanAt(TEXT, 'Email', 'alice@example.com'), spanAt(TEXT, 'IPv4', '10.0.0.1', 'keep'), spanAt(TEXT, 'Email', 'bob@example.org')]);
    return { ...t, a, b };
  };

  it('refuses logs whose redaction is not approved, naming them; nothing is audited', async () => {
    const { store, a, b } = twoLogs();
    store.logFiles.approveRedaction(a);
    const error = await failsWith(() => store.egress.releaseText({ logIds: [a, b], destination: 'clipboard' }), 'NOT_APPROVED');
    assert.match(error.message, /b\.log/);
    assert.doesNotMatch(error.message, /a\.log/);
    assert.deepEqual(error.details.ids, [b]);
    assert.equal(store.audit.list({ action: 'egress.released' }).length, 0);
  });

  it('releases approved logs: redacted text, headers between logs, SHA-256 of exactly the bytes, audit row', async () => {
    const { store, a, b } = twoLogs();
    store.logFiles.approveRedaction(a);
    store.logFiles.approveRedaction(b);
    const single = await store.egress.releaseText({ logIds: [a], destination: 'clipboard' });
    assert.equal(single.text, 'user [Email] from 10.0.0.1\nuser [Email] from 10.0.0.2 ✓ done\n');
    assert.equal(single.bytes, Buffer.byteLength(single.text));
    assert.equal(single.sha256, sha256(single.text));

    const both = await store.egress.releaseText({ logIds: [b, a], destination: '  ai:test  ' });
    assert.equal(both.text, `===== b.log =====\npeer [Email] no newline at the end\n===== a.log =====\n${single.text}`);
    assert.equal(both.sha256, sha256(Buffer.from(both.text, 'utf8')));

    const [row, first] = store.audit.list({ action: 'egress.released' });
    assert.equal(row?.id, both.auditId);
    assert.equal(first?.id, single.auditId);
    assert.equal(first?.entityType, 'log_file');
    assert.equal(first?.entityId, a);
    assert.equal(row?.entityType, 'egress');
    const details = JSON.parse(row?.details ?? '{}') as Record<string, unknown>;
    assert.deepEqual(details, { destination: 'ai:test', log_ids: [b, a], sha256: both.sha256, bytes: both.bytes, approved: [b, a], confirmed_unapproved: [], redacted_spans: 3 });
    assert.deepEqual(store.audit.verify().ok, true);
  });

  it('a redacted flag set outside TRCAA (a desktop import, raw SQL) on a log never scanned here approves nothing', async () => {
    const { store, db, issueId } = ctx();
    const legacy = 'imported-log';
    db.exec("INSERT INTO log_files(id, issue_id, file_name, file_path, file_size, uploaded_at, redacted, content_compressed) VALUES (?, ?, 'desktop.log', '/d.log', 18, '2026-01-01 00:00:00', 1, ?)", [
      legacy,
      issueId,
      gzipSync(Buffer.from('eve@example.com hi')),
    ]);
    const refused = await failsWith(() => store.egress.releaseText({ logIds: [legacy], destination: 'clipboard' }), 'NOT_APPROVED');
    assert.deepEqual(refused.details.ids, [legacy]);
    await store.piiSpans.scanLog(legacy); // finds the address: the imported approval is withdrawn
    assert.equal(store.logFiles.get(legacy)?.redacted, false);
    store.logFiles.approveRedaction(legacy);
    assert.equal((await store.egress.releaseText({ logIds: [legacy], destination: 'clipboard' })).text, '[Email] hi');
  });

  it('releases unapproved logs only after a per-use confirmation, recorded as such', async () => {
    const { store, a } = twoLogs();
    await failsWith(() => store.egress.releaseText({ logIds: [a], destination: 'clipboard', confirmedUnapproved: false }), 'NOT_APPROVED');
    const released = await store.egress.releaseText({ logIds: [a], destination: 'clipboard', confirmedUnapproved: true });
    assert.ok(!released.text.includes('alice@example.com') && !released.text.includes('bob@example.org'), 'still redacted: pending spans are');
    assert.ok(released.text.includes('10.0.0.1'), 'kept spans stay');
    const details = JSON.parse(store.audit.list({ action: 'egress.released' })[0]?.details ?? '{}') as Record<string, unknown>;
    assert.deepEqual([details.approved, details.confirmed_unapproved], [[], [a]]);
  });

  it('releaseToFile writes through a temporary file; its SHA-256 equals the file bytes and the audit row', async () => {
    const { store, a, b, dir } = twoLogs();
    store.logFiles.approveRedaction(a);
    store.logFiles.approveRedaction(b);
    const target = path.join(dir, 'export', '..', 'shared.log');
    const release = await store.egress.releaseToFile({ logIds: [a, b], destination: 'export' }, target);
    const bytes = readFileSync(path.join(dir, 'shared.log'));
    assert.equal(release.sha256, sha256(bytes));
    assert.equal(release.bytes, bytes.length);
    const row = store.audit.list({ action: 'egress.released' })[0];
    assert.equal(row?.id, release.auditId);
    const details = JSON.parse(row?.details ?? '{}') as { sha256: string; bytes: number; file: string };
    assert.equal(details.sha256, sha256(bytes));
    assert.equal(details.bytes, bytes.length);
    assert.equal(details.file, path.join(dir, 'shared.log'));
    const text = bytes.toString('utf8');
    for (const secret of ['alice@example.com', 'bob@example.org', 'carol@example.net']) assert.ok(!text.includes(secret), secret);
    assert.ok(text.includes('10.0.0.1'));
    assert.equal(text, (await store.egress.releaseText({ logIds: [a, b], destination: 'x' })).text);
    assert.ok(!readdirSync(dir).some((name) => name.endsWith('.trcaa-tmp')));
  });

  it('a failed file release leaves nothing and audits nothing; bad requests are refused', async () => {
    const { store, a, dir } = twoLogs();
    store.logFiles.approveRedaction(a);
    const target = path.join(dir, 'no-such-folder', 'out.log');
    await assert.rejects(store.egress.releaseToFile({ logIds: [a], destination: 'export' }, target));
    assert.equal(existsSync(path.dirname(target)), false);
    await failsWith(() => store.egress.releaseToFile({ logIds: [a], destination: 'export' }, 'relative.log'), 'VALIDATION');
    await failsWith(() => store.egress.releaseText({ logIds: [], destination: 'clipboard' }), 'VALIDATION');
    await failsWith(() => store.egress.releaseText({ logIds: [a], destination: '' }), 'VALIDATION');
    await failsWith(() => store.egress.releaseText({ logIds: [a], destination: 'x'.repeat(201) }), 'VALIDATION');
    await failsWith(() => store.egress.releaseText({ logIds: [a, 'no-such-log'], destination: 'clipboard' }), 'NOT_FOUND');
    assert.equal(store.audit.list({ action: 'egress.released' }).length, 0);
    assert.equal(store.audit.verify().ok, true);
  });

  it('releaseText refuses more than 64 MiB (CONTENT_TOO_LARGE, nothing audited); releaseToFile streams it', async function () {
    this.timeout(120_000);
    const { store, issueId, dir } = ctx();
    const file = path.join(dir, 'huge.log');
    writeFileSync(file, Buffer.alloc(MAX_RELEASE_TEXT_BYTES + 1024, 'quiet line without values\n'));
    const { logFile } = await store.logFiles.insertFromFile(issueId, file);
    store.logFiles.approveRedaction(logFile.id);
    await failsWith(() => store.egress.releaseText({ logIds: [logFile.id], destination: 'clipboard' }), 'CONTENT_TOO_LARGE');
    assert.equal(store.audit.list({ action: 'egress.released' }).length, 0);
    const out = path.join(dir, 'huge-export.log');
    const release = await store.egress.releaseToFile({ logIds: [logFile.id], destination: 'export' }, out);
    assert.equal(release.bytes, MAX_RELEASE_TEXT_BYTES + 1024);
    assert.equal(release.sha256, logFile.contentHash, 'nothing to redact: the bytes are the original');
  });
});
