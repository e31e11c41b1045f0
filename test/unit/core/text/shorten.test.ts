// Cutting text to a limit never splits a surrogate pair: a lone half is sent as garbage (or refused) by the services
// and AI providers the cut text goes to.
import * as assert from 'node:assert/strict';
import { prefixWithin, shorten } from '../../../../src/core/text/shorten';

const isWellFormed = (text: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe('shorten and prefixWithin', () => {
  it('leave text within the limit as it is', () => {
    assert.equal(shorten('abc', 3), 'abc');
    assert.equal(prefixWithin('abc😀', 5), 'abc😀');
  });

  it('cut between characters, at most the limit in UTF-16 units, at every place an emoji can fall', () => {
    const text = 'ab😀cd😀😀e';
    for (let max = 1; max < text.length; max++) {
      const prefix = prefixWithin(text, max);
      assert.ok(prefix.length <= max && prefix.length >= max - 1 && text.startsWith(prefix) && isWellFormed(prefix), `${max}: ${JSON.stringify(prefix)}`);
      const short = shorten(text, max);
      assert.ok(short.length <= max && short.endsWith('…') && isWellFormed(short), `${max}: ${JSON.stringify(short)}`);
    }
  });
});
