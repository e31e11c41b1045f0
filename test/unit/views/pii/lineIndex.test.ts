// The line index the PII decorations place spans with: lines end at \r\n, \r or \n as in VS Code's text model,
// whichever pieces the text arrives in.
import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../../src/views/pii/lineIndex';

function indexOf(pieces: string[]): LineIndex {
  const index = new LineIndex();
  for (const piece of pieces) index.push(piece);
  return index;
}

/** Line and column of an offset outside any \r\n, the slow way: count VS Code's line breaks before it. */
function naive(text: string, offset: number) {
  const breaks = [...text.slice(0, offset).matchAll(/\r\n|\r|\n/g)];
  const last = breaks[breaks.length - 1];
  return { line: breaks.length, character: last ? offset - (last.index + last[0].length) : offset };
}

describe('LineIndex', () => {
  const text = 'one\r\ntwo\nthree\rfour\r\n\r\nsix😀 end';

  it('maps offsets to lines and columns across \\r\\n, \\n and \\r', () => {
    const index = indexOf([text]);
    assert.equal(index.lineCount, 6);
    assert.equal(index.length, text.length);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
      assert.deepEqual(index.positionAt(offset), naive(text, offset), `offset ${offset}`);
      const at = index.positionAt(offset);
      assert.equal(index.offsetAt(at), offset);
    }
  });

  it('gives the same index whatever pieces the text comes in, a \\r\\n split between two included', () => {
    const whole = indexOf([text]);
    for (let cut = 0; cut <= text.length; cut++) {
      const pieces = indexOf([text.slice(0, cut), text.slice(cut)]);
      assert.equal(pieces.lineCount, whole.lineCount, `cut at ${cut}`);
      for (let line = 0; line < whole.lineCount; line++) assert.equal(pieces.lineStart(line), whole.lineStart(line), `cut at ${cut}, line ${line}`);
    }
    const single = indexOf([...text]);
    for (let line = 0; line < whole.lineCount; line++) assert.equal(single.lineStart(line), whole.lineStart(line));
  });
});
