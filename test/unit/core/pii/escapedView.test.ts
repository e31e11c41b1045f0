// The escaped view (escapedView.ts): what the detector reads of an encoded line (\uXXXX, \/, %40, %2E, &quot; decoded), and
// where each character it reads stands in the source — the offsets spans are mapped back through.
import * as assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import { escapedView, hasEscapes } from '../../../../src/core/pii/escapedView';
import { createDetector } from '../../../../src/core/pii/detector';

function view(text: string): [string, number[]] {
  const v = escapedView(text);
  return [v.text, Array.from(v.offsets)];
}

describe('PII detector: the escaped view of a line', () => {
  it('decodes \\uXXXX in any case of hex digit, and maps each character to where its escape starts', () => {
    assert.deepEqual(view('a\\u0040b'), ['a@b', [0, 1, 7, 8]]);
    assert.deepEqual(view('a\\u004A\\u004a\\u0039b'), ['aJJ9b', [0, 1, 7, 13, 19, 20]]);
    assert.deepEqual(view('\\u00e9\\u00E9\\u00Ff'), ['ééÿ', [0, 6, 12, 18]]);
    assert.deepEqual(view('\\uD83D\\uDE00'), ['😀', [0, 6, 12]]); // a surrogate pair, escaped unit by unit
    assert.deepEqual(view('a\\u0000b'), ['a\u0000b', [0, 1, 7, 8]]); // code unit 0 is an escape too
    // Half a surrogate pair, escaped or not, reads as U+FFFD (as an undecodable byte does), one for one.
    assert.deepEqual(view('a\\uD83Db\\uDE00'), ['a\uFFFDb\uFFFD', [0, 1, 7, 8, 14]]);
    assert.deepEqual(view('\uDE00\\u0040'), ['\uFFFD@', [0, 1, 7]]);
  });

  it('decodes nginx\'s \\xHH, one code unit for four', () => {
    assert.deepEqual(view('a\\x22b\\x5cc'), ['a"b\\c', [0, 1, 5, 6, 10, 11]]);
  });

  it('leaves an escape with a character that is not a hex digit as it is', () => {
    // Just outside each range of hex digits: / : @ G ` g.
    for (const text of ['a\\y0040b', 'x\\x4/', 'x\\x4G', 'x\\x/4', 'x\\xg4', 'x\\x4', 'x\\u004/', 'x\\u004:', 'x\\u004@', 'x\\u004G', 'x\\u004`', 'x\\u004g', 'x\\u12', '\\u', 'x\\n']) {
      assert.equal(hasEscapes(text), false, text);
      assert.deepEqual(view(text), [text, Array.from({ length: text.length + 1 }, (_, k) => k)], text);
    }
  });

  it('decodes \\/ and the percent escapes that shape an address (%40, %2E, %2e), nothing else', () => {
    assert.deepEqual(view('a\\/b'), ['a/b', [0, 1, 3, 4]]);
    assert.deepEqual(view('a%40b%2E%2ec'), ['a@b..c', [0, 1, 4, 5, 8, 11, 12]]);
    for (const text of ['%41%2F%20', '%4', '%', '%2', '%3E']) {
      assert.equal(hasEscapes(text), false, text);
      assert.equal(escapedView(text).text, text);
    }
  });

  it('decodes the five named XML references and numeric ones (decimal, hex), each to one code unit', () => {
    assert.deepEqual(view('&lt;a&gt;&quot;&apos;&amp;'), ['<a>"\'&', [0, 4, 5, 9, 15, 21, 26]]);
    assert.deepEqual(view('&#43;&#x2B;&#X40;&#064;'), ['++@@', [0, 5, 11, 17, 23]]);
    assert.deepEqual(view('&#65535;&#xffff;&#0;'), ['\uffff\uffff\u0000', [0, 8, 16, 20]]); // the ends of the range
    // Not a reference: no semicolon, an unknown name, upper-case names, too many digits, past one code unit, a lone &.
    for (const text of ['a&b', '&quot', '&nbsp;', '&QUOT;', '&#;', '&#x;', '&#123456;', '&#65536;', '&#x10000;', '&#xG1;', '&', 'x&amp']) {
      assert.equal(hasEscapes(text), false, text);
      assert.deepEqual(view(text), [text, Array.from({ length: text.length + 1 }, (_, k) => k)], text);
    }
    assert.equal(hasEscapes('a & b &amp; c'), true, 'a reference after a lone ampersand');
    assert.deepEqual(view('&&amp;'), ['&&', [0, 1, 6]]);
  });

  it('an escaped backslash is text, and so is what follows it; a third backslash escapes again', () => {
    for (const text of ['\\\\u0040', '\\\\/', 'end\\', '\\\\\\\\u0040']) {
      assert.equal(hasEscapes(text), false, text);
      assert.deepEqual(view(text), [text, Array.from({ length: text.length + 1 }, (_, k) => k)], text);
    }
    assert.equal(hasEscapes('\\\\\\u0040'), true);
    assert.deepEqual(view('\\\\\\u0040'), ['\\\\@', [0, 1, 2, 8]]);
    assert.equal(hasEscapes('\\\\x \\u0040'), true, 'an escape after an escaped backslash elsewhere on the line');
    assert.equal(hasEscapes('100% sure, jane%40example.org'), true, 'a percent escape after a lone percent sign');
    // A backslash or percent sign that escapes nothing is one character of text: what follows it is read again.
    assert.deepEqual(view('%\\u0040'), ['%@', [0, 1, 7]]);
    assert.deepEqual(view('\\%40'), ['\\@', [0, 1, 4]]);
    assert.deepEqual(view('%%2E'), ['%.', [0, 1, 4]]);
  });

  it('a view whose characters all fit in one byte is a one-byte string (a JSON log is scanned at one-byte speed)', () => {
    // V8's regexes run ~3.5x slower on two-byte text, and every line of a container log has escapes. The serializer's
    // tag tells: '"' a one-byte string, 'c' two bytes a character. A stream scanner's window is over a million
    // characters: TextDecoder gave two-byte (external) strings from about that size.
    const oneByte = (s: string) => serialize(s)[2] === 0x22;
    const line = '{"log":"10.0.0.7 GET \\/api?a=1\\u0026b=2 caf\u00e9 jane%40example.org\\\\u0040","stream":"stdout"}\n';
    const view = escapedView(line.repeat(20_000)).text;
    assert.ok(view.length > 1_200_000);
    const first = '{"log":"10.0.0.7 GET /api?a=1&b=2 caf\u00e9 jane@example.org\\\\u0040","stream":"stdout"}\n';
    assert.equal(view.slice(0, first.length), first);
    assert.ok(oneByte(view), 'the view of Latin-1 text is two bytes a character');
    assert.ok(oneByte(escapedView('x \\u00ff y').text), 'an escape for a Latin-1 character');
    assert.ok(!oneByte(escapedView('x \\u2603 y').text), 'a snowman needs two bytes: the tag tells them apart');
    assert.equal(escapedView('x \\u2603 \\u00e9 y').text, 'x \u2603 \u00e9 y');
  });

  it('a value found in the decoded text is reported at its place in the source, escapes included', () => {
    const detector = createDetector({ enabledTypes: ['Email', 'UrlCredentials'] });
    const spans = (text: string) => detector.detect(text).map((s) => [s.type, s.start, s.end, s.value]);
    assert.deepEqual(spans('x jane\\u0040example.org y'), [['Email', 2, 23, 'jane\\u0040example.org']]);
    assert.deepEqual(spans('\\u0026 x jane%40example.org y'), [['Email', 9, 27, 'jane%40example.org']]);
    assert.deepEqual(spans('x \\\\u0040 jane@example.org'), [['Email', 10, 26, 'jane@example.org']]);
    assert.deepEqual(spans('https:\\/\\/user:pw@host.example.com\\/x y'), [['UrlCredentials', 0, 37, 'https:\\/\\/user:pw@host.example.com\\/x']]);
    assert.deepEqual(spans('&lt;User&gt;kim&#64;example.org&lt;/User&gt;'), [['Email', 12, 31, 'kim&#64;example.org']]);
    // Ending at the last character of the source: mapped through offsets[text.length].
    assert.deepEqual(spans('mail jane\\u0040example.org'), [['Email', 5, 26, 'jane\\u0040example.org']]);
  });
});
