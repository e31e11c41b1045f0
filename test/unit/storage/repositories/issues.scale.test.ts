import * as assert from 'node:assert/strict';
import type { IssueSeverity } from '../../../../src/core/model/issue';
import { useTestStore } from './testStore';

// A quick scale check: figures are printed, only correctness is asserted (timings vary by machine).
describe('IssueRepository at 10,000 issues', function () {
  this.timeout(120_000);
  const t = useTestStore('trcaa-issues-scale-');
  const N = 10_000;
  const severities: IssueSeverity[] = ['critical', 'high', 'medium', 'low'];
  const words = ['database', 'network', 'timeout', 'disk', 'memory', 'certificate', 'deploy', 'queue', 'cache', 'dns'];

  const titleOf = (i: number) => `Incident ${i} ${words[i % 10]} ${words[(i * 7) % 10]}`;
  const descriptionOf = (i: number) => (i % 1000 === 0 ? `rare marker zebra${i} in the description` : `routine ${words[(i * 3) % 10]} noise`);

  const timed = <T>(label: string, work: () => T): T => {
    const start = performance.now();
    const result = work();
    console.log(`      ${label}: ${(performance.now() - start).toFixed(1)} ms`);
    return result;
  };

  it('creates them in one transaction; a page, a deep cursor page, counts and a search stay correct', () => {
    const { store, db, clock } = t();
    timed(`create ${N} issues (audit + timeline each) in one transaction`, () =>
      db.transaction(() => {
        for (let i = 0; i < N; i++) {
          if (i % 10 === 0) clock.advance(1000);
          store.issues.create({
            title: titleOf(i),
            severity: severities[i % 4] as IssueSeverity,
            description: descriptionOf(i),
            tags: i % 2 ? ['even'] : ['odd'],
          });
        }
      }),
    );
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM issues')?.n, N);

    const first = timed('list first page (50, newest first)', () => store.issues.list());
    assert.equal(first.total, N);
    assert.equal(first.items.length, 50);
    assert.equal(first.items[0]?.title.startsWith('Incident 9999 '), true);

    const filtered = timed('list critical by severity, page of 100', () => store.issues.list({ severity: ['critical'], sort: { field: 'severity' }, limit: 100 }));
    assert.equal(filtered.total, N / 4);
    assert.ok(filtered.items.every((issue) => issue.severity === 'critical'));

    const deep = timed('list page at offset 9,900 sorted by title', () => store.issues.list({ sort: { field: 'title' }, limit: 100, offset: 9_900 }));
    assert.equal(deep.items.length, 100);
    assert.equal(deep.nextCursor, undefined);

    let cursor = store.issues.list({ sort: { field: 'severity' }, limit: 500 }).nextCursor;
    let pages = 1;
    timed('walk all pages by cursor (500 each, severity)', () => {
      while (cursor) {
        cursor = store.issues.list({ sort: { field: 'severity' }, limit: 500, cursor }).nextCursor;
        pages++;
      }
    });
    assert.equal(pages, N / 500);

    const both = (text: string) => /\bnetw/.test(text) && /\bque/.test(text);
    const expected = Array.from({ length: N }, (_, i) => i).filter((i) => both(`${titleOf(i)} ${descriptionOf(i)}`)).length;
    const text = timed('list with text filter "netw que"', () => store.issues.list({ text: 'netw que', limit: 500 }));
    assert.ok(expected > 0);
    assert.equal(text.total, expected);
    assert.ok(text.items.every((issue) => both(`${issue.title} ${issue.description}`)));

    const counts = timed('counts', () => store.issues.counts());
    assert.equal(counts.total, N);
    assert.equal(counts.byStatus.open, N);

    const rare = timed('search "zebra*"', () => store.issues.search('zebra*'));
    assert.equal(rare.total, N / 1000);
    assert.ok(rare.hits.every((hit) => hit.snippet.ranges.length === 1));

    const common = timed('search "timeout" (thousands of matches, top 50)', () => store.issues.search('timeout'));
    assert.ok(common.total >= 1000);
    assert.equal(common.hits.length, 50);
    assert.ok(common.hits.every((hit) => hit.title.ranges.length > 0), 'title matches rank first');

    timed('audit verify', () => assert.equal(store.audit.verify().ok, true));
  });
});
