// Content in and out without a database: gzip with its SHA-256 and head in one pass, every way to cancel, the size
// cap and the messages a person reads; inflation with its output cap and a clear error for what is not gzip.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ContentError } from '../../../../src/storage/content/errors';
import { compressBytes, compressFile, isCancelled } from '../../../../src/storage/content/gzip';
import { INFLATE_CHUNK_BYTES, inflateGuarded } from '../../../../src/storage/content/inflate';
import { encodingRefused, NamedLogDecoder } from '../../../../src/storage/content/text';

async function rejection(promise: Promise<unknown>): Promise<ContentError> {
  try {
    await promise;
  } catch (error) {
    return error as ContentError;
  }
  throw new Error('expected a rejection');
}

async function inflateAll(gzip: Uint8Array, maxBytes: number, pieceSize = 1000): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < gzip.length; at += pieceSize) pieces.push(gzip.subarray(at, at + pieceSize));
  const out: Buffer[] = [];
  for await (const chunk of inflateGuarded(pieces, { maxBytes, exceeded: (n) => new ContentError('DECOMPRESSION_BOMB', `stopped after ${n}`, { inflated: n }) })) out.push(chunk);
  return Buffer.concat(out);
}

describe('content gzip and inflate', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'trcaa-content-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('compressFile: size, SHA-256, gzip and the first 8 KiB of a file read in several chunks', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const file = path.join(dir, 'big.log');
    writeFileSync(file, bytes);
    const progress: number[] = [];
    let chunks = 0;
    const result = await compressFile(file, { onProgress: (read, total) => { progress.push(read); assert.equal(total, bytes.length); }, onChunk: () => void chunks++ });
    assert.equal(result.size, bytes.length);
    assert.equal(result.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.deepEqual(gunzipSync(result.gzip as Buffer), bytes);
    assert.deepEqual(result.head, bytes.subarray(0, 8192));
    assert.ok(chunks >= 3 && chunks <= 4 && progress.length === chunks && progress.at(-1) === bytes.length, `${chunks} chunks of 1 MiB`);
  });

  it('compressFile: onCompressed takes the gzip as it comes and the result holds none; its error fails the read', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const file = path.join(dir, 'streamed.log');
    writeFileSync(file, bytes);
    const parts: Buffer[] = [];
    const result = await compressFile(file, { onCompressed: (chunk) => void parts.push(Buffer.from(chunk)) });
    assert.equal(result.gzip, undefined);
    assert.ok(parts.length > 1, 'more than one piece of gzip');
    assert.equal(result.compressedSize, parts.reduce((n, p) => n + p.length, 0));
    assert.deepEqual(gunzipSync(Buffer.concat(parts)), bytes);
    const full = new Error('database or disk is full');
    await assert.rejects(
      compressFile(file, {
        onCompressed: () => {
          throw full;
        },
      }),
      (error) => error === full, // the sink's own error, not "Could not read the file"
    );
  });

  it('compressFile: a file shorter than the head is its own head', async () => {
    const file = path.join(dir, 'small.log');
    writeFileSync(file, 'hello');
    const result = await compressFile(file);
    assert.equal(result.head.toString(), 'hello');
    assert.equal(result.size, 5);
  });

  it('compressBytes: the same result as compressFile for bytes in memory, head at most 8 KiB', () => {
    const bytes = randomBytes(10_000);
    const result = compressBytes(bytes);
    assert.equal(result.size, 10_000);
    assert.equal(result.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.deepEqual(gunzipSync(result.gzip as Buffer), bytes);
    assert.equal(result.head.length, 8192);
    assert.equal(compressBytes(bytes.subarray(0, 3)).head.length, 3);
  });

  it('refuses what compresses past the cap, naming the cap in MiB', async () => {
    const bytes = randomBytes(300_000); // random bytes do not compress
    const file = path.join(dir, 'random.bin');
    writeFileSync(file, bytes);
    const error = await rejection(compressFile(file, { maxCompressedBytes: 100_000 }));
    assert.equal(error.code, 'CONTENT_TOO_LARGE');
    assert.equal(error.message, 'The log compresses to more than 0 MiB, more than one attachment can hold. Attach a smaller excerpt.');
    assert.deepEqual(error.details, { limit: 100_000 });
    const exact = gzipSync(bytes, { level: 6, memLevel: 9 }).length;
    assert.equal((await compressFile(file, { maxCompressedBytes: exact })).size, 300_000);
    assert.equal(compressBytes(bytes, exact).size, 300_000);
    assert.throws(() => compressBytes(bytes, exact - 1), (e: ContentError) => e.code === 'CONTENT_TOO_LARGE');
    const big = randomBytes(3 * 1024 * 1024 + 100_000);
    assert.throws(() => compressBytes(big, 3 * 1024 * 1024), (e: ContentError) => e.message.startsWith('The log compresses to more than 3 MiB,'));
  });

  it('every way to cancel stops the read with CANCELLED and its message', async () => {
    const file = path.join(dir, 'cancel.log');
    writeFileSync(file, randomBytes(3 * 1024 * 1024));
    const flag = new Int32Array(new SharedArrayBuffer(4));
    assert.equal(isCancelled({}), false);
    assert.equal(isCancelled({ cancelFlag: flag }), false);
    Atomics.store(flag, 0, 1);
    assert.equal(isCancelled({ cancelFlag: flag }), true);
    assert.equal(isCancelled({ shouldCancel: () => false }), false);
    let reads = 0;
    const cases = [
      { signal: AbortSignal.abort() },
      { cancelFlag: flag },
      { shouldCancel: () => true },
      { shouldCancel: () => ++reads > 1 }, // during the read
    ];
    for (const options of cases) {
      const error = await rejection(compressFile(file, options));
      assert.equal(error.code, 'CANCELLED');
      assert.equal(error.message, 'Attaching was cancelled; nothing was stored.');
    }
    let seen = 0;
    let asked = 0;
    const midway = await rejection(compressFile(file, { shouldCancel: () => ++asked > 2, onChunk: () => void seen++ }));
    assert.equal(midway.code, 'CANCELLED');
    assert.equal(seen, 1, 'chunks read after the cancel');
    const controller = new AbortController();
    const aborted = await rejection(compressFile(file, { signal: controller.signal, onChunk: () => controller.abort() }));
    assert.equal(aborted.code, 'CANCELLED');
  });

  it('says why a file cannot be read: missing, a folder', async () => {
    const missing = await rejection(compressFile(path.join(dir, 'nope.log')));
    assert.equal(missing.code, 'FILE_UNREADABLE');
    assert.equal(missing.message, `Could not read ${path.join(dir, 'nope.log')}: it does not exist.`);
    assert.equal(missing.details.fsCode, 'ENOENT');
    const folder = await rejection(compressFile(dir));
    assert.equal(folder.code, 'INVALID_CONTENT');
    assert.equal(folder.message, `${dir} is not a regular file.`);
    assert.equal(folder.details.file, dir);
  });

  it('inflates in chunks of at most 64 KiB up to the cap exactly; one byte more is refused', async () => {
    const bytes = randomBytes(200_000);
    const gzip = gzipSync(bytes);
    assert.deepEqual(await inflateAll(gzip, bytes.length), bytes);
    const sizes: number[] = [];
    for await (const chunk of inflateGuarded([gzip], { maxBytes: Infinity, exceeded: () => new Error('no') })) sizes.push(chunk.length);
    assert.ok(sizes.length >= 4 && sizes.every((n) => n <= INFLATE_CHUNK_BYTES), String(sizes));
    const error = await rejection(inflateAll(gzip, bytes.length - 1));
    assert.equal(error.code, 'DECOMPRESSION_BOMB');
    assert.ok((error.details.inflated as number) <= bytes.length + INFLATE_CHUNK_BYTES);
  });

  it('what is not gzip, or is cut short, is CORRUPT_CONTENT saying so', async () => {
    const notGzip = await rejection(inflateAll(Buffer.from('plain text, not gzip at all'), 1000));
    assert.equal(notGzip.code, 'CORRUPT_CONTENT');
    assert.match(notGzip.message, /^The stored content is not valid gzip \(.+\)\.$/);
    assert.match(String(notGzip.details.zlibCode), /^Z_/);
    const gzip = gzipSync(randomBytes(5000));
    const cut = await rejection(inflateAll(gzip.subarray(0, gzip.length - 10), 100_000));
    assert.equal(cut.code, 'CORRUPT_CONTENT');
  });

  it('an error of the source itself passes through as it is', async () => {
    const failing = (async function* () {
      yield gzipSync(Buffer.from('x'.repeat(10))).subarray(0, 5);
      throw new RangeError('source broke');
    })();
    const error = await rejection((async () => {
      for await (const _ of inflateGuarded(failing, { maxBytes: 100, exceeded: () => new Error('no') })) void _;
    })());
    assert.ok(error instanceof RangeError && error.message === 'source broke');
  });

  it('a log whose encoding is refused is named in the message', () => {
    assert.equal(encodingRefused('app.log', 'UTF-32 is not read').message, 'app.log cannot be read as text: UTF-32 is not read');
    const decoder = new NamedLogDecoder('utf32.log');
    assert.throws(() => { decoder.write(Uint8Array.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0])); decoder.end(); }, (e: ContentError) => e.code === 'UNSUPPORTED_ENCODING' && e.message.startsWith('utf32.log cannot be read as text: '));
    const utf8 = new NamedLogDecoder('ok.log');
    assert.equal(utf8.write(new TextEncoder().encode('héllo')) + utf8.end(), 'héllo');
    assert.equal(utf8.encoding, 'utf-8');
  });
});
