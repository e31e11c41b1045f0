import * as assert from 'node:assert/strict';
import { LineSplitter, MAX_LINE_CHARS } from '../../../../src/core/logs/patterns/lineSplitter';
import { seeded } from './generatedLogs';

function split(pieces: readonly string[]): string[] {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  for (const piece of pieces) splitter.push(piece, (line) => lines.push(line));
  splitter.end((line) => lines.push(line));
  return lines;
}

describe('line splitter', () => {
  it('splits on \\n, \\r\\n and a lone \\r however the text is cut into pieces (a \\r\\n across two pieces is one break)', () => {
    const random = seeded(17);
    const alphabet = ['a', 'b', ' ', '\n', '\r', '\r\n', 'é', '😀'];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 60 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const expected = text.split(/\r\n|\r|\n/);
      if (expected[expected.length - 1] === '') expected.pop();
      const pieces: string[] = [];
      for (let at = 0; at < text.length;) {
        const size = Math.floor(random() * 5);
        pieces.push(text.slice(at, at + size));
        at += size;
      }
      assert.deepEqual(split(pieces), expected, JSON.stringify(text));
    }
  });

  it('tells where each line starts in its piece, or -1 for a line begun in an earlier piece', () => {
    const random = seeded(19);
    const alphabet = ['a', 'b', ' ', '\n', '\r', '\r\n', 'é', '😀'];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 60 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const splitter = new LineSplitter();
      let inPiece = 0;
      let earlier = 0;
      for (let at = 0; at < text.length;) {
        const piece = text.slice(at, at + 1 + Math.floor(random() * 8));
        at += piece.length;
        splitter.push(piece, (line, start) => {
          if (start < 0) earlier++;
          else {
            inPiece++;
            assert.equal(piece.slice(start, start + line.length), line, JSON.stringify(text));
            // It is the whole line: a line break, or the piece's end, before it.
            assert.ok(start === 0 || '\r\n'.includes(piece[start - 1]!), JSON.stringify(text));
          }
        });
      }
      splitter.end((_line, start) => assert.equal(start, -1));
      assert.ok(inPiece + earlier > 0);
    }
  });

  it('keeps the first MAX_LINE_CHARS of a line without a break, and the lines after it whole', () => {
    const huge = 'x'.repeat(5 * MAX_LINE_CHARS);
    const pieces: string[] = [];
    const text = `first\n${huge}\nafter\n`;
    for (let at = 0; at < text.length; at += 10_000) pieces.push(text.slice(at, at + 10_000));
    const lines = split(pieces);
    assert.deepEqual(lines.map((l) => l.length), [5, MAX_LINE_CHARS, 5]);
    assert.equal(lines[2], 'after');
  });
});
