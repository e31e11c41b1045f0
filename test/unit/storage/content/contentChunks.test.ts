// A large log's gzip in chunk rows (contentChunks.ts): written as the log streams in, adopted by the attach's
// transaction, read back byte for byte, gone with its log, and never left behind by an attach that did not land.
// Small thresholds here (the defaults are 32 MiB and 1 MiB) so that a log of a few hundred KB takes the chunked path.
import * as assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { generateAccessLog } from '../../../../src/core/demo/accessLog';
import { chunkedSize, readChunks, StagedContent } from '../../../../src/storage/content/contentChunks';
import type { ContentError } from '../../../../src/storage/content/errors';
import { useAttachmentStore } from '../repositories/attachmentTestStore';

const CHUNK = 16 * 1024;
const chunking = { fromBytes: 256 * 1024, chunkBytes: CHUNK };

function writeAccessLog(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  generateAccessLog(bytes, (piece) => writeSync(fd, piece));
  closeSync(fd);
}

async function readAll(content: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of content) parts.push(part);
  return Buffer.concat(parts);
}

describe('large logs: content in chunk rows', function () {
  this.timeout(60_000);
  const ctx = useAttachmentStore({ encrypted: true, store: { contentChunking: chunking } });

  const chunkRows = (db: ReturnType<typeof ctx>['db'], logId?: string) =>
    db.query<{ log_file_id: string; seq: number; size: number }>(
      `SELECT log_file_id, seq, length(data) AS size FROM log_content_chunks ${logId ? 'WHERE log_file_id = ?' : ''} ORDER BY log_file_id, seq`,
      logId ? [logId] : [],
    );
  const stagingRows = (db: ReturnType<typeof ctx>['db']) => db.query('SELECT * FROM log_content_staging');

  it('stores a large log in chunks instead of the seed column, and reads it back byte for byte', async () => {
    const { db, store, addIssue, dir } = ctx();
    const file = path.join(dir, 'access.log');
    writeAccessLog(file, 1024 * 1024);
    const bytes = readFileSync(file);

    const { logFile, pii } = await store.logFiles.insertFromFile(addIssue(), file);
    const row = db.get<{ kind: string }>('SELECT typeof(content_compressed) AS kind FROM log_files WHERE id = ?', [logFile.id]);
    assert.equal(row?.kind, 'null', 'the seed column holds nothing');
    const chunks = chunkRows(db, logFile.id);
    assert.ok(chunks.length > 1, `${chunks.length} chunks`);
    assert.deepEqual(chunks.map((c) => c.seq), chunks.map((_, i) => i));
    assert.ok(chunks.slice(0, -1).every((c) => c.size === CHUNK) && chunks.at(-1)!.size <= CHUNK);
    assert.equal(logFile.compressedSize, chunks.reduce((n, c) => n + c.size, 0));
    assert.equal(store.logFiles.get(logFile.id)?.compressedSize, logFile.compressedSize);
    assert.deepEqual(stagingRows(db), [], 'the attach adopted its chunks');

    assert.ok(bytes.equals(await readAll(store.logFiles.content(logFile.id))), 'the content reads back unchanged');
    const handle = store.logFiles.openContent(logFile.id);
    const read: Uint8Array[] = [];
    for (let piece = await store.logFiles.readContent(handle.handle); piece; piece = await store.logFiles.readContent(handle.handle)) read.push(piece);
    assert.ok(bytes.equals(Buffer.concat(read)), 'through a read handle too');

    // The scan and what reads the text (the redacted text) work from the chunks as from the column.
    assert.ok((pii?.spans ?? 0) > 1000);
    let redacted = '';
    for await (const piece of store.logFiles.redactedText(logFile.id)) redacted += piece;
    assert.equal(redacted.split('\n').length, bytes.toString().split('\n').length);
    assert.doesNotMatch(redacted, /user\d+@example\.com|\b10\.\d+\.\d+\.\d+\b/);
  });

  it('keeps a log below the threshold in the seed column, which the desktop app reads', async () => {
    const { db, store, addIssue, dir } = ctx();
    const file = path.join(dir, 'small.log');
    writeAccessLog(file, 100 * 1024);
    const { logFile } = await store.logFiles.insertFromFile(addIssue(), file);
    assert.equal(db.get<{ kind: string }>('SELECT typeof(content_compressed) AS kind FROM log_files WHERE id = ?', [logFile.id])?.kind, 'blob');
    assert.deepEqual(chunkRows(db), []);
    assert.ok(readFileSync(file).equals(await readAll(store.logFiles.content(logFile.id))));
  });

  it('removes the chunks with their log, whether the log or its incident is deleted', async () => {
    const { db, store, addIssue, dir } = ctx();
    const file = path.join(dir, 'access.log');
    writeAccessLog(file, 600 * 1024);
    const first = (await store.logFiles.insertFromFile(addIssue(), file)).logFile;
    const issue = addIssue();
    const second = (await store.logFiles.insertFromFile(issue, file)).logFile;
    assert.ok(chunkRows(db, first.id).length > 1 && chunkRows(db, second.id).length > 1);

    store.logFiles.delete(first.id);
    assert.deepEqual(chunkRows(db, first.id), []);
    assert.ok(chunkRows(db, second.id).length > 1, 'the other log keeps its chunks');
    store.issues.delete(issue);
    assert.deepEqual(chunkRows(db), [], 'gone with the incident (the cascade fires the trigger)');
  });

  it('a cancelled, refused or duplicate attach leaves no chunks and no staging row', async () => {
    const { db, store, addIssue, dir } = ctx();
    const issueId = addIssue();
    const file = path.join(dir, 'access.log');
    writeAccessLog(file, 3 * 1024 * 1024);

    let calls = 0;
    await assert.rejects(store.logFiles.insertFromFile(issueId, file, {}, { shouldCancel: () => ++calls > 2 }), (e: ContentError) => e.code === 'CANCELLED');
    assert.ok(calls > 2);
    assert.deepEqual(chunkRows(db), []);
    assert.deepEqual(stagingRows(db), []);

    const binary = path.join(dir, 'utf16-without-bom.log');
    writeFileSync(binary, Buffer.from('x'.repeat(400 * 1024), 'utf16le'));
    await assert.rejects(store.logFiles.insertFromFile(issueId, binary), (e: ContentError) => e.code === 'UNSUPPORTED_ENCODING');
    assert.deepEqual(chunkRows(db), []);
    assert.deepEqual(stagingRows(db), []);

    const kept = (await store.logFiles.insertFromFile(issueId, file)).logFile;
    const before = chunkRows(db);
    const again = await store.logFiles.insertFromFile(issueId, file);
    assert.equal(again.duplicate, true);
    assert.equal(again.logFile.id, kept.id);
    assert.deepEqual(chunkRows(db), before, 'the duplicate\'s chunks went');
    assert.deepEqual(stagingRows(db), []);
  });

  it('cuts the gzip into rows of exactly the chunk size, the last one shorter, never an empty one', () => {
    const { db, clock } = ctx();
    const bytes = Buffer.from(Array.from({ length: 2 * CHUNK }, (_, i) => i % 251));
    const staged = new StagedContent(db, 'exact', clock.now(), CHUNK);
    staged.write(bytes.subarray(0, 1000));
    staged.write(bytes.subarray(1000, CHUNK));
    assert.deepEqual(chunkRows(db).map((c) => c.size), [CHUNK], 'a full chunk is written as soon as it is complete');
    staged.write(bytes.subarray(CHUNK, CHUNK + 7));
    staged.write(bytes.subarray(CHUNK + 7));
    db.transaction(() => staged.adopt());
    assert.deepEqual(chunkRows(db).map((c) => c.size), [CHUNK, CHUNK], 'the second chunk is exactly full: no empty third');
    assert.deepEqual(chunkedSize(db, 'exact'), { chunks: 2, size: 2 * CHUNK });
    assert.ok(Buffer.concat([...readChunks(db, 'exact', 2, 2 * CHUNK)]).equals(bytes));
    assert.deepEqual(chunkedSize(db, 'none'), { chunks: 0, size: 0 });
  });

  it('a read of chunks fails with a typed error when they are deleted, damaged or changed meanwhile', () => {
    const { db, clock } = ctx();
    const staged = new StagedContent(db, 'read', clock.now(), 4);
    staged.write(Buffer.from('abcdefghij'));
    db.transaction(() => staged.adopt());
    const reading = readChunks(db, 'read', 3, 10);
    assert.equal(Buffer.from(reading.next().value as Uint8Array).toString(), 'abcd');
    db.exec('DELETE FROM log_content_chunks WHERE seq = 1');
    assert.throws(() => reading.next(), (e: ContentError) => e.code === 'NOT_FOUND' && e.details.id === 'read' && /deleted while it was being read/.test(e.message));

    db.exec("INSERT INTO log_content_chunks(log_file_id, seq, data) VALUES ('read', 1, 'text, not bytes')");
    assert.throws(() => [...readChunks(db, 'read', 3, 10)], (e: ContentError) => e.code === 'CORRUPT_CONTENT' && e.details.id === 'read' && /damaged \(chunk 1\)/.test(e.message));
    db.exec("UPDATE log_content_chunks SET data = x'6566' WHERE seq = 1");
    assert.throws(() => [...readChunks(db, 'read', 3, 10)], (e: ContentError) => e.code === 'CORRUPT_CONTENT' && e.details.id === 'read' && /changed while it was being read/.test(e.message));
  });

  it('sweeps the chunks of an attach that died a day ago, or that no log owns, but not a live attach\'s', async () => {
    const { db, store, clock, addIssue, dir } = ctx();
    const stage = (id: string, startedAt: Date | undefined) => {
      if (startedAt) db.exec('INSERT INTO log_content_staging(log_file_id, started_at) VALUES (?, ?)', [id, startedAt.toISOString()]);
      db.exec("INSERT INTO log_content_chunks(log_file_id, seq, data) VALUES (?, 0, x'1f8b')", [id]);
    };
    stage('crashed-yesterday', new Date(clock.now().getTime() - 25 * 3600_000));
    stage('attaching-elsewhere', new Date(clock.now().getTime() - 3600_000));
    stage('imported-orphan', undefined);
    const file = path.join(dir, 'access.log');
    writeAccessLog(file, 300 * 1024);
    const { logFile } = await store.logFiles.insertFromFile(addIssue(), file);

    const owners = [...new Set(chunkRows(db).map((c) => c.log_file_id))].sort();
    assert.deepEqual(owners, ['attaching-elsewhere', logFile.id].sort());
    assert.deepEqual(stagingRows(db).map((r) => (r as { log_file_id: string }).log_file_id), ['attaching-elsewhere']);
  });
});
