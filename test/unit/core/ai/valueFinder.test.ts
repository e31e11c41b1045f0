// Finding a log's reviewed values inside templates: every occurrence, ASCII case ignored, short values too, and
// among a hundred thousand values sharing a prefix only the ones really there.
import * as assert from 'node:assert/strict';
import { occursIn, ValueFinder } from '../../../../src/core/ai/valueFinder';

describe('AI value finder (pure)', () => {
  it('finds each value wherever it occurs, ignoring ASCII case, overlapping values too', () => {
    const finder = new ValueFinder([
      { value: 'Bob@Example.com', type: 'Email' },
      { value: 'example.com', type: 'Hostname' },
      { value: 'db-1', type: 'Hostname' },
      { value: 'ab', type: 'Manual' },
      { value: '', type: 'Manual' },
    ]);
    const found = finder.find('mail bob@example.COM then BOB@EXAMPLE.COM via db-1 (tab)').sort((a, b) => a.start - b.start || a.end - b.end);
    assert.deepEqual(found, [
      { start: 5, end: 20, type: 'Email' },
      { start: 9, end: 20, type: 'Hostname' },
      { start: 26, end: 41, type: 'Email' },
      { start: 30, end: 41, type: 'Hostname' },
      { start: 46, end: 50, type: 'Hostname' },
      { start: 53, end: 55, type: 'Manual' },
    ]);
    assert.deepEqual(finder.find('nothing here'), []);
    // Only ASCII is lowered: the offsets hold for any text.
    assert.deepEqual(new ValueFinder([{ value: 'İstanbul-host', type: 'Hostname' }]).find('x İstanbul-host y'), [{ start: 2, end: 15, type: 'Hostname' }]);
  });

  it('finds only whole known values among many under one prefix (an access log\'s addresses)', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => ({ value: `10.0.${i >> 8}.${i & 255}`, type: 'IPv4' }));
    const finder = new ValueFinder(values);
    const text = 'from 10.0.3.7 to 10.0.3.77x and 10.0.999.1 '.repeat(20);
    const found = finder.find(text);
    // A known value inside a longer one counts too (redacting more is the safe side); 10.0.999.1 is not known.
    const seen = found.map((f) => text.slice(f.start, f.end));
    assert.deepEqual([seen.filter((v) => v === '10.0.3.7').length, seen.filter((v) => v === '10.0.3.77').length, seen.length], [40, 20, 60]);
  });

  it('tells which of many values occur in a text: whole ones only, short ones too', () => {
    const present = occursIn('sync failed for mailbox (bob@example.com) on db-primary; abcd-x-ijkl');
    assert.equal(present('bob@example.com'), true);
    assert.equal(present('db-primary'), true);
    assert.equal(present('db'), true);
    assert.equal(present('alice@example.com'), false);
    // Its first, middle and last four characters are all there, but not it.
    assert.equal(present('abcd-ijkl'), false);
    assert.equal(present(''), false);
  });
});
