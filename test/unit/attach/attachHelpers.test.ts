import * as assert from 'node:assert/strict';
import path from 'node:path';
import { binaryHint, capBytes, excerptNote, imageMimeFromName, MiB, overCap, recordedPath, sniffImageType, sniffText, uriSegment } from '../../../src/core/attach/attachHelpers';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('attach helpers', () => {
  describe('sniffText', () => {
    it('takes plain, CRLF, ANSI-coloured and invalid UTF-8 logs as text', () => {
      assert.equal(sniffText(bytes('2026-01-01 INFO started\n')).kind, 'text');
      assert.equal(sniffText(bytes('a\r\nb\r\n\tc\f')).kind, 'text');
      assert.equal(sniffText(bytes('\u001b[31mERROR\u001b[0m failed\n')).kind, 'text');
      assert.equal(sniffText(Uint8Array.from([0x68, 0x69, 0xff, 0xfe, 0x80, 0x0a])).kind, 'text');
    });

    it('takes an empty file as text', () => {
      assert.deepEqual(sniffText(new Uint8Array(0)), { kind: 'text', encoding: 'empty' });
    });

    it('allows UTF-16 with its BOM although it holds NUL bytes', () => {
      const le = Uint8Array.from([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]);
      const be = Uint8Array.from([0xfe, 0xff, 0x00, 0x68, 0x00, 0x69]);
      assert.deepEqual(sniffText(le), { kind: 'text', encoding: 'utf-16le' });
      assert.deepEqual(sniffText(be), { kind: 'text', encoding: 'utf-16be' });
      assert.deepEqual(sniffText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41])), { kind: 'text', encoding: 'utf-8-bom' });
    });

    it('refuses NUL bytes and mostly-control content', () => {
      assert.equal(sniffText(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00])).kind, 'binary');
      assert.equal(sniffText(Uint8Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))).kind, 'binary');
    });

    it('refuses UTF-16 without a BOM as an encoding that cannot be told, and UTF-32 as unsupported', () => {
      const noBom = sniffText(Buffer.from('bob@example.com 10.1.2.3\n', 'utf16le'));
      assert.equal(noBom.kind, 'refused');
      assert.match(noBom.kind === 'refused' ? noBom.reason : '', /encoding cannot be told.*no byte-order mark/);
      const be = sniffText(Buffer.from('bob@example.com 10.1.2.3\n', 'utf16le').swap16());
      assert.equal(be.kind, 'refused');
      const utf32 = sniffText(Uint8Array.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]));
      assert.equal(utf32.kind, 'refused');
      assert.match(utf32.kind === 'refused' ? utf32.reason : '', /UTF-32/);
      // An executable keeps its plain "binary" verdict.
      assert.equal(sniffText(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00])).kind, 'binary');
    });

    it('refuses binary content behind a UTF-16 BOM (NUL and control characters, as for UTF-8)', () => {
      const controls = String.fromCharCode(...Array.from({ length: 64 }, (_, i) => (i + 1) % 20));
      assert.equal(sniffText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(controls, 'utf16le')])).kind, 'binary');
      assert.equal(sniffText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(controls, 'utf16le').swap16()])).kind, 'binary');
    });

    it('looks only at the first 8 KB', () => {
      const head = new Uint8Array(10_000).fill(0x41);
      head[9000] = 0;
      assert.equal(sniffText(head).kind, 'text');
    });
  });

  describe('sniffImageType', () => {
    const head = (...parts: (number[] | string)[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...bytes(p)] : p)));
    it('recognises PNG, JPEG, GIF, WebP, BMP and SVG by their bytes, not their names', () => {
      assert.equal(sniffImageType(head([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), 'image/png');
      assert.equal(sniffImageType(head([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
      assert.equal(sniffImageType(head('GIF89a', [1, 0, 1, 0])), 'image/gif');
      assert.equal(sniffImageType(head('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')), 'image/webp');
      const bmp = new Uint8Array(54);
      bmp.set([0x42, 0x4d, 54, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0]);
      assert.equal(sniffImageType(bmp), 'image/bmp');
      assert.equal(sniffImageType(head('<?xml version="1.0"?>\n<!-- drawn -->\n<svg xmlns="http://www.w3.org/2000/svg"/>')), 'image/svg+xml');
      assert.equal(sniffImageType(head([0xef, 0xbb, 0xbf], '<svg width="1"></svg>')), 'image/svg+xml');
    });

    it('takes logs and other binaries as no image', () => {
      assert.equal(sniffImageType(head('2026-01-01 INFO started\n')), undefined);
      // A log line that happens to start with "BM" is not a bitmap.
      assert.equal(sniffImageType(head('BMW-fleet 2026-01-01 INFO telemetry received from 42 cars\n')), undefined);
      assert.equal(sniffImageType(head('<html><body>svg</body></html>')), undefined);
      assert.equal(sniffImageType(head([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])), undefined);
      assert.equal(sniffImageType(new Uint8Array(0)), undefined);
    });
  });

  it('hints by the kind of file', () => {
    assert.match(binaryHint('logs.tar.gz'), /Extract/);
    // Real images are attached as images: a refused .png only has an image's name.
    assert.match(binaryHint('shot.png'), /bytes are not a PNG, JPEG, GIF, WebP, BMP or SVG image/);
    assert.match(binaryHint('a.out'), /text/);
  });

  describe('recordedPath', () => {
    const ws = path.resolve('/work/ws');
    it('is workspace-relative with forward slashes inside a folder', () => {
      assert.deepEqual(recordedPath(path.join(ws, 'logs', 'a.log'), [ws]), { path: 'logs/a.log', inWorkspace: true });
    });
    it('names the folder in a multi-root workspace', () => {
      const other = path.resolve('/work/other');
      assert.deepEqual(recordedPath(path.join(other, 'b.log'), [ws, other]), { path: 'other/b.log', inWorkspace: true });
    });
    it('is the absolute path outside the workspace (and for a sibling folder with a common prefix)', () => {
      const outside = path.resolve('/tmp/x.log');
      assert.deepEqual(recordedPath(outside, [ws]), { path: outside, inWorkspace: false });
      const sibling = path.resolve('/work/ws-2/x.log');
      assert.deepEqual(recordedPath(sibling, [ws]), { path: sibling, inWorkspace: false });
      assert.deepEqual(recordedPath(outside, []), { path: outside, inWorkspace: false });
    });
  });

  it('reads the size cap setting, defaulting on nonsense', () => {
    assert.equal(capBytes(200), 200 * MiB);
    assert.equal(capBytes(0.5), 0.5 * MiB);
    assert.equal(capBytes(undefined), 200 * MiB);
    assert.equal(capBytes(-1), 200 * MiB);
    assert.equal(capBytes('9'), 200 * MiB);
    assert.equal(overCap('a.log', 10, 10), undefined);
    assert.match(overCap('a.log', 11 * MiB, 10 * MiB) ?? '', /a\.log is 11\.0 MB, over the 10\.0 MB limit.*trcaa\.attach\.maxLogSizeMB/);
  });

  it('maps image names to declared types', () => {
    assert.equal(imageMimeFromName('a.JPG'), 'image/jpeg');
    assert.equal(imageMimeFromName('a.svg'), 'image/svg+xml');
    assert.equal(imageMimeFromName('a.webp'), 'image/webp');
  });

  it('makes URI segments without separators or query characters', () => {
    assert.equal(uriSegment('a?b#c\\d\ne'), 'a b c d e');
    assert.equal(uriSegment('<script>alert(1)</script>'), '<script>alert(1)<\u2215script>', 'a slash reads as one, and is not a path separator');
    assert.equal(uriSegment('   '), 'untitled');
    assert.equal(uriSegment('x'.repeat(200)).length, 80);
  });

  it('notes an excerpt', () => {
    assert.match(excerptNote('big.log', 50 * MiB, 120 * MiB), /big\.log is 120\.0 MB.*first 50\.0 MB/);
  });
});
