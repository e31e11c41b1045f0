import * as assert from 'node:assert/strict';
import path from 'node:path';
import { CJK_FAMILY, loadFont, MONO_FAMILY, splitByFont } from '../../../../src/core/export/fonts';
import { findSystemCjkFont, findSystemMonoFont } from '../../../../src/core/export/systemFonts';
import { latinDir, testFonts } from './exportFonts';

describe('PDF export fonts', () => {
  it('finds the first CJK font that exists', () => {
    assert.equal(findSystemCjkFont(['/a.ttc', '/b.ttf', '/c.ttf'], (file) => file !== '/a.ttc'), '/b.ttf');
    assert.equal(findSystemCjkFont(['/a.ttc'], () => false), undefined);
  });

  it('opens the first face of a TrueType collection by its PostScript name', () => {
    const { cjkFontPath } = testFonts();
    const font = loadFont(cjkFontPath!);
    if (cjkFontPath!.endsWith('.ttc')) assert.ok(Array.isArray(font.source) && font.source[1].length > 0);
    assert.ok(font.face.hasGlyphForCodePoint('事'.codePointAt(0)!));
  });

  it('sends Latin, Greek and Cyrillic to Roboto, CJK to the CJK font, and replaces what neither has', () => {
    const latin = loadFont(path.join(latinDir, 'Roboto-Regular.ttf')).face;
    const cjk = loadFont(testFonts().cjkFontPath!).face;
    const split = splitByFont(latin, cjk);
    assert.deepEqual(split('Αλφα Привет 事故报告 ok'), [{ text: 'Αλφα Привет ' }, { text: '事故报告', font: CJK_FAMILY }, { text: ' ok' }]);
    // One emoji sequence (thumbs up + skin tone; a ZWJ family) becomes one replacement character.
    assert.deepEqual(split('a 👍🏽 b 👨‍👩‍👧 c'), [{ text: 'a \ufffd b \ufffd c' }]);
    assert.deepEqual(split('事🔥'), [{ text: '事', font: CJK_FAMILY }, { text: '\ufffd' }]);
  });

  it('sends code to the monospace font, falling back to Roboto and the CJK font for what it lacks', () => {
    assert.equal(findSystemMonoFont(['/a.ttf', '/b.ttf'], (file) => file === '/b.ttf'), '/b.ttf');
    const fonts = testFonts();
    const split = splitByFont(loadFont(path.join(latinDir, 'Roboto-Regular.ttf')).face, loadFont(fonts.cjkFontPath!).face, loadFont(fonts.monoFontPath!).face);
    assert.deepEqual(split('GET /pay 502\n  at db.query()', true), [{ text: 'GET /pay 502\n  at db.query()', font: MONO_FAMILY }]);
    assert.deepEqual(split('日志 ok', true), [{ text: '日志', font: CJK_FAMILY }, { text: ' ok', font: MONO_FAMILY }]);
    // Not code: Roboto as before.
    assert.deepEqual(split('GET /pay'), [{ text: 'GET /pay' }]);
  });

  it('replaces CJK characters when no CJK font is given', () => {
    const split = splitByFont(loadFont(path.join(latinDir, 'Roboto-Regular.ttf')).face);
    assert.deepEqual(split('报告 x'), [{ text: '\ufffd x' }]);
  });
});
