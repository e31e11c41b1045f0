import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { newId } from '../../../../src/storage/ids';
import { collect, failsWith, useAttachmentStore } from './attachmentTestStore';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('LogFileRepository', () => {
  const ctx = useAttachmentStore();

  describe('insert and read back', () => {
    it('round-trips binary-ish content byte for byte through insertContent', async () => {
      const { store, addIssue } = ctx();
      const issueId = addIssue();
      const bytes = Buffer.concat([Buffer.from([0, 1, 2, 255, 254, 0x1f, 0x8b]), randomBytes(200_000), Buffer.from('\r\n\0tail')]);
      const { logFile, duplicate } = store.logFiles.insertContent(issueId, bytes, { fileName: 'core.bin' });
      assert.equal(duplicate, false);
      assert.equal(logFile.fileSize, bytes.length);
      assert.equal(logFile.contentHash, sha256(bytes));
      assert.equal(logFile.mimeType, 'application/octet-stream', 'a NUL in the first bytes means binary');
      assert.equal(logFile.redacted, false);
      assert.ok(logFile.compressedSize && logFile.compressedSize > 0);
      assert.deepEqual(await collect(store.logFiles.content(logFile.id)), bytes);
    });

    it('streams a file from disk: SHA-256 of the original, gzip stored, workspace path recorded', async () => {
      const { store, addIssue, dir, db } = ctx();
      const issueId = addIssue();
      const file = path.join(dir, 'app.log');
      const text = Array.from({ length: 40_000 }, (_, i) => `2026-01-02T03:04:05.${i % 1000}Z INFO request ${i} took ${i % 97} ms`).join('\n');
      writeFileSync(file, text);
      const { logFile } = await store.logFiles.insertFromFile(issueId, file, { workspacePath: 'logs/app.log' });
      assert.equal(logFile.fileName, 'app.log');
      assert.equal(logFile.filePath, 'logs/app.log');
      assert.equal(logFile.mimeType, 'text/plain');
      assert.equal(logFile.fileSize, Buffer.byteLength(text));
      assert.equal(logFile.contentHash, sha256(Buffer.from(text)));
      // What is stored is ordinary gzip (the desktop app reads it the same way).
      const stored = db.get<{ c: Uint8Array }>('SELECT content_compressed AS c FROM log_files WHERE id = ?', [logFile.id])?.c as Uint8Array;
      assert.equal(stored[0], 0x1f);
      assert.equal(stored[1], 0x8b);
      assert.equal(gunzipSync(stored).toString(), text);
      assert.ok(stored.length < text.length / 3, 'compressed');
      assert.equal(await store.logFiles.contentText(logFile.id), text);
    });

    it('records the absolute path when no workspace path is given, and the given name and type', async () => {
      const { store, addIssue, dir } = ctx();
      const issueId = addIssue();
      const file = path.join(dir, 'x.json');
      writeFileSync(file, '{"a":1}');
      const sniffed = (await store.logFiles.insertFromFile(issueId, file)).logFile;
      assert.equal(sniffed.filePath, file);
      assert.equal(sniffed.mimeType, 'application/json');
      writeFileSync(file, '{"a":2}');
      const named = (await store.logFiles.insertFromFile(issueId, file, { fileName: 'Shown name.log', mimeType: 'text/x-log' })).logFile;
      assert.equal(named.fileName, 'Shown name.log');
      assert.equal(named.mimeType, 'text/x-log');
    });

    it('keeps UTF-8 text exactly: CRLF and LF line endings, a BOM, astral characters; invalid bytes become U+FFFD', async () => {
      const { store, addIssue } = ctx();
      const issueId = addIssue();
      const valid = '\uFEFFline one\r\nligne deux — ünïcødé\nthird 🚀 line\r\n\r\nend';
      const bytes = Buffer.concat([Buffer.from(valid), Buffer.from([0xff, 0xc3]), Buffer.from(' after\r\n')]);
      const { logFile } = store.logFiles.insertContent(issueId, bytes, { fileName: 'mixed.log' });
      const text = await store.logFiles.contentText(logFile.id);
      assert.equal(text, `${valid}\uFFFD\uFFFD after\r\n`);
      assert.deepEqual(await collect(store.logFiles.content(logFile.id)), bytes, 'the bytes themselves are untouched');
    });

    it('finds the logs holding given content by its SHA-256, in every incident, newest first', async () => {
      const { store, addIssue } = ctx();
      const bytes = Buffer.from('GET /pay 502\n');
      const first = store.logFiles.insertContent(addIssue(), bytes, { fileName: 'a.log' }).logFile;
      const second = store.logFiles.insertContent(addIssue(), bytes, { fileName: 'b.log' }).logFile;
      store.logFiles.insertContent(addIssue(), Buffer.from('other\n'), { fileName: 'c.log' });
      const found = store.logFiles.findByContentHash(sha256(bytes)).map((log) => log.id);
      assert.deepEqual(found, [second.id, first.id]);
      assert.deepEqual(store.logFiles.findByContentHash(sha256(Buffer.from('nowhere'))), []);
      await failsWith(() => store.logFiles.findByContentHash('ABC'), 'VALIDATION');
    });

    it('round-trips an empty log', async () => {
      const { store, addIssue } = ctx();
      const { logFile } = store.logFiles.insertContent(addIssue(), new Uint8Array(0), { fileName: 'empty.log' });
      assert.equal(logFile.fileSize, 0);
      assert.equal(await store.logFiles.contentText(logFile.id), '');
      const opened = store.logFiles.openContent(logFile.id);
      assert.equal(await store.logFiles.readContent(opened.handle), null);
    });

    it('decodes a multi-byte character split across inflated chunks correctly', async () => {
      const { store, addIssue } = ctx();
      const issueId = addIssue();
      // 65,535 ASCII bytes put the first '€' (3 bytes) across the first 64 KiB chunk boundary, and so on.
      const text = `${'a'.repeat(65_535)}${'€'.repeat(100_000)}`;
      const { logFile } = store.logFiles.insertContent(issueId, Buffer.from(text), { fileName: 'euro.log' });
      assert.equal(await store.logFiles.contentText(logFile.id), text);
    });

    it('reads back content larger than one window (incompressible 12 MB: several substr windows)', async () => {
      const { store, addIssue } = ctx();
      const issueId = addIssue();
      const bytes = randomBytes(12 * 1024 * 1024);
      const { logFile } = store.logFiles.insertContent(issueId, bytes, { fileName: 'random.bin' });
      assert.ok((logFile.compressedSize ?? 0) > 8 * 1024 * 1024, 'more than two 4 MiB windows');
      const back = await collect(store.logFiles.content(logFile.id));
      assert.equal(sha256(back), sha256(bytes));
    });

    it('reads through handles for the main thread: chunks of about chunkBytes, then null, then HANDLE_CLOSED', async () => {
      const { store, addIssue } = ctx();
      const issueId = addIssue();
      const bytes = Buffer.from('0123456789abcdef\n'.repeat(40_000)); // 680,000 bytes
      const { logFile } = store.logFiles.insertContent(issueId, bytes, { fileName: 'chunks.log' });
      const opened = store.logFiles.openContent(logFile.id, { chunkBytes: 128 * 1024 });
      assert.equal(opened.fileSize, bytes.length);
      const parts: Uint8Array[] = [];
      for (let chunk = await store.logFiles.readContent(opened.handle); chunk; chunk = await store.logFiles.readContent(opened.handle)) {
        assert.ok(chunk.length <= 128 * 1024 + 64 * 1024, `chunk of ${chunk.length} bytes`);
        assert.equal(chunk.buffer.byteLength, chunk.length, 'an exactly sized copy: nothing extra crosses the thread boundary');
        parts.push(chunk);
      }
      assert.ok(parts.length >= 5);
      assert.deepEqual(Buffer.concat(parts), bytes);
      await failsWith(() => store.logFiles.readContent(opened.handle), 'HANDLE_CLOSED');
      // Closing early ends the read.
      const early = store.logFiles.openContent(logFile.id, { chunkBytes: 1024 });
      assert.ok(await store.logFiles.readContent(early.handle));
      assert.equal(await store.logFiles.closeContent(early.handle), true);
      assert.equal(await store.logFiles.closeContent(early.handle), false);
      await failsWith(() => store.logFiles.readContent(early.handle), 'HANDLE_CLOSED');
    });

    it('fails typed: unknown log, unknown issue, legacy row without content, corrupt gzip, deleted mid-read', async () => {
      const { store, addIssue, db } = ctx();
      const issueId = addIssue();
      await failsWith(() => store.logFiles.contentText(newId()), 'NOT_FOUND');
      assert.throws(() => store.logFiles.openContent(newId()), (e: unknown) => (e as { code?: string }).code === 'NOT_FOUND');
      await failsWith(() => store.logFiles.insertContent(newId(), Buffer.from('x'), { fileName: 'a.log' }), 'NOT_FOUND');
      assert.equal(store.logFiles.get(newId()), null);

      const legacy = newId();
      db.exec("INSERT INTO log_files(id, issue_id, file_name, file_path, file_size, uploaded_at) VALUES (?, ?, 'old.log', '/var/log/old.log', 10, '2025-01-01 00:00:00')", [legacy, issueId]);
      const noContent = await failsWith(() => store.logFiles.contentText(legacy), 'NO_CONTENT');
      assert.equal(noContent.details.filePath, '/var/log/old.log');
      assert.equal(store.logFiles.get(legacy)?.compressedSize, null);

      const corrupt = newId();
      const good = gzipSync(Buffer.from('hello world '.repeat(1000)));
      const broken = Buffer.from(good);
      broken[broken.length - 6] ^= 0xff; // the CRC32 in the gzip trailer
      db.exec("INSERT INTO log_files(id, issue_id, file_name, file_path, file_size, uploaded_at, content_compressed) VALUES (?, ?, 'bad.log', '', 12000, '2025-01-01 00:00:00', ?)", [corrupt, issueId, broken]);
      await failsWith(() => collect(store.logFiles.content(corrupt)), 'CORRUPT_CONTENT');
      const truncated = newId();
      db.exec("INSERT INTO log_files(id, issue_id, file_name, file_path, file_size, uploaded_at, content_compressed) VALUES (?, ?, 'cut.log', '', 12000, '2025-01-01 00:00:00', ?)", [truncated, issueId, good.subarray(0, good.length - 20)]);
      await failsWith(() => collect(store.logFiles.content(truncated)), 'CORRUPT_CONTENT');

      // A log deleted between two windows of a read.
      const big = store.logFiles.insertContent(issueId, randomBytes(9 * 1024 * 1024), { fileName: 'big.bin' }).logFile;
      const iterator = store.logFiles.content(big.id)[Symbol.asyncIterator]();
      assert.equal((await iterator.next()).done, false);
      assert.equal(store.logFiles.delete(big.id), true);
      await failsWith(async () => {
        for (let step = await iterator.next(); !step.done; step = await iterator.next());
      }, 'NOT_FOUND');
    });

    it('validates its input with typed VALIDATION errors', async () => {
      const { store, addIssue } = ctx();
      const issueId = addIssue();
      await failsWith(() => store.logFiles.insertFromFile(issueId, 'relative/app.log'), 'VALIDATION');
      await failsWith(() => store.logFiles.insertContent(issueId, Buffer.from('x'), { fileName: '' }), 'VALIDATION');
      await failsWith(() => store.logFiles.insertContent(issueId, Buffer.from('x'), { fileName: 'a.log', mimeType: 'not a type' }), 'VALIDATION');
      await failsWith(() => store.logFiles.contentText(newId(), { maxBytes: -1 }), 'VALIDATION');
    });

    it('refuses files it cannot attach: missing, a folder', async () => {
      const { store, addIssue, dir } = ctx();
      const issueId = addIssue();
      await failsWith(() => store.logFiles.insertFromFile(issueId, path.join(dir, 'missing.log')), 'FILE_UNREADABLE');
      mkdirSync(path.join(dir, 'folder'));
      await failsWith(() => store.logFiles.insertFromFile(issueId, path.join(dir, 'folder')), 'INVALID_CONTENT');
      assert.equal(store.logFiles.listForIssue(issueId).length, 0);
    });

    it('refuses content that compresses beyond the cap, leaving nothing', async () => {
      const { store, addIssue, dir } = ctx();
      const issueId = addIssue();
      const file = path.join(dir, 'noise.bin');
      writeFileSync(file, randomBytes(2 * 1024 * 1024));
      await failsWith(() => store.logFiles.insertFromFile(issueId, file, {}, { maxCompressedBytes: 1024 * 1024 }), 'CONTENT_TOO_LARGE');
      assert.equal(store.logFiles.listForIssue(issueId).length, 0);
      await failsWith(() => store.logFiles.insertContent(issueId, new Uint8Array(33 * 1024 * 1024), { fileName: 'big.log' }), 'CONTENT_TOO_LARGE');
    });
  });

  describe('duplicates', () => {
    it('does not store the same content twice on one issue, by file or by bytes; another issue gets its own row', async () => {
      const { store, addIssue, dir, db } = ctx();
      const a = addIssue('A');
      const b = addIssue('B');
      const file = path.join(dir, 'dup.log');
      writeFileSync(file, 'same content\n'.repeat(1000));
      const first = await store.logFiles.insertFromFile(a, file);
      const second = await store.logFiles.insertFromFile(a, file, { fileName: 'renamed.log' });
      assert.equal(second.duplicate, true);
      assert.equal(second.logFile.id, first.logFile.id);
      assert.equal(second.logFile.fileName, 'dup.log', 'the existing row, unchanged');
      const third = store.logFiles.insertContent(a, Buffer.from('same content\n'.repeat(1000)), { fileName: 'pasted.log' });
      assert.equal(third.duplicate, true);
      assert.equal(third.logFile.id, first.logFile.id);
      const other = await store.logFiles.insertFromFile(b, file);
      assert.equal(other.duplicate, false);
      assert.notEqual(other.logFile.id, first.logFile.id);
      assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM log_files')?.n, 2);
      // Only real attaches leave a trace.
      assert.equal(store.audit.list({ action: 'log.attached' }).length, 2);
      assert.equal(store.timeline.list(a).filter((e) => e.eventType === 'log_uploaded').length, 1);
    });
  });

  describe('cancellation', () => {
    const writeBig = (dir: string) => {
      const file = path.join(dir, 'big.log');
      writeFileSync(file, Buffer.alloc(8 * 1024 * 1024, 'log line with some text\n'));
      return file;
    };
    const nothingLeft = (t: ReturnType<typeof ctx>, issueId: string) => {
      assert.equal(t.store.logFiles.listForIssue(issueId).length, 0);
      assert.equal(t.store.timeline.list(issueId).length, 0);
      assert.equal(t.store.audit.list({ action: 'log.attached' }).length, 0);
    };

    it('an AbortSignal aborted mid-read leaves no row, no timeline event, no audit row', async () => {
      const t = ctx();
      const issueId = t.addIssue();
      const controller = new AbortController();
      let seen = 0;
      await failsWith(
        () => t.store.logFiles.insertFromFile(issueId, writeBig(t.dir), {}, { signal: controller.signal, onProgress: (read) => (seen = read) >= 2 * 1024 * 1024 && controller.abort() }),
        'CANCELLED',
      );
      assert.ok(seen >= 2 * 1024 * 1024 && seen < 8 * 1024 * 1024, `stopped part-way (${seen} bytes read)`);
      nothingLeft(t, issueId);
    });

    it('shouldCancel() answering true between chunks leaves nothing', async () => {
      const t = ctx();
      const issueId = t.addIssue();
      let calls = 0;
      await failsWith(() => t.store.logFiles.insertFromFile(issueId, writeBig(t.dir), {}, { shouldCancel: () => ++calls > 3 }), 'CANCELLED');
      nothingLeft(t, issueId);
    });

    it('a shared cancel flag (how the main thread cancels across the worker boundary) leaves nothing', async () => {
      const t = ctx();
      const issueId = t.addIssue();
      const flag = new Int32Array(new SharedArrayBuffer(4));
      await failsWith(
        () => t.store.logFiles.insertFromFile(issueId, writeBig(t.dir), {}, { cancelFlag: flag, onProgress: () => Atomics.store(flag, 0, 1) }),
        'CANCELLED',
      );
      nothingLeft(t, issueId);
      // The same file attaches fine once nothing cancels it.
      Atomics.store(flag, 0, 0);
      const { logFile } = await t.store.logFiles.insertFromFile(issueId, path.join(t.dir, 'big.log'), {}, { cancelFlag: flag });
      assert.equal(logFile.fileSize, 8 * 1024 * 1024);
    });
  });

  describe('lists, timeline, audit, redaction, delete', () => {
    it('lists an issue’s logs in upload order without content; records timeline log_uploaded and audit log.attached', async () => {
      const { store, addIssue, clock } = ctx();
      const issueId = addIssue();
      const first = store.logFiles.insertContent(issueId, Buffer.from('one'), { fileName: 'one.log' }).logFile;
      clock.advance(1000);
      const second = store.logFiles.insertContent(issueId, Buffer.from('two two'), { fileName: 'two.log', workspacePath: 'logs/two.log' }).logFile;
      const list = store.logFiles.listForIssue(issueId);
      assert.deepEqual(list.map((l) => l.id), [first.id, second.id]);
      for (const row of list) assert.ok(!('content_compressed' in row) && !('content' in row), 'no BLOB in lists');
      assert.deepEqual(store.logFiles.get(second.id), second);
      assert.equal(second.uploadedAt, '2026-01-02 03:04:06');

      const events = store.timeline.list(issueId);
      assert.deepEqual(events.map((e) => [e.eventType, e.metadata]), [
        ['log_uploaded', { file_name: 'one.log', file_size: 3 }],
        ['log_uploaded', { file_name: 'two.log', file_size: 7 }],
      ]);
      const attached = store.audit.list({ action: 'log.attached', entityId: second.id });
      assert.equal(attached.length, 1);
      const details = JSON.parse(attached[0]?.details ?? '{}') as Record<string, unknown>;
      assert.equal(details.content_hash, sha256(Buffer.from('two two')));
      assert.equal(details.file_size, 7);
      assert.ok(!JSON.stringify(details).includes('two two'), 'no content in the audit log');
    });

    it('setRedacted records the approval (audit log.redaction_approved) and can withdraw it', () => {
      const { store, addIssue } = ctx();
      const issueId = addIssue();
      const { logFile } = store.logFiles.insertContent(issueId, Buffer.from('user=alice@example.com'), { fileName: 'a.log' });
      assert.equal(store.logFiles.setRedacted(logFile.id, true).redacted, true);
      assert.equal(store.logFiles.get(logFile.id)?.redacted, true);
      assert.equal(store.audit.list({ action: 'log.redaction_approved', entityId: logFile.id }).length, 1);
      assert.equal(store.logFiles.setRedacted(logFile.id, false).redacted, false);
      assert.equal(store.audit.list({ action: 'log.redaction_revoked', entityId: logFile.id }).length, 1);
      assert.throws(() => store.logFiles.setRedacted(newId(), true), (e: unknown) => (e as { code?: string }).code === 'NOT_FOUND');
    });

    it('delete removes the log and its PII spans (cascade) and writes audit log.deleted; deleting the issue removes its logs', () => {
      const { store, addIssue, db } = ctx();
      const issueId = addIssue();
      const { logFile } = store.logFiles.insertContent(issueId, Buffer.from('mail bob@example.com now'), { fileName: 'a.log' });
      const keep = store.logFiles.insertContent(issueId, Buffer.from('ip 10.0.0.1'), { fileName: 'b.log' }).logFile;
      store.piiSpans.replaceForLog(logFile.id, [{ piiType: 'Email', startOffset: 5, endOffset: 20, originalValue: 'bob@example.com', replacement: '[Email]' }]);
      store.piiSpans.replaceForLog(keep.id, [{ piiType: 'IPv4', startOffset: 3, endOffset: 11, originalValue: '10.0.0.1', replacement: '[IPv4]' }]);
      assert.equal(store.logFiles.delete(logFile.id), true);
      assert.equal(store.logFiles.get(logFile.id), null);
      assert.equal(store.piiSpans.listForLog(logFile.id).length, 0);
      assert.equal(store.piiSpans.listForLog(keep.id).length, 1, 'other logs keep their spans');
      const deleted = store.audit.list({ action: 'log.deleted', entityId: logFile.id });
      assert.equal(deleted.length, 1);
      assert.equal((JSON.parse(deleted[0]?.details ?? '{}') as { pii_spans_deleted: number }).pii_spans_deleted, 1);
      assert.equal(store.logFiles.delete(logFile.id), false);

      db.exec('DELETE FROM issues WHERE id = ?', [issueId]);
      assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM log_files')?.n, 0);
      assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM pii_spans')?.n, 0);
      assert.deepEqual(store.audit.verify(), { ok: true, rows: store.audit.list({ limit: 10_000 }).length });
    });
  });
});
