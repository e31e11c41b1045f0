// More of the content modules' edges: what each error carries for its caller (code, details, name), near-miss magic
// numbers, legacy rows, the exact SQL sent for a window, lazy pulls while inflating, and iterators without return().
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Database } from '../../../../src/storage/database';
import { blobWindows } from '../../../../src/storage/content/blobWindows';
import type { ContentError } from '../../../../src/storage/content/errors';
import { compressFile } from '../../../../src/storage/content/gzip';
import { INFLATE_CHUNK_BYTES, inflateGuarded } from '../../../../src/storage/content/inflate';
import { BOMB_MARGIN_BYTES, decodeLogPieces, LOG_COLUMNS, logTooLarge, prepareLogRead } from '../../../../src/storage/content/logContent';
import type { LogFileRow } from '../../../../src/storage/content/logContent';
import { sniffImageMime, sniffLogMime } from '../../../../src/storage/content/mime';
import { ContentReaders } from '../../../../src/storage/content/readHandles';
import { encodingRefused } from '../../../../src/storage/content/text';

const ROW_SQL = `SELECT ${LOG_COLUMNS}, typeof(content_compressed) AS kind FROM log_files WHERE id = ?`;
const WINDOW_SQL = 'SELECT substr(content_compressed, ?, ?) AS chunk, length(content_compressed) AS size FROM log_files WHERE id = ?';

/** A stand-in database for one stored log that accepts only the exact statements and parameters expected. */
function strictDb(id: string, row: Partial<LogFileRow> & { file_name: string }, blob: Uint8Array | null) {
  return {
    get(sql: string, params: unknown[]) {
      assert.equal(params[params.length - 1], id);
      if (sql === ROW_SQL) {
        assert.deepEqual(params, [id]);
        return { id, issue_id: 'i', file_path: '/logs/x.log', file_size: null, mime_type: null, content_hash: null, uploaded_at: '', redacted: 0, ...row, compressed_size: blob?.length ?? null, kind: blob ? 'blob' : 'null' };
      }
      assert.equal(sql, WINDOW_SQL);
      const [start, length] = params as [number, number];
      return { chunk: (blob as Uint8Array).subarray(start - 1, start - 1 + length), size: (blob as Uint8Array).length };
    },
  } as unknown as Database;
}

async function collect(content: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const out: Uint8Array[] = [];
  for await (const chunk of content) out.push(chunk);
  return Buffer.concat(out);
}

async function rejection(promise: Promise<unknown>): Promise<ContentError> {
  try {
    await promise;
  } catch (error) {
    return error as ContentError;
  }
  throw new Error('expected a rejection');
}

describe('content modules: more edges', () => {
  it('magic numbers: one wrong byte anywhere is not the format', () => {
    const b = (...values: number[]) => Uint8Array.from(values);
    assert.equal(sniffLogMime(b(0x1e, 0x8b, 0x41), 'a.log'), 'text/plain');
    for (const near of [[0x51, 0x4b, 0x03, 0x04], [0x50, 0x4c, 0x03, 0x04], [0x50, 0x4b, 0x02, 0x04]]) assert.equal(sniffLogMime(b(...near), 'a.log'), 'text/plain', String(near));
    assert.equal(sniffImageMime(new TextEncoder().encode('GAF89a')), undefined);
    assert.equal(sniffImageMime(new TextEncoder().encode('XXXX9a')), undefined);
    assert.equal(sniffImageMime(new TextEncoder().encode('RIFX\0\0\0\0WEBPVP8 ')), undefined);
    assert.equal(sniffImageMime(new TextEncoder().encode('XXXX\0\0\0\0WEBPVP8 ')), undefined);
  });

  it('windows of a BLOB whose size is a whole number of windows: no empty window after the last', () => {
    const blob = randomBytes(8);
    const windows: number[][] = [];
    const db = { get: (_sql: string, params: number[]) => { windows.push(params.slice(0, 2)); return { chunk: blob.subarray(params[0] - 1, params[0] - 1 + params[1]), size: 8 }; } } as unknown as Database;
    assert.equal([...blobWindows(db, { table: 'log_files', column: 'content_compressed', id: 'a', size: 8 }, 4)].length, 2);
    assert.deepEqual(windows, [[1, 4], [5, 4]]);
  });

  it('errors carry what their caller shows: code, name and details', () => {
    const at = { table: 'log_files', column: 'content_compressed', id: 'gone', size: 4 } as const;
    const empty = { get: () => undefined } as unknown as Database;
    assert.throws(() => [...blobWindows(empty, at)], (e: ContentError) => e.name === 'ContentError' && e.details.id === 'gone');
    const changed = { get: () => ({ chunk: new Uint8Array(4), size: 5 }) } as unknown as Database;
    assert.throws(() => [...blobWindows(changed, at)], (e: ContentError) => e.details.id === 'gone');
    assert.deepEqual(encodingRefused('a.log', 'why').details, { reason: 'why' });
    const row = { id: 'r', file_name: 'r.log', file_size: 10 } as LogFileRow;
    assert.deepEqual(logTooLarge(row, 5, 7).details, { id: 'r', limit: 5, recordedSize: 10, inflated: 7 });
    assert.throws(() => prepareLogRead(strictDb('n', { file_name: 'n.log' }, null), 'n'), (e: ContentError) => e.details.id === 'n' && e.details.filePath === '/logs/x.log');
  });

  it('says which input is invalid: the log id or the read options', () => {
    const db = strictDb('x', { file_name: 'x.log' }, gzipSync('x'));
    assert.throws(() => prepareLogRead(db, ''), (e: Error) => e.message.startsWith('Invalid log file id: '));
    assert.throws(() => prepareLogRead(db, 'x', { maxBytes: -1 }), (e: Error) => e.message.startsWith('Invalid read options: '));
  });

  it('a legacy row without a recorded size reads past 64 KiB; a bomb guard equal to the caller\'s cap is a bomb', async () => {
    const big = randomBytes(200_000);
    assert.equal((await collect(prepareLogRead(strictDb('l', { file_name: 'l.log', file_size: null }, gzipSync(big)), 'l').content)).length, 200_000);
    const error = await rejection(collect(prepareLogRead(strictDb('b', { file_name: 'b.log', file_size: 1000 }, gzipSync(Buffer.alloc(200_000))), 'b', { maxBytes: 1000 + BOMB_MARGIN_BYTES }).content));
    assert.equal(error.code, 'DECOMPRESSION_BOMB');
    assert.deepEqual(Object.keys(error.details).sort(), ['id', 'inflated', 'recordedSize']);
  });

  it('decodes a large log piece by piece, without an empty piece at the end', async () => {
    const text = 'line of plain ASCII text\n'.repeat(20_000);
    const bytes = new TextEncoder().encode(text);
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += 65_536) yield bytes.subarray(at, at + 65_536);
    }
    const pieces: string[] = [];
    for await (const piece of decodeLogPieces(chunks(), 'big.log')) pieces.push(piece);
    assert.ok(pieces.length > 2, `${pieces.length} pieces`);
    assert.ok(pieces.every((p) => p.length > 0));
    assert.equal(pieces.join(''), text);
  });

  it('inflating yields 64 KiB chunks and stops its source when the reader leaves early', async () => {
    let finished = false;
    const sizes: number[] = [];
    async function* source() {
      try {
        yield gzipSync(randomBytes(1024 * 1024));
      } finally {
        finished = true;
      }
    }
    for await (const chunk of inflateGuarded(source(), { maxBytes: Infinity, exceeded: () => new Error('no') })) {
      sizes.push(chunk.length);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(sizes, [INFLATE_CHUNK_BYTES]);
    assert.equal(finished, true);
  });

  it('an error of the source with a code of its own is not called corrupt gzip', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield gzipSync('x').subarray(0, 4);
      throw Object.assign(new Error('device gone'), { code: 'EIO' });
    }
    const error = await rejection(collect(inflateGuarded(failing(), { maxBytes: 100, exceeded: () => new Error('no') })));
    assert.equal((error as unknown as { code: string }).code, 'EIO');
    assert.equal(error.message, 'device gone');
  });

  it('a file that cannot be read for another reason says that reason', async () => {
    const error = await rejection(compressFile('/etc/hostname/not-a-folder'));
    assert.equal(error.code, 'FILE_UNREADABLE');
    assert.ok(!error.message.includes('does not exist') && /ENOTDIR|not a directory/.test(error.message), error.message);
    assert.equal(error.details.fsCode, 'ENOTDIR');
    const missing = await rejection(compressFile('/nonexistent-trcaa/x.log'));
    assert.equal(missing.details.file, '/nonexistent-trcaa/x.log');
  });

  it('read handles: bytes copied whole; a wrong-kind read is HANDLE_CLOSED naming the handle; iterators without return() close and expire', async () => {
    const readers = new ContentReaders();
    async function* parts() {
      yield Uint8Array.from([1, 2, 3]);
      yield Uint8Array.from([4, 5]);
    }
    const handle = readers.open(parts());
    assert.deepEqual([...((await readers.read(handle)) ?? [])], [1, 2, 3, 4, 5]);
    const text = readers.openText((async function* () { yield 't'; })());
    await assert.rejects(readers.read(text), (e: ContentError) => e.code === 'HANDLE_CLOSED' && e.details.handle === text);
    await assert.rejects(readers.read('nope'), (e: ContentError) => e.details.handle === 'nope');

    const bare = (): AsyncIterable<Uint8Array> => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: false, value: new Uint8Array(1) }) }) });
    const closable = readers.open(bare());
    assert.equal(await readers.close(closable), true);
    let now = 0;
    const expiring = new ContentReaders(() => now);
    expiring.open(bare());
    now = 10 * 60 * 1000;
    assert.doesNotThrow(() => expiring.open(bare()));
    assert.equal(expiring.openCount, 1);
  });
});
