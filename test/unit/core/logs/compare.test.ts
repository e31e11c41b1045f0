import * as assert from 'node:assert/strict';
import { comparePatterns } from '../../../../src/core/logs/patterns/compare';
import { LogPatternIndexer } from '../../../../src/core/logs/patterns/logPatternIndex';

/** The patterns the miner finds in these lines (an ISO header each), as the stored pattern sets hold them. */
function mined(messages: readonly string[]) {
  const indexer = new LogPatternIndexer({ defaultYear: 2026 });
  indexer.push(messages.map((m, i) => `2026-03-01T12:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z INFO ${m}`).join('\n'));
  return indexer.end().patterns.map((p) => ({ template: p.template, count: p.count }));
}

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

  it('one event mined with a variable on one side and as its few values on the other is one pattern, not new and gone', () => {
    // Before: four users take the position, so the miner makes it a variable; after: two users, two templates.
    const sessions = (users: string[]) => Array.from({ length: 40 }, (_, i) => `session opened for user ${users[i % users.length]} from web`);
    const before = mined([...sessions(['alice', 'bob', 'carol', 'dave']), ...Array.from({ length: 40 }, (_, i) => `cache miss for key${i}x`)]);
    const after = mined([...sessions(['alice', 'bob']), ...Array.from({ length: 40 }, (_, i) => `cache miss for key${i}x`), ...Array.from({ length: 10 }, () => 'pool exhausted')]);
    assert.ok(before.some((p) => p.template === 'session opened for user <*> from web'), JSON.stringify(before));
    assert.ok(after.some((p) => p.template === 'session opened for user alice from web'), JSON.stringify(after));
    assert.deepEqual(comparePatterns(before, after).map((c) => [c.kind, c.template, c.before, c.after]), [['new', 'pool exhausted', 0, 10]]);
    // And the other way round.
    assert.deepEqual(comparePatterns(after, before).map((c) => [c.kind, c.template, c.before, c.after]), [['gone', 'pool exhausted', 10, 0]]);
    // The row says which templates of each side it counts (a view opens the side's most frequent one's lines).
    const session = comparePatterns(before, after, { minRatio: 1.01 }).find((c) => c.template.startsWith('session'))!;
    assert.deepEqual([session.kind, session.template, session.before, session.after], ['less', 'session opened for user <*> from web', 40, 40]);
    assert.deepEqual(session.beforeTemplates, ['session opened for user <*> from web']);
    assert.deepEqual(session.afterTemplates, ['session opened for user alice from web', 'session opened for user bob from web']);
  });

  it('a template with a variable takes in only lines of its shape: the same words in each constant place, as many tokens', () => {
    const before = [{ template: 'user <*> logged in', count: 50 }, { template: '<*> <*>', count: 50 }];
    const after = [
      { template: 'user alice logged in', count: 50 },
      { template: 'user alice logged out', count: 5 }, // another word in a constant place
      { template: 'user alice logged in twice', count: 5 }, // another length
      { template: 'connection closed', count: 5 }, // two tokens, but <*> <*> has no constant word to match on
      { template: 'id=<*> ok', count: 5 },
    ];
    const changes = comparePatterns(before, after, { minRatio: 1.5 });
    assert.deepEqual(changes.filter((c) => c.kind === 'new').map((c) => c.template).sort(), ['connection closed', 'id=<*> ok', 'user alice logged in twice', 'user alice logged out']);
    assert.ok(!changes.some((c) => c.template === 'user alice logged in' || c.template === 'user <*> logged in'), JSON.stringify(changes));
  });

  it('with minRatio 1, patterns whose share did not change are not reported', () => {
    const side = [{ template: 'a', count: 10 }, { template: 'b', count: 10 }];
    assert.deepEqual(comparePatterns(side, side, { minRatio: 1 }), []);
  });
});
