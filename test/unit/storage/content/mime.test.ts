// Content types from the bytes: every format by its magic number, at the exact length it needs, and the text/binary
// line for logs (a NUL in the first 8 KiB, unless a UTF-16 byte-order mark says text).
import * as assert from 'node:assert/strict';
import { sniffImageMime, sniffLogMime } from '../../../../src/storage/content/mime';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (s: string) => new TextEncoder().encode(s);

describe('content types from bytes', () => {
  it('logs: gzip and zip by magic number, even with a text extension', () => {
    assert.equal(sniffLogMime(bytes(0x1f, 0x8b), 'app.log'), 'application/gzip');
    assert.equal(sniffLogMime(bytes(0x1f), 'app.log'), 'text/plain');
    assert.equal(sniffLogMime(bytes(0x1f, 0x8c, 0x41), 'app.log'), 'text/plain');
    assert.equal(sniffLogMime(bytes(0x50, 0x4b, 0x03, 0x04), 'logs.json'), 'application/zip');
    assert.equal(sniffLogMime(bytes(0x50, 0x4b, 0x03), 'a.log'), 'text/plain');
    assert.equal(sniffLogMime(bytes(0x50, 0x4b, 0x03, 0x05), 'a.log'), 'text/plain');
  });

  it('logs: a NUL in the first 8 KiB is binary unless a UTF-16 byte-order mark (either order) says text', () => {
    assert.equal(sniffLogMime(bytes(0x41, 0x00, 0x42), 'a.log'), 'application/octet-stream');
    assert.equal(sniffLogMime(bytes(0xff, 0xfe, 0x41, 0x00), 'a.log'), 'text/plain');
    assert.equal(sniffLogMime(bytes(0xfe, 0xff, 0x00, 0x41), 'a.json'), 'application/json');
    assert.equal(sniffLogMime(bytes(0xff, 0xff, 0x00, 0x41), 'a.log'), 'application/octet-stream');
    assert.equal(sniffLogMime(bytes(0xfe, 0xfe, 0x00, 0x41), 'a.log'), 'application/octet-stream');
    const lateNul = new Uint8Array(9000).fill(0x41);
    lateNul[8192] = 0;
    assert.equal(sniffLogMime(lateNul, 'a.log'), 'text/plain');
    lateNul[8191] = 0;
    assert.equal(sniffLogMime(lateNul, 'a.log'), 'application/octet-stream');
  });

  it('logs: text by extension, any case; anything else is text/plain', () => {
    const expected: Record<string, string> = {
      'a.json': 'application/json', 'a.jsonl': 'application/x-ndjson', 'a.ndjson': 'application/x-ndjson', 'a.xml': 'application/xml',
      'a.csv': 'text/csv', 'a.tsv': 'text/tab-separated-values', 'a.html': 'text/html', 'a.htm': 'text/html', 'a.md': 'text/markdown',
      'a.yaml': 'application/yaml', 'a.yml': 'application/yaml', 'A.JSON': 'application/json', 'a.log': 'text/plain', 'README': 'text/plain',
    };
    for (const [name, mime] of Object.entries(expected)) assert.equal(sniffLogMime(text('x'), name), mime, name);
  });

  it('images: PNG, JPEG, GIF87a/89a, WebP, BMP by magic number; SVG and near misses are not images', () => {
    assert.equal(sniffImageMime(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)), 'image/png');
    assert.equal(sniffImageMime(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a)), undefined);
    assert.equal(sniffImageMime(bytes(0xff, 0xd8, 0xff)), 'image/jpeg');
    assert.equal(sniffImageMime(bytes(0xff, 0xd8, 0xfe)), undefined);
    assert.equal(sniffImageMime(text('GIF87a')), 'image/gif');
    assert.equal(sniffImageMime(text('GIF89a')), 'image/gif');
    assert.equal(sniffImageMime(text('GIF88a')), undefined);
    assert.equal(sniffImageMime(text('GIF89b')), undefined);
    assert.equal(sniffImageMime(text('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp');
    assert.equal(sniffImageMime(text('RIFF\0\0\0\0WAVEfmt ')), undefined);
    const bmp = new Uint8Array(26);
    bmp.set([0x42, 0x4d]);
    assert.equal(sniffImageMime(bmp), 'image/bmp');
    assert.equal(sniffImageMime(bmp.subarray(0, 25)), undefined);
    assert.equal(sniffImageMime(text('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
    assert.equal(sniffImageMime(new Uint8Array(0)), undefined);
  });
});
