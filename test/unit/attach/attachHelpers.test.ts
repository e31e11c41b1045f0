import * as assert from 'node:assert/strict';
import path from 'node:path';
import { binaryHint, capBytes, excerptNote, imageMimeFromName, MiB, overCap, recordedPath, sniffText, uriSegment } from '../../../src/core/attach/attachHelpers';

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

    it('looks only at the first 8 KB', () => {
      const head = new Uint8Array(10_000).fill(0x41);
      head[9000] = 0;
      assert.equal(sniffText(head).kind, 'text');
    });
  });

  it('hints by the kind of file', () => {
    assert.match(binaryHint('logs.tar.gz'), /Extract/);
    assert.match(binaryHint('shot.png'), /Attach Image/);
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
    assert.equal(uriSegment('a/b?c#d\ne'), 'a b c d e');
    assert.equal(uriSegment('   '), 'untitled');
    assert.equal(uriSegment('x'.repeat(200)).length, 80);
  });

  it('notes an excerpt', () => {
    assert.match(excerptNote('big.log', 50 * MiB, 120 * MiB), /big\.log is 120\.0 MB.*first 50\.0 MB/);
  });
});
