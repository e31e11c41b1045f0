import * as assert from 'node:assert/strict';
import { latestOnly, runIssueSearch } from '../../../../src/views/issues/issueSearch';
import { useWorkerStore } from '../../storage/workerStore';

describe('Search Issues as you type (issueSearch.ts)', () => {
  describe('through the database worker', () => {
    const w = useWorkerStore('trcaa-issue-search-', 'Payment gateway timeout in Straßburg');

    it('searches each word as a prefix, marks what matched, and falls back to a phrase for invalid syntax', async () => {
      const { store } = w().client;
      await store.issues.create({ title: 'Postgres replica lag', severity: 'low', description: 'pgbouncer pool exhausted after the payment batch' });

      const typed = await runIssueSearch(store, 'pay gat');
      assert.equal(typed.query, '"pay"* "gat"*');
      assert.deepEqual(typed.hits.map((hit) => hit.title), ['‹Payment› ‹gateway› timeout in Straßburg']);

      // Title matches first, then description matches.
      const prefix = await runIssueSearch(store, 'pay*');
      assert.equal(prefix.total, 2);
      assert.deepEqual(prefix.hits.map((hit) => hit.titleText), ['Payment gateway timeout in Straßburg', 'Postgres replica lag']);
      assert.equal(prefix.hits[1]?.snippet, 'pgbouncer pool exhausted after the ‹payment› batch');

      assert.deepEqual((await runIssueSearch(store, 'straßb')).hits.map((hit) => hit.title), ['Payment gateway timeout in ‹Straßburg›']);
      assert.deepEqual((await runIssueSearch(store, '"replica lag"')).hits.map((hit) => hit.titleText), ['Postgres replica lag']);

      // A lone * is not a search: the hint, and the text searched as written (which matches nothing).
      const star = await runIssueSearch(store, '*');
      assert.match(star.fallback?.hint ?? '', /must follow a word/);
      assert.equal(star.query, '"*"');
      assert.deepEqual(star.hits, []);
      assert.deepEqual(await runIssueSearch(store, '   '), { query: '', hits: [], total: 0 });
    });
  });

  describe('latestOnly', () => {
    it('runs a keystroke at once when idle; while one runs, only the latest text waits, and runs next', async () => {
      const started: string[] = [];
      const finish: Array<() => void> = [];
      const request = latestOnly(
        (text) =>
          new Promise<void>((resolve) => {
            started.push(text);
            finish.push(resolve);
          }),
      );
      request('p');
      assert.deepEqual(started, ['p'], 'no debounce: the first keystroke runs at once');
      request('pa');
      request('pay');
      assert.deepEqual(started, ['p'], 'one search at a time');
      finish.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(started, ['p', 'pay'], 'the text typed meanwhile is the latest only');
      finish.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(started, ['p', 'pay'], 'nothing left to run');
      request('paym');
      assert.deepEqual(started, ['p', 'pay', 'paym']);
    });

    it('keeps going after a search fails', async () => {
      const started: string[] = [];
      let fail: (() => void) | undefined;
      const request = latestOnly((text) => {
        started.push(text);
        return text === 'bad' ? new Promise<void>((_, reject) => (fail = () => reject(new Error('boom')))) : Promise.resolve();
      });
      request('bad');
      request('good');
      fail?.();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(started, ['bad', 'good']);
    });
  });
});
