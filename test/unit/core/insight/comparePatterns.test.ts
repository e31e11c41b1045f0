// What changed between two sets of pattern counts: new, gone, ×N more or less (as shares of each side), ranked.
import * as assert from 'node:assert/strict';
import { comparePatterns } from '../../../../src/core/insight/comparePatterns';

describe('insight: comparePatterns', () => {
  it('finds new, gone, more and less, matched by template, and ranks new and gone errors first', () => {
    const before = [
      { template: 'GET <*> 200', count: 1000, level: 'info' },
      { template: 'cache warmed in <*> ms', count: 10, level: 'info' },
      { template: 'retrying <*>', count: 10, level: 'warn' },
      { template: 'slow query <*>', count: 100, level: 'warn' },
    ];
    const after = [
      { template: 'GET <*> 200', count: 1000, level: 'info', id: 'P1' },
      { template: 'pool exhausted: <*>', count: 5, level: 'error', id: 'P7' },
      { template: 'feature flag <*> on', count: 3, level: 'info', id: 'P8' },
      { template: 'retrying <*>', count: 80, level: 'warn', id: 'P3' },
      { template: 'slow query <*>', count: 10, level: 'warn', id: 'P4' },
    ];
    const changes = comparePatterns(before, after);
    assert.deepEqual(
      changes.map((c) => [c.kind, c.template]),
      [
        ['new', 'pool exhausted: <*>'],
        ['new', 'feature flag <*> on'],
        ['gone', 'cache warmed in <*> ms'],
        ['less', 'slow query <*>'], // ×9.8 less ranks above ×8.2 more
        ['more', 'retrying <*>'],
      ],
    );
    const retrying = changes.find((c) => c.template === 'retrying <*>');
    // Before: 1120 lines, after: 1098 lines; 80/10 scaled by 1120/1098.
    assert.ok(retrying && Math.abs(retrying.ratio - (80 * (1120 / 1098)) / 10) < 1e-9);
    assert.equal(changes.find((c) => c.kind === 'new' && c.template.startsWith('pool'))?.id, 'P7');
    assert.equal(changes.some((c) => c.template === 'GET <*> 200'), false, 'unchanged patterns are left out');
  });

  it('compares frequencies as shares: a side twice as long does not make everything ×2', () => {
    const before = [{ template: 'a <*>', count: 100 }, { template: 'b <*>', count: 50 }];
    const after = [{ template: 'a <*>', count: 200 }, { template: 'b <*>', count: 100 }];
    assert.deepEqual(comparePatterns(before, after), []);
  });

  it('ranks stronger changes first among more/less, and sums a template seen under two ids', () => {
    const before = [{ template: 'x', count: 10 }, { template: 'y', count: 10 }, { template: 'z', count: 980 }];
    const after = [{ template: 'x', count: 30 }, { template: 'y', count: 50 }, { template: 'y', count: 50 }, { template: 'z', count: 980 }];
    const changes = comparePatterns(before, after);
    assert.deepEqual(changes.map((c) => [c.kind, c.template, c.after]), [['more', 'y', 100], ['more', 'x', 30]]);
  });
});
