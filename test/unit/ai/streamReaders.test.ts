// The stream readers under the provider clients: the same events and lines however the network chunks the bytes —
// one byte at a time, split inside a UTF-8 character, between the CR and LF of a line break — and limits that stop
// a provider that never ends a line.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { readLines, StreamLimitError } from '../../../src/core/ai/stream/lines';
import { readNdjson } from '../../../src/core/ai/stream/ndjson';
import { readSse, type SseEvent } from '../../../src/core/ai/stream/sse';

/** A fetch-like body delivering exactly these chunks; `cancelled` tells whether the reader let go early. */
function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> & { cancelled: boolean } {
  let next = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]);
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  const state = Object.assign(stream, { cancelled: false });
  return state;
}

/** The bytes cut at the given offsets. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    out.push(bytes.subarray(start, point));
    start = point;
  }
  return out;
}

const bytewise = (bytes: Uint8Array) => Array.from(bytes, (b) => Uint8Array.of(b));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

// An event stream with every feature the format has, multibyte text (é, €, 😀 — 2, 3 and 4 bytes) and all three
// line endings.
const SSE_TEXT = [
  '\uFEFF: a comment, ignored\r\n',
  'event: message_start\r\n',
  'data: {"text":"café € 😀"}\r\n',
  '\r\n',
  'data: first line\n',
  'data:second line without the space\n',
  'data\n',
  'id: 7\n',
  'retry: 1000\n',
  'unknown: field\n',
  '\n',
  'event: ping\r',
  'data: {}\r',
  '\r',
  'event: nothing\n',
  '\n',
  'data: 😀😀\n',
  '\n',
  'data: cut off at the end, dropped\n',
].join('');

const SSE_EVENTS: SseEvent[] = [
  { event: 'message_start', data: '{"text":"café € 😀"}' },
  { event: 'message', data: 'first line\nsecond line without the space\n', id: '7' },
  { event: 'ping', data: '{}', id: '7' },
  { event: 'message', data: '😀😀', id: '7' },
];

describe('AI stream readers', () => {
  const sseBytes = new TextEncoder().encode(SSE_TEXT);

  it('reads server-sent events: data lines joined, event names, ids, comments and unknown fields ignored, CRLF/CR/LF, a trailing partial event dropped', async () => {
    assert.deepEqual(await collect(readSse(bodyOf([sseBytes]))), SSE_EVENTS);
  });

  it('reads the same events one byte at a time (inside every multibyte character and CRLF)', async () => {
    assert.deepEqual(await collect(readSse(bodyOf(bytewise(sseBytes)))), SSE_EVENTS);
  });

  it('reads the same events whatever the chunk boundaries (every single cut, and random cuts)', async () => {
    for (let cut = 1; cut < sseBytes.length; cut++) {
      assert.deepEqual(await collect(readSse(bodyOf(split(sseBytes, [cut])))), SSE_EVENTS, `cut at byte ${cut}`);
    }
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: sseBytes.length - 1 }), { maxLength: 40 }), async (cuts) => {
      assert.deepEqual(await collect(readSse(bodyOf(split(sseBytes, cuts)))), SSE_EVENTS);
    }), { numRuns: 300, seed: 14 });
  });

  it('keeps a CR at the end of one chunk and an LF at the start of the next as one line break', async () => {
    const chunks = ['a\r', '\nb\r', '\r', '\nc'].map((s) => new TextEncoder().encode(s));
    assert.deepEqual(await collect(readLines(bodyOf(chunks))), ['a', 'b', '', 'c']);
    // In SSE, a spurious empty line there would end an event early and split its data.
    const sse = ['data: x\r', '\ndata: y\r', '\n\r', '\n'].map((s) => new TextEncoder().encode(s));
    assert.deepEqual(await collect(readSse(bodyOf(sse))), [{ event: 'message', data: 'x\ny' }]);
  });

  it('reads NDJSON lines, skipping blank ones, with CRLF, a last line without a newline and split characters', async () => {
    const text = '{"a":"é"}\r\n\n  \n{"b":"😀"}\n{"c":1}';
    const bytes = new TextEncoder().encode(text);
    const expected = ['{"a":"é"}', '{"b":"😀"}', '{"c":1}'];
    assert.deepEqual(await collect(readNdjson(bodyOf([bytes]))), expected);
    assert.deepEqual(await collect(readNdjson(bodyOf(bytewise(bytes)))), expected);
    for (let cut = 1; cut < bytes.length; cut++) assert.deepEqual(await collect(readNdjson(bodyOf(split(bytes, [cut])))), expected);
  });

  it('stops at a line longer than the limit, and at data lines adding up past it', async () => {
    const long = new TextEncoder().encode(`data: ${'x'.repeat(5000)}`);
    await assert.rejects(collect(readSse(bodyOf(split(long, [100, 2000, 4000])), { maxLineChars: 1000 })),
      (error: unknown) => error instanceof StreamLimitError && error.limit === 'line');
    const many = new TextEncoder().encode('data: 0123456789\n'.repeat(200));
    await assert.rejects(collect(readSse(bodyOf([many]), { maxLineChars: 1000 })), StreamLimitError);
    // Under the limit, the same lines are fine.
    assert.equal((await collect(readSse(bodyOf([many, new TextEncoder().encode('\n')]), { maxLineChars: 10_000 })))[0].data.length, 200 * 11 - 1);
  });

  it('stops reading a line that never ends as soon as it passes the limit (memory stays bounded)', async () => {
    const endless = Array.from({ length: 1000 }, () => new TextEncoder().encode('x'.repeat(1000)));
    let chunksRead = 0;
    await assert.rejects(collect(readLines(bodyOf(endless), { maxLineChars: 5000, onChunk: () => chunksRead++ })),
      (error: unknown) => error instanceof StreamLimitError && error.limit === 'line');
    assert.equal(chunksRead, 6);
  });

  it('stops when the whole stream passes its limit, and reports each chunk as it arrives', async () => {
    const chunks = Array.from({ length: 10 }, () => new TextEncoder().encode('{"x":1}\n'));
    const sizes: number[] = [];
    await assert.rejects(collect(readNdjson(bodyOf(chunks), { maxTotalChars: 40, onChunk: (n) => sizes.push(n) })),
      (error: unknown) => error instanceof StreamLimitError && error.limit === 'total');
    assert.deepEqual(sizes, [8, 8, 8, 8, 8, 8]);
  });

  it('cancels the body when the reader is left early (the connection closes)', async () => {
    const chunks = Array.from({ length: 100 }, (_, i) => new TextEncoder().encode(`{"i":${i}}\n`));
    const body = bodyOf(chunks);
    for await (const line of readNdjson(body)) {
      assert.equal(line, '{"i":0}');
      break;
    }
    assert.equal(body.cancelled, true);
  });
});
