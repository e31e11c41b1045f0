// Throughput of attaching a ~50 MB log (streamed SHA-256 + gzip + one encrypted write) and of reading it back.
// Prints MB/s; asserts correctness only, never timing.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { compressFile } from '../../../../src/storage/content/gzip';
import { useAttachmentStore } from './attachmentTestStore';

/** A plausible service log: timestamps, levels, request ids, IPs, latencies, some stack traces. */
async function writeLog(file: string, bytes: number): Promise<{ size: number; sha256: string }> {
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  let seed = 42;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const levels = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
  let size = 0;
  let t = Date.UTC(2026, 0, 2);
  while (size < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      t += Math.floor(rand() * 50);
      const level = levels[Math.floor(rand() * levels.length)];
      const ip = `10.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`;
      const id = Math.floor(rand() * 2 ** 32).toString(16).padStart(8, '0');
      lines.push(`${new Date(t).toISOString()} ${level} [checkout-api] req=${id} client=${ip} path=/api/v2/cart/${Math.floor(rand() * 100000)} status=${rand() < 0.95 ? 200 : 503} latency_ms=${Math.floor(rand() * 900)}`);
      if (level === 'ERROR') lines.push('    at CartService.checkout (cart.ts:212:17)\n    at async Router.handle (router.ts:88:5)');
    }
    const chunk = Buffer.from(`${lines.join('\n')}\n`);
    hash.update(chunk);
    size += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
  return { size, sha256: hash.digest('hex') };
}

describe('LogFileRepository: throughput (figures only)', function () {
  this.timeout(180_000);
  const ctx = useAttachmentStore({ encrypted: true });

  it('attaches a ~50 MB log with insertFromFile and reads it back, printing MB/s', async () => {
    const { store, addIssue, dir } = ctx();
    const issueId = addIssue();
    const file = path.join(dir, 'service.log');
    const written = await writeLog(file, 50 * 1000 * 1000);

    // The one pass alone (read + SHA-256 + gzip), then the whole attach (that pass + one encrypted write).
    const passStarted = performance.now();
    await compressFile(file);
    const passMs = performance.now() - passStarted;

    const started = performance.now();
    const { logFile } = await store.logFiles.insertFromFile(issueId, file);
    const insertMs = performance.now() - started;
    assert.equal(logFile.fileSize, written.size);
    assert.equal(logFile.contentHash, written.sha256);

    const readStarted = performance.now();
    const hash = createHash('sha256');
    let read = 0;
    for await (const chunk of store.logFiles.content(logFile.id)) {
      hash.update(chunk);
      read += chunk.length;
    }
    const readMs = performance.now() - readStarted;
    assert.equal(read, written.size);
    assert.equal(hash.digest('hex'), written.sha256);

    const mb = written.size / 1e6;
    console.log(
      `      insertFromFile: ${mb.toFixed(1)} MB in ${insertMs.toFixed(0)} ms = ${(mb / (insertMs / 1000)).toFixed(1)} MB/s ` +
        `(gzip ${((logFile.compressedSize ?? 0) / 1e6).toFixed(1)} MB, ratio ${(written.size / (logFile.compressedSize ?? 1)).toFixed(1)}:1, encrypted database); ` +
        `read + hash + gzip alone: ${(mb / (passMs / 1000)).toFixed(1)} MB/s; read-back: ${(mb / (readMs / 1000)).toFixed(1)} MB/s`,
    );
  });
});
