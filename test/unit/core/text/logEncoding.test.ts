// How a log's bytes become its text: the byte-order mark decides (kept as U+FEFF), whatever the chunking; bytes
// whose encoding cannot be told, and UTF-32, are refused with the reason.
import * as assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import fc from 'fast-check';
import { decodeLogText, detectLogEncoding, LogEncodingError, LogTextDecoder, LogTextEncoder } from '../../../../src/core/text/logEncoding';

const le = (text: string) => Buffer.from(text, 'utf16le');
const be = (text: string) => Buffer.from(text, 'utf16le').swap16();

function decodeChunks(chunks: Uint8Array[]): { text: string; encoding: string | undefined } {
  const decoder = new LogTextDecoder();
  let text = '';
  for (const chunk of chunks) text += decoder.write(chunk);
  text += decoder.end();
  return { text, encoding: decoder.encoding };
}

/** Every byte on its own: the harshest chunking. */
const bytewise = (bytes: Uint8Array) => Array.from(bytes, (b) => Uint8Array.of(b));

describe('log text encodings', () => {
  const TEXT = '\uFEFFbob@example.com café 😀\r\nend';

  it('decodes UTF-8 (with or without a BOM) and UTF-16LE/BE by their BOM, keeping the BOM as U+FEFF', () => {
    assert.equal(decodeLogText(Buffer.from(TEXT)), TEXT);
    assert.equal(decodeLogText(Buffer.from(TEXT.slice(1))), TEXT.slice(1));
    assert.equal(decodeLogText(le(TEXT)), TEXT);
    assert.equal(decodeLogText(be(TEXT)), TEXT);
    assert.equal(decodeLogText(new Uint8Array(0)), '');
  });

  it('finds the BOM and joins characters however the bytes are split, even one byte at a time', () => {
    for (const [bytes, encoding] of [
      [Buffer.from(TEXT), 'utf-8'],
      [le(TEXT), 'utf-16le'],
      [be(TEXT), 'utf-16be'],
    ] as const) {
      assert.deepEqual(decodeChunks(bytewise(bytes)), { text: TEXT, encoding });
      assert.deepEqual(decodeChunks([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)]), { text: TEXT, encoding });
    }
  });

  it('UTF-8 split anywhere, valid or not, decodes exactly as the whole bytes do', () => {
    // Bytes 1–255 (no NULs: those are refused without a BOM), led by 'x' so no BOM is made by chance; the
    // alphabet favours lead and continuation bytes so that split and broken sequences are common.
    const byte = fc.oneof(fc.integer({ min: 1, max: 0x7f }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }));
    const piece = fc.oneof(fc.string({ unit: 'grapheme' }).map((s) => [...Buffer.from(s)]), fc.array(byte, { maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), (pieces, cuts) => {
        const bytes = Buffer.from([0x78, ...pieces.flat().map((b) => b || 1)]);
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((from, k) => bytes.subarray(from, at[k] ?? bytes.length));
        assert.equal(decodeChunks(chunks).text, new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('UTF-8 text whose characters all fit in one byte decodes to a one-byte string, however large the chunk', () => {
    // V8 keeps a string one byte a character when it can; the detector's regexes run ~3.5× slower on two-byte
    // text, and the text posted to the mining thread is cloned at twice the size. The serializer's tag tells.
    const oneByte = (s: string) => serialize(s)[2] === 0x22; // '"': a one-byte string; 'c': two bytes a character
    const line = '10.0.31.102 - - [28/Nov/2026:12:00:00 +0000] "GET /café HTTP/1.1" 200 bob@example.com\n';
    const bytes = Buffer.from(line.repeat(Math.ceil((3 << 20) / line.length)));
    const decoder = new LogTextDecoder();
    const pieces = [decoder.write(bytes.subarray(0, 1 << 20)), decoder.write(bytes.subarray(1 << 20, (2 << 20) + 1)), decoder.write(bytes.subarray((2 << 20) + 1)), decoder.end()];
    assert.equal(pieces.join(''), bytes.toString('utf8'));
    for (const piece of pieces.slice(0, 3)) assert.ok(piece.length > 500_000 && oneByte(piece), 'a piece of Latin-1 text decoded to two bytes a character');
    assert.ok(!oneByte(decodeLogText(Buffer.from('a \u2603 snowman'))), 'the tag tells two-byte strings apart');
  });

  it('a truncated last code unit, lone surrogates and invalid UTF-8 become U+FFFD', () => {
    assert.equal(decodeLogText(Buffer.concat([le('\uFEFFab'), Buffer.of(0x63)])), '\uFEFFab\uFFFD');
    assert.equal(decodeLogText(Buffer.concat([le('\uFEFFa'), Buffer.of(0x00, 0xd8), le('b')])), '\uFEFFa\uFFFDb', 'a lone high surrogate');
    assert.equal(decodeLogText(Buffer.concat([be('\uFEFFa'), Buffer.of(0xdc, 0x00)])), '\uFEFFa\uFFFD', 'a lone low surrogate');
    assert.equal(decodeLogText(Buffer.of(0x61, 0xff, 0x62)), 'a\uFFFDb');
    assert.equal(decodeLogText(Buffer.of(0xff, 0xfe)), '\uFEFF', 'a UTF-16 BOM alone');
    assert.equal(decodeLogText(Buffer.of(0xff)), '\uFFFD', 'one byte that could have begun a BOM');
  });

  it('refuses UTF-32 (FF FE 00 00 is not UTF-16LE) and text with NULs but no BOM, saying why', () => {
    const utf32le = Buffer.of(0xff, 0xfe, 0, 0, 0x41, 0, 0, 0);
    const utf32be = Buffer.of(0, 0, 0xfe, 0xff, 0, 0, 0, 0x41);
    for (const bytes of [utf32le, utf32be]) {
      assert.throws(() => decodeLogText(bytes), (e: unknown) => e instanceof LogEncodingError && e.code === 'UNSUPPORTED_ENCODING' && /UTF-32/.test(e.message));
      assert.throws(() => decodeChunks(bytewise(bytes)), LogEncodingError, 'found even when the BOM comes byte by byte');
    }
    assert.throws(() => decodeLogText(le(TEXT.slice(1))), /encoding cannot be told: it has no byte-order mark and \d+ of its first \d+ bytes are NUL/);
    assert.throws(() => decodeLogText(be(TEXT.slice(1))), /encoding cannot be told/);
    // A stray NUL in a UTF-8 log is not enough to refuse it.
    const stray = `${'x'.repeat(200)}\0${'y'.repeat(200)}`;
    assert.equal(decodeLogText(Buffer.from(stray)), stray);
  });

  it('without a BOM, holds back at most the first 8 KB before deciding', () => {
    const decoder = new LogTextDecoder();
    assert.equal(decoder.write(Buffer.from('a'.repeat(8191))), '');
    assert.equal(decoder.encoding, undefined);
    assert.equal(decoder.write(Buffer.from('b')), `${'a'.repeat(8191)}b`);
    assert.equal(decoder.encoding, 'utf-8');
    assert.deepEqual(detectLogEncoding(Buffer.from('abc'), false), undefined);
    assert.deepEqual(detectLogEncoding(Buffer.from('abc'), true), { encoding: 'utf-8' });
    assert.deepEqual(detectLogEncoding(Buffer.of(0xfe, 0xff, 0, 0x41), false), { encoding: 'utf-16be' }, 'a BOM decides at once');
  });

  it('the encoder writes each encoding back, a surrogate pair split between pieces kept whole', () => {
    const pieces = ['\uFEFFa', '\uD83D', '\uDE00b'];
    for (const [encoding, expected] of [
      ['utf-8', Buffer.from('\uFEFFa😀b')],
      ['utf-16le', le('\uFEFFa😀b')],
      ['utf-16be', be('\uFEFFa😀b')],
    ] as const) {
      const encoder = new LogTextEncoder(encoding);
      assert.deepEqual(Buffer.concat([...pieces.map((p) => encoder.encode(p)), encoder.end()]), expected);
    }
  });
});
