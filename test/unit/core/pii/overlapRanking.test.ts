// Which finding wins where findings overlap (detector.ts resolveOverlaps): the more specific type, then the longer,
// then the earlier, then the type name — whatever order the rules or patterns come in. The winner also takes the
// characters of the losers around it, so nothing any finding covered stays visible.
import * as assert from 'node:assert/strict';
import { createDetector } from '../../../../src/core/pii/detector';
import type { CustomPattern, PiiType } from '../../../../src/core/pii/types';

function spans(text: string, customPatterns: CustomPattern[], enabledTypes: PiiType[] = []) {
  return createDetector({ enabledTypes, customPatterns }).detect(text).map((s) => [s.type, s.start, s.end, s.value, s.replacement]);
}

describe('PII detector: which finding wins an overlap', () => {
  it('a more specific type wins over a longer one, and takes its characters', () => {
    // A custom pattern ranks above an e-mail address: it is shown, over the whole address.
    assert.deepEqual(spans('x jane@example.org y', [{ name: 'who', pattern: 'jane' }], ['Email']), [['Custom:who', 2, 18, 'jane@example.org', '[who]']]);
    // A URL with credentials ranks above the e-mail-like part inside it.
    assert.deepEqual(spans('get https://bob:pw@example.org/x ok', [], ['Email', 'UrlCredentials']), [['UrlCredentials', 4, 32, 'https://bob:pw@example.org/x', '[URL]']]);
  });

  it('of equal rank, the longer wins, in either order of the patterns', () => {
    const expected = [['Custom:b', 2, 8, 'abcdef', '[b]']];
    assert.deepEqual(spans('x abcdef y', [{ name: 'a', pattern: 'abc' }, { name: 'b', pattern: 'bcdef' }]), expected);
    assert.deepEqual(spans('x abcdef y', [{ name: 'b', pattern: 'bcdef' }, { name: 'a', pattern: 'abc' }]), expected);
  });

  it('of equal rank and length, the earlier wins (not the name that sorts first)', () => {
    const expected = [['Custom:z', 2, 6, 'abcd', '[z]']];
    assert.deepEqual(spans('x abcd y', [{ name: 'z', pattern: 'abc' }, { name: 'a', pattern: 'bcd' }]), expected);
    assert.deepEqual(spans('x abcd y', [{ name: 'a', pattern: 'bcd' }, { name: 'z', pattern: 'abc' }]), expected);
  });

  it('over the same characters, the type name that sorts first wins, in either order', () => {
    assert.deepEqual(spans('x abcd y', [{ name: 'b', pattern: 'abcd' }, { name: 'a', pattern: 'abcd' }]), [['Custom:a', 2, 6, 'abcd', '[a]']]);
    assert.deepEqual(spans('x abcd y', [{ name: 'a', pattern: 'abcd' }, { name: 'b', pattern: 'abcd' }]), [['Custom:a', 2, 6, 'abcd', '[a]']]);
  });

  it('two winners inside one loser share it out: the first from its start, the last to its end, touching', () => {
    // The password covers 9–23; p (13–17) and q (17–21) rank above it: p takes 9–17, q 17–23.
    const text = 'password=aa11bb22cc33dd end';
    const found = spans(text, [{ name: 'p', pattern: 'bb22' }, { name: 'q', pattern: 'cc33' }], ['Password']);
    assert.deepEqual(found, [
      ['Custom:p', 9, 17, 'aa11bb22', '[p]'],
      ['Custom:q', 17, 23, 'cc33dd', '[q]'],
    ]);
  });

  it('winners inside one loser are shown in text order even when the later one ranks higher', () => {
    // q (cc33dd) is longer than p (bb22), so it is chosen first; the spans still come out in position order.
    const found = spans('password=aa11bb22cc33dd end', [{ name: 'p', pattern: 'bb22' }, { name: 'q', pattern: 'cc33dd' }], ['Password']);
    assert.deepEqual(found, [
      ['Custom:p', 9, 17, 'aa11bb22', '[p]'],
      ['Custom:q', 17, 23, 'cc33dd', '[q]'],
    ]);
  });

  it('a detector without custom patterns reports no problems', () => {
    assert.deepEqual(createDetector().problems, []);
    assert.deepEqual(createDetector({ enabledTypes: [] }).problems, []);
  });

  it('findings that only touch are not a cluster: each keeps its own span', () => {
    assert.deepEqual(spans('x abcdef y', [{ name: 'p', pattern: 'abc' }, { name: 'q', pattern: 'def' }]), [
      ['Custom:p', 2, 5, 'abc', '[p]'],
      ['Custom:q', 5, 8, 'def', '[q]'],
    ]);
  });

  it('a chain of overlaps is one cluster even when its first finding ends before its last begins', () => {
    // abc / cde / efg: the middle one links the other two; both ends win (longer: none; earlier first).
    assert.deepEqual(spans('x abcdefg y', [{ name: 'p', pattern: 'abc' }, { name: 'q', pattern: 'cde' }, { name: 'r', pattern: 'efg' }]), [
      ['Custom:p', 2, 6, 'abcd', '[p]'],
      ['Custom:r', 6, 9, 'efg', '[r]'],
    ]);
  });

  it('findings of one rule that come out of text order are put in order (a SIP user found after a later number)', () => {
    assert.deepEqual(
      createDetector({ enabledTypes: ['Phone'] }).detect('Dial("PJSIP/0612345678@carrier-out") then 01 23 45 67 89').map((s) => [s.start, s.end]),
      [[12, 22], [42, 56]],
    );
  });

  it('two findings starting together: the longer one is the one kept when it ranks the same', () => {
    assert.deepEqual(spans('x abcdef y', [{ name: 'a', pattern: 'abc' }, { name: 'b', pattern: 'abcdef' }]), [['Custom:b', 2, 8, 'abcdef', '[b]']]);
    assert.deepEqual(spans('x abcdef y', [{ name: 'b', pattern: 'abcdef' }, { name: 'a', pattern: 'abc' }]), [['Custom:b', 2, 8, 'abcdef', '[b]']]);
  });
});
