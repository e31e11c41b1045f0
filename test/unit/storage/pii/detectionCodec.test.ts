// The compact detections' chunk format: what goes in comes out, in order, whatever the sizes of starts and ids.
import * as assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { ChunkEncoder, CHUNK_DETECTIONS, decodeChunk } from '../../../../src/storage/pii/detectionCodec';
import { DetectionSet } from '../../../../src/storage/pii/detectionSet';

describe('PII detection chunks', () => {
  it('round-trip starts and value ids of every size (1 to 4 byte planes, starts past 2^32)', () => {
    for (const maxId of [200, 60_000, 10_000_000, 3_000_000_000]) {
      const encoder = new ChunkEncoder();
      const starts: number[] = [];
      const ids: number[] = [];
      let start = 5_000_000_000;
      for (let i = 0; i < 1000; i++) {
        start += (i * 7919) % 300;
        starts.push(start);
        ids.push((i * 104729) % (maxId + 1));
        encoder.add(start, ids[i] as number);
      }
      const first = encoder.firstStart;
      const decoded = decodeChunk(first, encoder.encode());
      assert.deepEqual(decoded, { starts, valueIds: ids }, `ids up to ${maxId}`);
      assert.equal(encoder.count, 0, 'the encoder is empty again');
    }
  });

  it('refuses detections out of text order, and a damaged chunk with a clear error', () => {
    const encoder = new ChunkEncoder();
    encoder.add(10, 1);
    assert.throws(() => encoder.add(9, 1), /text order/);
    assert.throws(() => decodeChunk(0, deflateRawSync(Buffer.from([2, 5, 1]))), /damaged/);
  });

  it('a detection set keeps one entry per distinct value with its count, chunked every CHUNK_DETECTIONS, in text order', () => {
    const set = new DetectionSet();
    for (let i = 0; i < CHUNK_DETECTIONS + 10; i++) set.add('IPv4', i * 20, i * 20 + 8, `10.0.0.${i % 3}`, '[IPv4]');
    set.add('IPv4', (CHUNK_DETECTIONS + 9) * 20, (CHUNK_DETECTIONS + 9) * 20 + 8, `10.0.0.${(CHUNK_DETECTIONS + 9) % 3}`, '[IPv4]'); // the same detection again: once
    set.add('Custom:odd', 999_999, 1_000_002, 'abc', '[something else]'); // a replacement not its type's: kept plain
    set.finish();
    assert.equal(set.chunks.length, 2);
    const third = (CHUNK_DETECTIONS + 10) / 3;
    assert.deepEqual(set.values.map((v) => [v.value, v.occurrences]), [['10.0.0.0', Math.ceil(third)], ['10.0.0.1', Math.round(third)], ['10.0.0.2', Math.floor(third)]]);
    assert.deepEqual(set.countsByType(), { IPv4: CHUNK_DETECTIONS + 10, 'Custom:odd': 1 });
    const spans = [...set.spans()];
    assert.equal(spans.length, CHUNK_DETECTIONS + 11);
    assert.deepEqual(spans[5], { type: 'IPv4', start: 100, end: 108, value: '10.0.0.2', replacement: '[IPv4]' });
    assert.deepEqual(spans[CHUNK_DETECTIONS + 1]?.start, (CHUNK_DETECTIONS + 1) * 20, 'across the chunk boundary');
    assert.deepEqual(spans.at(-1), { type: 'Custom:odd', start: 999_999, end: 1_000_002, value: 'abc', replacement: '[something else]' });
  });
});
