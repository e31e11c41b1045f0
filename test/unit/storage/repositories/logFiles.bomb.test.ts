// A 1 GiB gzip bomb (about 1 MB stored) is refused while inflating: quickly, with a typed error, after no more
// output than the cap allows, and without the process's memory growing by more than a few tens of MB.
import * as assert from 'node:assert/strict';
import { createGzip } from 'node:zlib';
import { newId } from '../../../../src/storage/ids';
import { BOMB_MARGIN_BYTES } from '../../../../src/storage/repositories/logFiles';
import type { AttachmentTestStore } from './attachmentTestStore';
import { failsWith, useAttachmentStore } from './attachmentTestStore';

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

/**
 * gzip of `total` spaces (text: a text read meets the bomb, not an encoding refusal of NUL bytes), built by
 * streaming zlib over one reused buffer (never 1 GiB in memory).
 */
async function spaceBomb(total: number): Promise<Buffer> {
  const gzip = createGzip({ level: 6 });
  const parts: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => parts.push(chunk));
  const ended = new Promise((resolve, reject) => gzip.on('end', resolve).on('error', reject));
  const spaces = Buffer.alloc(MiB, 0x20);
  for (let written = 0; written < total; written += spaces.length) {
    if (!gzip.write(spaces)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(parts);
}

function insertRaw(t: AttachmentTestStore, issueId: string, fileSize: number, gzip: Buffer): string {
  const id = newId();
  t.db.exec(
    "INSERT INTO log_files(id, issue_id, file_name, file_path, file_size, mime_type, uploaded_at, redacted, content_compressed) VALUES (?, ?, 'bomb.log', 'bomb.log', ?, 'text/plain', '2026-01-01 00:00:00', 0, ?)",
    [id, issueId, fileSize, gzip],
  );
  return id;
}

/** Runs `read`, returning its error, how long it took, the output it delivered and the RSS growth meanwhile. */
async function measure(read: (onChunk: (n: number) => void) => Promise<unknown>) {
  let delivered = 0;
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  let error: unknown;
  try {
    await read((n) => {
      delivered += n;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    });
  } catch (e) {
    error = e;
  } finally {
    clearInterval(sampler);
  }
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  return { error: error as (Error & { code?: string; details?: Record<string, number> }) | undefined, ms: performance.now() - started, delivered, rssGrowth: rssPeak - rssBefore };
}

describe('LogFileRepository: decompression-bomb guard', function () {
  this.timeout(120_000);
  const ctx = useAttachmentStore();
  let bomb: Buffer;

  before(async () => {
    bomb = await spaceBomb(GiB);
  });

  it('the bomb is what it claims: about 1 MB of gzip for 1 GiB of spaces', () => {
    assert.ok(bomb.length > 500_000 && bomb.length < 2 * MiB, `${bomb.length} bytes`);
  });

  it('refuses a 1 GiB bomb whose row says 1000 bytes: DECOMPRESSION_BOMB, fast, small RSS growth', async () => {
    const t = ctx();
    const id = insertRaw(t, t.addIssue(), 1000, bomb);
    const result = await measure(async (onChunk) => {
      for await (const chunk of t.store.logFiles.content(id)) onChunk(chunk.length);
    });
    assert.equal(result.error?.code, 'DECOMPRESSION_BOMB', String(result.error));
    assert.ok(result.delivered <= 1000 + BOMB_MARGIN_BYTES, `delivered ${result.delivered} bytes`);
    assert.ok((result.error?.details?.inflated ?? Infinity) <= 1000 + BOMB_MARGIN_BYTES + 64 * 1024, 'stopped within one chunk of the cap');
    assert.ok(result.rssGrowth < 64 * MiB, `RSS grew by ${(result.rssGrowth / MiB).toFixed(1)} MiB`);
    assert.ok(result.ms < 5000, `${result.ms.toFixed(0)} ms`);
    console.log(`      bomb refused after ${result.error?.details?.inflated} inflated bytes in ${result.ms.toFixed(1)} ms, RSS +${(result.rssGrowth / MiB).toFixed(1)} MiB`);
  });

  it('refuses it the same way through contentText() and the main thread’s handles', async () => {
    const t = ctx();
    const id = insertRaw(t, t.addIssue(), 1000, bomb);
    const text = await measure(() => t.store.logFiles.contentText(id));
    assert.equal(text.error?.code, 'DECOMPRESSION_BOMB');
    assert.ok(text.rssGrowth < 64 * MiB);
    const opened = t.store.logFiles.openContent(id);
    const handle = await measure(async (onChunk) => {
      for (let chunk = await t.store.logFiles.readContent(opened.handle); chunk; chunk = await t.store.logFiles.readContent(opened.handle)) onChunk(chunk.length);
    });
    assert.equal(handle.error?.code, 'DECOMPRESSION_BOMB');
    assert.ok(handle.rssGrowth < 64 * MiB);
    // The failed read closed its handle.
    await failsWith(() => t.store.logFiles.readContent(opened.handle), 'HANDLE_CLOSED');
  });

  it('with a truthful size of 1 GiB, the absolute cap refuses it as it passes: CONTENT_TOO_LARGE', async () => {
    const t = ctx();
    const id = insertRaw(t, t.addIssue(), GiB, bomb);
    const result = await measure(async (onChunk) => {
      for await (const chunk of t.store.logFiles.content(id, { maxBytes: 8 * MiB })) onChunk(chunk.length);
    });
    assert.equal(result.error?.code, 'CONTENT_TOO_LARGE', String(result.error));
    assert.ok(result.delivered <= 8 * MiB, `delivered ${result.delivered}`);
    assert.ok(result.delivered >= 8 * MiB - 64 * 1024, 'everything up to the cap was delivered');
    assert.ok(result.rssGrowth < 64 * MiB, `RSS grew by ${(result.rssGrowth / MiB).toFixed(1)} MiB`);
    assert.ok(result.ms < 5000, `${result.ms.toFixed(0)} ms`);
    // contentText() knows from the row that 1 GiB is over its cap and does not start.
    const text = await measure(() => t.store.logFiles.contentText(id));
    assert.equal(text.error?.code, 'CONTENT_TOO_LARGE');
    assert.equal(text.error?.details?.inflated, undefined, 'refused before inflating');
  });

  it('a row without a recorded size (legacy) is still bounded by the absolute cap', async () => {
    const t = ctx();
    const id = newId();
    t.db.exec("INSERT INTO log_files(id, issue_id, file_name, file_path, uploaded_at, content_compressed) VALUES (?, ?, 'old.log', '', '2025-01-01 00:00:00', ?)", [id, t.addIssue(), bomb]);
    const result = await measure(() => t.store.logFiles.contentText(id, { maxBytes: 4 * MiB }));
    assert.equal(result.error?.code, 'CONTENT_TOO_LARGE');
    assert.ok(result.rssGrowth < 64 * MiB);
  });

  it('a log slightly larger than its row says (within the margin) still reads', async () => {
    const t = ctx();
    const small = await spaceBomb(MiB);
    const id = insertRaw(t, t.addIssue(), MiB - 1000, small);
    let total = 0;
    for await (const chunk of t.store.logFiles.content(id)) total += chunk.length;
    assert.equal(total, MiB);
  });
});
