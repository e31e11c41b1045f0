import * as assert from 'node:assert/strict';
import { comparePatterns } from '../../../../src/core/logs/patterns/compare';

describe('what changed between two pattern sets', () => {
  it('ranks new patterns first, then gone ones, then the largest changes in share; steady ones are left out', () => {
    const before = [
      { template: 'request served in <*> ms', count: 1000 },
      { template: 'cache miss for <*>', count: 100 },
      { template: 'retrying <*>', count: 50 },
      { template: 'legacy endpoint <*> called', count: 30 },
    ];
    // After: about twice the lines; requests steady in share, cache misses ×3.9 their share, retries ×0.08.
    const after = [
      { template: 'request served in <*> ms', count: 2000 },
      { template: 'cache miss for <*>', count: 1000 },
      { template: 'retrying <*>', count: 10 },
      { template: 'connection refused by <*>', count: 40 },
      { template: 'pool exhausted', count: 3 },
    ];
    const changes = comparePatterns(before, after);
    assert.deepEqual(changes.map((c) => [c.kind, c.template]), [
      ['new', 'connection refused by <*>'],
      ['new', 'pool exhausted'],
      ['gone', 'legacy endpoint <*> called'],
      ['less', 'retrying <*>'], // a share ×0.08: a larger change than…
      ['more', 'cache miss for <*>'], // …a share ×3.9
    ]);
    const cache = changes.find((c) => c.template === 'cache miss for <*>')!;
    assert.ok(Math.abs(cache.ratio - (1000 / 3053) / (100 / 1180)) < 1e-9);
  });

  it('minCount drops rare patterns and minRatio sets what counts as a change', () => {
    const before = [{ template: 'a', count: 100 }, { template: 'b', count: 100 }];
    const after = [{ template: 'a', count: 150 }, { template: 'b', count: 60 }, { template: 'c', count: 1 }];
    assert.deepEqual(comparePatterns(before, after).map((c) => c.template), ['c']);
    assert.deepEqual(comparePatterns(before, after, { minCount: 2 }).map((c) => c.template), []);
    // Shares: a 150/211 vs 1/2 (×1.42), b 60/211 vs 1/2 (×0.57): the larger change first.
    assert.deepEqual(comparePatterns(before, after, { minCount: 2, minRatio: 1.4 }).map((c) => [c.kind, c.template]), [['less', 'b'], ['more', 'a']]);
  });
});
