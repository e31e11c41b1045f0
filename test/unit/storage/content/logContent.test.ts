// A stored log read back without SQLite: the row checks at open, the BLOB in windows, the bomb guard against the
// recorded size, the caller's cap, and the read handles the main thread uses. The database is a stand-in that
// answers the two statements these modules send, from one row in memory.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Database } from '../../../../src/storage/database';
import { blobWindows, MIN_WINDOW_BYTES, windowSize } from '../../../../src/storage/content/blobWindows';
import type { ContentError } from '../../../../src/storage/content/errors';
import { BOMB_MARGIN_BYTES, decodeLogPieces, logTooLarge, prepareLogRead } from '../../../../src/storage/content/logContent';
import type { LogFileRow } from '../../../../src/storage/content/logContent';
import { ContentReaders } from '../../../../src/storage/content/readHandles';

interface StoredLog {
  row: Partial<LogFileRow> & { id: string; file_name: string };
  blob: Uint8Array | string | null;
}

/** Answers prepareLogRead's SELECT of the row and blobWindows' substr() windows; records the windows asked for. */
function fakeDb(log: StoredLog | undefined, change?: (call: number) => Partial<{ size: number | null; chunk: unknown }> | undefined) {
  const windows: Array<[number, number]> = [];
  const db = {
    get(sql: string, params: unknown[]) {
      if (!log) return undefined;
      if (sql.includes('typeof(content_compressed)')) {
        const blob = log.blob;
        return {
          issue_id: 'i', file_path: '/var/log/app.log', file_size: null, mime_type: 'text/plain', content_hash: null, uploaded_at: '', redacted: 0,
          ...log.row,
          compressed_size: blob === null ? null : blob.length,
          kind: blob === null ? 'null' : typeof blob === 'string' ? 'text' : 'blob',
        };
      }
      const [start, length] = params as [number, number];
      windows.push([start, length]);
      const blob = log.blob as Uint8Array;
      return { chunk: blob.subarray(start - 1, start - 1 + length), size: blob.length, ...change?.(windows.length) };
    },
  };
  return { db: db as unknown as Database, windows };
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

describe('stored log content without a database engine', () => {
  it('window sizes: at least 4 MiB, else a quarter of the value', () => {
    assert.equal(windowSize(0), MIN_WINDOW_BYTES);
    assert.equal(windowSize(4 * MIN_WINDOW_BYTES), MIN_WINDOW_BYTES);
    assert.equal(windowSize(4 * MIN_WINDOW_BYTES + 1), MIN_WINDOW_BYTES + 1);
    assert.equal(windowSize(40 * 1024 * 1024 + 3), Math.ceil((40 * 1024 * 1024 + 3) / 4));
  });

  it('reads a BLOB in whole windows, the last one short, 1-based as substr() counts', () => {
    const blob = randomBytes(10);
    const { db, windows } = fakeDb({ row: { id: 'a', file_name: 'a.log' }, blob });
    const chunks = [...blobWindows(db, { table: 'log_files', column: 'content_compressed', id: 'a', size: 10 }, 4)];
    assert.deepEqual(windows, [[1, 4], [5, 4], [9, 2]]);
    assert.deepEqual(Buffer.concat(chunks), blob);
  });

  it('a row deleted or changed while it is read is a typed error naming it', () => {
    const at = { table: 'log_files', column: 'content_compressed', id: 'a', size: 10 } as const;
    const gone = fakeDb(undefined).db;
    assert.throws(() => [...blobWindows(gone, at, 4)], (e: ContentError) => e.code === 'NOT_FOUND' && e.message === 'The attachment a was deleted while it was being read.');
    for (const change of [{ size: 11 }, { chunk: 'text' }, { chunk: new Uint8Array(3) }]) {
      const { db } = fakeDb({ row: { id: 'a', file_name: 'a.log' }, blob: randomBytes(10) }, (call) => (call === 2 ? change : undefined));
      assert.throws(() => [...blobWindows(db, at, 4)], (e: ContentError) => e.code === 'CORRUPT_CONTENT' && e.message === 'The stored content of a changed while it was being read.', JSON.stringify(change));
    }
  });

  it('opens a stored log and inflates it', async () => {
    const text = randomBytes(50_000);
    const { db } = fakeDb({ row: { id: 'log1', file_name: 'api.log', file_size: text.length }, blob: gzipSync(text) });
    const read = prepareLogRead(db, 'log1');
    assert.equal(read.compressedSize, gzipSync(text).length);
    assert.deepEqual(await collect(read.content), text);
  });

  it('refuses at open: no such log, a legacy row without content, content that is not a BLOB', () => {
    assert.throws(() => prepareLogRead(fakeDb(undefined).db, 'gone'), (e: ContentError) => e.code === 'NOT_FOUND' && e.message === 'No log file gone: it may have been deleted.');
    assert.throws(() => prepareLogRead(fakeDb({ row: { id: 'old', file_name: 'old.log' }, blob: null }).db, 'old'),
      (e: ContentError) => e.code === 'NO_CONTENT' && e.message === 'old.log was attached before TRCAA kept log contents; it can only be read from /var/log/app.log.');
    assert.throws(() => prepareLogRead(fakeDb({ row: { id: 't', file_name: 't.log' }, blob: 'text' }).db, 't'),
      (e: ContentError) => e.code === 'CORRUPT_CONTENT' && e.message === 'The stored content of t.log is not gzip data.');
  });

  it('content inflating past its recorded size (plus the margin) is refused as a decompression bomb', async () => {
    const recorded = 1000;
    const fits = randomBytes(recorded + BOMB_MARGIN_BYTES);
    assert.equal((await collect(prepareLogRead(fakeDb({ row: { id: 'b', file_name: 'b.log', file_size: recorded }, blob: gzipSync(fits) }).db, 'b').content)).length, fits.length);
    const bomb = Buffer.alloc(recorded + BOMB_MARGIN_BYTES + 1);
    const error = await rejection(collect(prepareLogRead(fakeDb({ row: { id: 'b', file_name: 'b.log', file_size: recorded }, blob: gzipSync(bomb) }).db, 'b').content));
    assert.equal(error.code, 'DECOMPRESSION_BOMB');
    assert.match(error.message, /^b\.log was refused: its stored content inflates beyond its recorded size of 1000 bytes \(stopped after \d+ bytes\)\. It may be a decompression bomb\.$/);
  });

  it('the caller\'s cap applies when it is below the recorded size, and a legacy row without size', async () => {
    const content = randomBytes(5000);
    for (const fileSize of [5000, null]) {
      const { db } = fakeDb({ row: { id: 'c', file_name: 'c.log', file_size: fileSize }, blob: gzipSync(content) });
      assert.equal((await collect(prepareLogRead(db, 'c', { maxBytes: 5000 }).content)).length, 5000);
      const error = await rejection(collect(prepareLogRead(db, 'c', { maxBytes: 4999 }).content));
      assert.equal(error.code, 'CONTENT_TOO_LARGE');
      assert.match(error.message, /^c\.log is larger than the 4999 bytes this read allows \(stopped after \d+ bytes\)\.$/);
    }
    const row = { id: 'c', file_name: 'c.log', file_size: 5000 } as LogFileRow;
    assert.equal(logTooLarge(row, 10).message, 'c.log is larger than the 10 bytes this read allows (it has 5000 bytes).');
    assert.deepEqual(logTooLarge(row, 10).details, { id: 'c', limit: 10, recordedSize: 5000 });
  });

  it('decodes pieces to text, skipping empty pieces', async () => {
    async function* bytes() {
      yield Uint8Array.from([0xc3]); // half of é: nothing to emit yet
      yield Uint8Array.from([0xa9, 0x41]);
    }
    const pieces: string[] = [];
    for await (const piece of decodeLogPieces(bytes(), 'x.log')) pieces.push(piece);
    assert.deepEqual(pieces, ['éA']);
  });
});

describe('content read handles', () => {
  async function* chunks(...sizes: number[]) {
    for (const size of sizes) yield new Uint8Array(size).fill(size % 256);
  }

  it('reads about chunkBytes at a time into fresh exactly sized arrays, then null and the handle closes', async () => {
    const readers = new ContentReaders();
    const handle = readers.open(chunks(300, 300, 300, 100), 500);
    const first = await readers.read(handle);
    assert.equal(first?.length, 600);
    assert.equal(first?.buffer.byteLength, 600);
    assert.equal((await readers.read(handle))?.length, 400);
    assert.equal(await readers.read(handle), null);
    assert.equal(readers.openCount, 0);
    await assert.rejects(readers.read(handle), (e: ContentError) => e.code === 'HANDLE_CLOSED' && e.message === 'This content read has finished, was closed or expired; open it again.');
  });

  it('text handles return strings; each kind of handle refuses the other read with a message saying which to use', async () => {
    const readers = new ContentReaders();
    async function* words() {
      yield 'ab';
      yield 'cd';
    }
    const text = readers.openText(words(), 3);
    const bytes = readers.open(chunks(5));
    assert.equal(readers.isText(text), true);
    assert.equal(readers.isText(bytes), false);
    await assert.rejects(readers.read(text), { message: 'This handle reads redacted text: use readRedacted().' });
    await assert.rejects(readers.readText(bytes), { message: 'This handle reads bytes: use readContent().' });
    assert.equal(await readers.readText(text), 'abcd');
    assert.equal(await readers.readText(text), null);
  });

  it('a failing source closes its handle and passes its error on', async () => {
    const readers = new ContentReaders();
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(1);
      throw new Error('disk gone');
    }
    const handle = readers.open(failing(), 10);
    await assert.rejects(readers.read(handle), { message: 'disk gone' });
    assert.equal(readers.openCount, 0);
  });

  it('close ends the source; closing twice says false', async () => {
    const readers = new ContentReaders();
    let finished = false;
    async function* source() {
      try {
        yield new Uint8Array(1);
        yield new Uint8Array(1);
      } finally {
        finished = true;
      }
    }
    const handle = readers.open(source(), 1);
    await readers.read(handle);
    assert.equal(await readers.close(handle), true);
    assert.equal(finished, true);
    assert.equal(await readers.close(handle), false);
    const a = readers.open(chunks(1));
    readers.open(chunks(1));
    await readers.closeAll();
    assert.equal(readers.openCount, 0);
    assert.equal(readers.isText(a), false);
  });

  it('handles idle for more than five minutes expire when the next one opens; at most 32 stay open, least recently used first', async () => {
    let now = 0;
    const readers = new ContentReaders(() => now);
    const idle = readers.open(chunks(1, 1));
    now = 5 * 60 * 1000;
    const fresh = readers.open(chunks(1, 1), 1);
    assert.equal(readers.openCount, 2); // exactly five minutes idle is not expired
    now += 1;
    readers.open(chunks(1));
    assert.equal(readers.openCount, 2);
    await assert.rejects(readers.read(idle), { code: 'HANDLE_CLOSED' });
    assert.equal((await readers.read(fresh))?.length, 1);

    const many = new ContentReaders(() => now);
    const handles = Array.from({ length: 32 }, () => many.open(chunks(1, 1), 1));
    assert.equal(many.openCount, 32);
    now += 10;
    await many.read(handles[0] as string); // used recently: kept
    many.open(chunks(1));
    assert.equal(many.openCount, 32);
    assert.equal((await many.read(handles[0] as string))?.length, 1);
    await assert.rejects(many.read(handles[1] as string), { code: 'HANDLE_CLOSED' });
  });
});
