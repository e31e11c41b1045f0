// The lines of a stored log whose PII spans are drawn: the screen and a margin, redrawn only near the margin's edge.
import * as assert from 'node:assert/strict';
import { covers, lineWindow, MIN_MARGIN_LINES, needsRedraw, visibleLines } from '../../../../src/views/pii/visibleWindow';

const range = (start: number, end: number) => ({ start: { line: start }, end: { line: end } });

describe('PII decorations window (visible range + margin)', () => {
  it('spans every visible range (folded regions give several)', () => {
    assert.deepEqual(visibleLines([range(10, 20), range(40, 55)]), { startLine: 10, endLine: 55 });
    assert.deepEqual(visibleLines([]), { startLine: 0, endLine: 0 });
  });

  it('draws the screen plus four screens (at least 200 lines) either side, inside the document', () => {
    assert.deepEqual(lineWindow({ startLine: 1000, endLine: 1039 }, 500_000), { startLine: 1000 - 200, endLine: 1039 + 200 });
    assert.deepEqual(lineWindow({ startLine: 1000, endLine: 1099 }, 500_000), { startLine: 600, endLine: 1499 });
    assert.deepEqual(lineWindow({ startLine: 0, endLine: 40 }, 60), { startLine: 0, endLine: 59 });
    assert.deepEqual(lineWindow({ startLine: 0, endLine: 0 }, 1), { startLine: 0, endLine: 0 });
  });

  it('a page or two of scrolling needs no redraw; near the edge, outside it or with nothing drawn it does', () => {
    const screen = { startLine: 10_000, endLine: 10_049 };
    const drawn = lineWindow(screen, 500_000);
    assert.equal(needsRedraw(undefined, screen, 500_000), true);
    assert.equal(needsRedraw(drawn, screen, 500_000), false);
    const page = (n: number) => ({ startLine: screen.startLine + 50 * n, endLine: screen.endLine + 50 * n });
    assert.equal(needsRedraw(drawn, page(1), 500_000), false, 'one page down: still three pages of margin');
    assert.equal(needsRedraw(drawn, page(2), 500_000), true, 'two pages down: within two screens of the edge, redrawn ahead');
    assert.equal(covers(drawn, page(4)), true, '…while two more pages are still drawn');
    assert.equal(covers(drawn, page(5)), false);
    assert.equal(needsRedraw(drawn, page(-2), 500_000), true, 'the same upwards');
    assert.equal(needsRedraw(drawn, page(100), 500_000), true, 'a jump far away');
    assert.equal(covers(drawn, page(100)), false);
  });

  it('the edges of the document need no margin beyond them', () => {
    const top = lineWindow({ startLine: 0, endLine: 49 }, 100_000);
    assert.equal(top.startLine, 0);
    assert.equal(needsRedraw(top, { startLine: 0, endLine: 49 }, 100_000), false);
    const bottom = lineWindow({ startLine: 99_950, endLine: 99_999 }, 100_000);
    assert.equal(bottom.endLine, 99_999);
    assert.equal(needsRedraw(bottom, { startLine: 99_950, endLine: 99_999 }, 100_000), false);
    const small = lineWindow({ startLine: 0, endLine: 30 }, 31);
    assert.equal(needsRedraw(small, { startLine: 0, endLine: 30 }, 31), false, 'a short log is drawn once');
    assert.ok(MIN_MARGIN_LINES >= 100);
  });
});
