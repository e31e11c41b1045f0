// The compact detections' chunk format: what goes in comes out, in order, whatever the sizes of starts and ids.
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
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

  it('an encoder used again encodes only its new detections (nothing of the chunk before)', () => {
    const encoder = new ChunkEncoder();
    for (let i = 0; i < 500; i++) encoder.add(i * 10, 70_000 + i);
    encoder.encode();
    encoder.add(3, 7);
    encoder.add(9, 1);
    const data = encoder.encode();
    assert.deepEqual(decodeChunk(3, data), { starts: [3, 9], valueIds: [7, 1] });
    assert.equal(inflateRawSync(data)[0], 1, 'one byte plane: the earlier, larger ids are gone');
  });

  it('refuses detections out of text order, and a damaged chunk with a clear error', () => {
    const encoder = new ChunkEncoder();
    encoder.add(10, 1);
    assert.throws(() => encoder.add(9, 1), /text order/);
    const full = new ChunkEncoder();
    for (let i = 0; i < CHUNK_DETECTIONS; i++) full.add(i, 0);
    assert.throws(() => full.add(CHUNK_DETECTIONS, 0), /at most/);
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

  it('a detection set tells detections apart by place, type and value; one not covering its value exactly stays plain, in text order', () => {
    const set = new DetectionSet();
    set.add('Email', 0, 13, 'a@example.com', '[Email]');
    set.add('Email', 0, 13, 'a@example.com', '[Email]'); // the same detection again: once
    set.add('Email', 0, 13, 'b@example.com', '[Email]'); // same place and type, another value: kept
    set.add('Hostname', 0, 13, 'b@example.com', '[Hostname]'); // same place and value, another type: kept
    set.add('Email', 20, 33, 'a@example.com', '[Email]'); // the first value again elsewhere
    set.add('Email', 40, 60, 'a@example.com', '[Email]'); // its span is longer than its value: plain
    set.add('IPv4', 60, 75, '192.168.100.200', '[IPv4]');
    set.add('IPv4', 60, 67, '1.2.3.4', '[Custom]'); // another replacement: plain, listed before the compact one at its place
    set.add('IPv4', 80, 87, '1.2.3.4', '[IPv4]');
    set.finish();
    assert.deepEqual(set.values.map((v) => [v.type, v.value, v.occurrences]), [['Email', 'a@example.com', 2], ['Email', 'b@example.com', 1], ['Hostname', 'b@example.com', 1], ['IPv4', '192.168.100.200', 1], ['IPv4', '1.2.3.4', 1]]);
    assert.equal(set.longest, 15);
    assert.equal(set.detections, 6);
    assert.deepEqual(set.plain.map((p) => [p.start, p.end, p.value, p.replacement]), [[40, 60, 'a@example.com', '[Email]'], [60, 67, '1.2.3.4', '[Custom]']]);
    assert.deepEqual([...set.spans()].map((s) => [s.start, s.type, s.value]), [
      [0, 'Email', 'a@example.com'], [0, 'Email', 'b@example.com'], [0, 'Hostname', 'b@example.com'], [20, 'Email', 'a@example.com'],
      [40, 'Email', 'a@example.com'], [60, 'IPv4', '1.2.3.4'], [60, 'IPv4', '192.168.100.200'], [80, 'IPv4', '1.2.3.4'],
    ]);
    assert.deepEqual(set.countsByType(), { Email: 4, Hostname: 1, IPv4: 3 });
    assert.deepEqual(new DetectionSet().finish().chunks, [], 'an empty set has no chunk');
  });

  it('a detection set keeps no window of the text alive: its values are own copies, one-byte when the text is', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const WINDOW = 1024 * 1024;
    const set = new DetectionSet();
    const retained = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    /** A fresh 1 MiB window holding new addresses of 13 to 15 characters (192.168.7.1 … 192.168.100.200). */
    const addWindow = (w: number) => {
      const values = Array.from({ length: 200 }, (_, i) => `192.168.${100 + (w % 100)}.${100 + i}`.slice(0, 13 + (i % 3)));
      const text = values.join(' ').padEnd(WINDOW, '.');
      let at = 0;
      for (const value of values) {
        set.add('IPv4', w * WINDOW + at, w * WINDOW + at + value.length, text.slice(at, at + value.length), '[IPv4]');
        at += value.length + 1;
      }
    };
    for (let w = 0; w < 2; w++) addWindow(w);
    const early = retained();
    for (let w = 2; w < 14; w++) addWindow(w);
    const grown = (retained() - early) / WINDOW;
    assert.ok(grown < 2, `retained ${grown.toFixed(1)} MiB more after 12 more windows`);
    set.finish();
    assert.equal(set.detections, 14 * 200);
    assert.equal(set.values.reduce((n, v) => n + v.occurrences, 0), 14 * 200);
  });
});
