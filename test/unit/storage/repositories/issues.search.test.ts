import * as assert from 'node:assert/strict';
import type { HighlightedText } from '../../../../src/core/model/issue';
import { EngineError, toFailure } from '../../../../src/storage/engine/protocol';
import { isSearchSyntaxError, phraseQuery, SearchSyntaxError, wordsQuery } from '../../../../src/storage/repositories/issues';
import { useTestStore } from './testStore';

/** The matched parts of a highlighted text. */
const marked = (text: HighlightedText) => text.ranges.map(([start, end]) => text.text.slice(start, end));

describe('IssueRepository.search', () => {
  const t = useTestStore('trcaa-search-');
  const ids = (query: string) => t().store.issues.search(query).hits.map((hit) => hit.issue.title);

  function seed(): void {
    const { store } = t();
    store.issues.create({ title: 'Database timeout on checkout', severity: 'critical', description: 'The root cause was a lock held by the nightly data export.' });
    store.issues.create({ title: 'DNS failure in eu-west', severity: 'high', description: 'Resolvers timed out; the cause at the root was a bad config push.' });
    store.issues.create({ title: 'Login page slow', severity: 'low', description: null });
    store.issues.create({ title: 'Datadog agent crash', severity: 'medium', description: 'Agent restarted after OOM.' });
  }

  it('finds a new issue, marks the matches in the title and a description snippet, best first', () => {
    seed();
    const result = t().store.issues.search('timeout');
    assert.equal(result.total, 1);
    const [hit] = result.hits;
    assert.equal(hit?.issue.title, 'Database timeout on checkout');
    assert.equal(hit?.title.text, 'Database timeout on checkout', 'plain text: no markers, no markup');
    assert.deepEqual(hit?.title.ranges, [[9, 16]]);
    assert.deepEqual(marked(hit!.title), ['timeout']);
    assert.equal(hit?.snippet.text, 'The root cause was a lock held by the nightly data export.');
    assert.deepEqual(hit?.snippet.ranges, []);
    assert.equal(typeof hit?.score, 'number');

    const lock = t().store.issues.search('lock').hits[0];
    assert.deepEqual(marked(lock!.snippet), ['lock']);
    assert.ok(!['\u0001', '\u0002', '<', '>'].some((char) => (lock!.snippet.text + lock!.title.text).includes(char)));

    // A title match outweighs a description match.
    t().store.issues.create({ title: 'Export stalls', severity: 'low', description: 'nothing about it' });
    assert.deepEqual(ids('export'), ['Export stalls', 'Database timeout on checkout']);
  });

  it('cuts long descriptions around the match with an ellipsis', () => {
    const { store } = t();
    const filler = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    store.issues.create({ title: 'Long', severity: 'low', description: `${filler} needle ${filler}` });
    const hit = store.issues.search('needle').hits[0]!;
    assert.ok(hit.snippet.text.startsWith('…') && hit.snippet.text.endsWith('…'), hit.snippet.text);
    assert.ok(hit.snippet.text.length < 400);
    assert.deepEqual(marked(hit.snippet), ['needle']);
    assert.deepEqual(hit.snippet.text.slice(...hit.snippet.ranges[0]!), 'needle');
  });

  it('supports prefix and phrase queries', () => {
    seed();
    assert.deepEqual(ids('data*').sort(), ['Database timeout on checkout', 'Datadog agent crash']);
    const prefix = t().store.issues.search('data*').hits.find((hit) => hit.issue.title.startsWith('Database'))!;
    assert.deepEqual(marked(prefix.title), ['Database']);
    assert.deepEqual(marked(prefix.snippet), ['data']);
    assert.deepEqual(ids('"root cause"'), ['Database timeout on checkout'], 'the phrase, not both words anywhere');
    assert.deepEqual(ids('root cause').sort(), ['DNS failure in eu-west', 'Database timeout on checkout']);
    const phrase = t().store.issues.search('"root cause"').hits[0]!;
    assert.deepEqual(marked(phrase.snippet), ['root cause']);
    assert.deepEqual(ids('title:dns OR title:login').sort(), ['DNS failure in eu-west', 'Login page slow']);
    assert.deepEqual(ids('timeout NOT checkout'), []);
    assert.deepEqual(ids('timed NOT checkout'), ['DNS failure in eu-west']);
  });

  it('stops finding old words after an update, and finds the new ones', () => {
    seed();
    const { store } = t();
    const issue = store.issues.list({ text: 'login' }).items[0]!;
    store.issues.update(issue.id, { title: 'Sign-in page slow', description: 'Session store saturated' });
    assert.deepEqual(ids('login'), []);
    assert.deepEqual(ids('saturated'), ['Sign-in page slow']);
    assert.deepEqual(ids('sign'), ['Sign-in page slow']);
    store.issues.update(issue.id, { description: null });
    assert.deepEqual(ids('saturated'), []);
    // A change that does not touch the text (status, tags) leaves the index as it was.
    store.issues.setStatus(issue.id, 'resolved');
    store.issues.update(issue.id, { tags: ['x'] });
    assert.deepEqual(ids('sign'), ['Sign-in page slow']);
    assert.deepEqual(t().db.query("INSERT INTO issues_fts(issues_fts, rank) VALUES ('integrity-check', 1)"), []);
    assert.deepEqual(t().db.query("INSERT INTO issues_search(issues_search, rank) VALUES ('integrity-check', 1)"), []);
  });

  it('stops finding an issue once it is deleted', () => {
    seed();
    const { store, db } = t();
    const [first, second] = store.issues.search('data*').hits;
    store.issues.delete(first!.issue.id);
    store.issues.deleteMany([second!.issue.id]);
    assert.deepEqual(ids('data*'), []);
    assert.equal(store.issues.search('data*').total, 0);
    db.exec("INSERT INTO issues_fts(issues_fts, rank) VALUES ('integrity-check', 1)"); // throws if the index disagrees with issues
    db.exec("INSERT INTO issues_search(issues_search, rank) VALUES ('integrity-check', 1)");
  });

  it('lists title matches first, then description matches, each newest first; pages across the two', () => {
    const { store, clock } = t();
    const create = (title: string, description: string | null) => {
      clock.advance(60_000);
      store.issues.create({ title, severity: 'low', description });
    };
    // bm25 would put the short title and the repeated word first; newest first puts them after their newer peers.
    create('Payments', null);
    create('Checkout slow', 'payments payments payments');
    create('Payments slow after the deploy of the new gateway release in eu-west', null);
    create('Gateway errors', 'the payments service returned 502');
    create('Unrelated', 'nothing to see');
    const expected = ['Payments slow after the deploy of the new gateway release in eu-west', 'Payments', 'Gateway errors', 'Checkout slow'];
    assert.deepEqual(ids('pay*'), expected);
    const result = t().store.issues.search('pay*');
    assert.equal(result.total, 4);
    assert.deepEqual(result.hits.map((hit) => hit.score), [0, 0, 1, 1], 'score: 0 title match, 1 description only');
    for (let offset = 0; offset <= 4; offset++) {
      for (const limit of [1, 2, 3]) {
        const page = store.issues.search('pay*', { limit, offset }).hits.map((hit) => hit.issue.title);
        assert.deepEqual(page, expected.slice(offset, offset + limit), `limit ${limit} offset ${offset}`);
      }
    }
    // A NOT applies to the whole issue in both groups: the title group never brings back what the query excludes.
    assert.deepEqual(ids('payments NOT gateway'), ['Payments', 'Checkout slow']);
    assert.deepEqual(ids('title:payments'), ['Payments slow after the deploy of the new gateway release in eu-west', 'Payments']);
    // Every word must be in the title for the title group; one in each field is a description match.
    assert.deepEqual(ids('payments gateway'), ['Payments slow after the deploy of the new gateway release in eu-west', 'Gateway errors']);
    assert.deepEqual(ids('payments OR errors'), ['Gateway errors', 'Payments slow after the deploy of the new gateway release in eu-west', 'Payments', 'Checkout slow']);
    // A title match still marks the query's words in the description.
    assert.deepEqual(marked(t().store.issues.search('gateway OR payments').hits.find((hit) => hit.issue.title === 'Gateway errors')!.snippet), ['payments']);
  });

  it('finds prefixes of every length, words as typed, phrases and non-ASCII words, and marks what matched', () => {
    const { store } = t();
    store.issues.create({ title: 'Straßenbahn signal failure', severity: 'high', description: 'Tram network down in München' });
    store.issues.create({ title: 'Payment gateway timeout', severity: 'critical', description: 'PayPal callbacks queued' });
    store.issues.create({ title: 'Postgres replica lag', severity: 'medium', description: 'pgbouncer pool exhausted' });
    const hit = (query: string, title: string) => store.issues.search(query).hits.find((h) => h.issue.title === title);
    assert.deepEqual(ids('p*').sort(), ['Payment gateway timeout', 'Postgres replica lag']);
    assert.deepEqual(marked(hit('p*', 'Postgres replica lag')!.snippet), ['pgbouncer', 'pool']);
    for (const query of ['pa*', 'pay*', 'paym*', 'payment*', 'PAY*']) {
      assert.deepEqual(ids(query), ['Payment gateway timeout'], query);
    }
    assert.deepEqual(marked(hit('pay*', 'Payment gateway timeout')!.title), ['Payment']);
    assert.deepEqual(marked(hit('pay*', 'Payment gateway timeout')!.snippet), ['PayPal']);
    assert.deepEqual(marked(hit('pa*', 'Payment gateway timeout')!.snippet), ['PayPal']);
    // What the search box sends as you type: every word a prefix, all required.
    assert.deepEqual(ids(wordsQuery('pay gat')), ['Payment gateway timeout']);
    assert.deepEqual(ids(wordsQuery('pay lag')), []);
    assert.deepEqual(ids(wordsQuery('p')).sort(), ['Payment gateway timeout', 'Postgres replica lag']);
    assert.deepEqual(ids('"payment gateway"'), ['Payment gateway timeout']);
    assert.deepEqual(ids('"gateway payment"'), [], 'a phrase keeps its order');
    assert.deepEqual(ids('"payment gat"*'), ['Payment gateway timeout'], 'a phrase whose last word is a prefix');
    assert.deepEqual(ids('pay* OR post*').sort(), ['Payment gateway timeout', 'Postgres replica lag']);
    // Non-ASCII: prefixes count characters, diacritics fold as in issues_fts (unicode61).
    for (const query of ['straße*', 'STRASSE', 'str*', 'straß*', 'münch*', 'munch*', 'mü*']) {
      const expected = query === 'STRASSE' ? [] : ['Straßenbahn signal failure'];
      assert.deepEqual(ids(query), expected, query);
    }
    assert.deepEqual(marked(hit('straß*', 'Straßenbahn signal failure')!.title), ['Straßenbahn']);
    assert.deepEqual(marked(hit('mü*', 'Straßenbahn signal failure')!.snippet), ['München']);
    // The list's text filter uses the same index.
    assert.deepEqual(store.issues.list({ text: 'pay gat' }).items.map((issue) => issue.title), ['Payment gateway timeout']);
    assert.equal(store.issues.list({ text: 'p' }).total, 2);
  });

  it('runs every FTS5 query shape in both groups with the same matches as the query alone', () => {
    const { store, db } = t();
    store.issues.create({ title: 'Payment gateway timeout', severity: 'critical', description: 'PayPal callbacks queued behind the gateway' });
    store.issues.create({ title: 'Postgres replica lag', severity: 'medium', description: 'payment batch stalled the gateway' });
    store.issues.create({ title: 'Gateway', severity: 'low', description: 'payment' });
    const shapes = ['NEAR(payment gateway)', 'NEAR(payment gateway, 1)', '^pay*', 'title:^pay*', '{title description}: pay*', '- title: pay*', '-{title}: gateway',
      'payment + gateway', '(pay* OR post*) NOT lag', '"payment gateway"', 'title:gateway OR description:paypal', 'p* NOT (g* OR r*)'];
    for (const query of shapes) {
      const expected = db.query<{ id: string }>('SELECT i.id FROM issues_search s JOIN issues i ON i.rowid = s.rowid WHERE issues_search MATCH ?', [query]).map((r) => r.id).sort();
      const result = store.issues.search(query);
      assert.deepEqual(result.hits.map((hit) => hit.issue.id).sort(), expected, query);
      assert.equal(result.total, expected.length, query);
    }
  });

  it('pages with limit and offset; total counts every match', () => {
    const { store } = t();
    for (let i = 0; i < 7; i++) store.issues.create({ title: `Outage ${i}`, severity: 'low' });
    const page = store.issues.search('outage', { limit: 3, offset: 3 });
    assert.equal(page.total, 7);
    assert.equal(page.hits.length, 3);
    const all = store.issues.search('outage', { limit: 10 }).hits.map((hit) => hit.issue.id);
    assert.deepEqual(page.hits.map((hit) => hit.issue.id), all.slice(3, 6));
    assert.deepEqual(store.issues.search('   '), { hits: [], total: 0 }, 'blank: no search, no error');
    assert.throws(() => store.issues.search('outage', { limit: 501 }), { name: 'ValidationError' });
  });

  it('reports invalid syntax as a SearchSyntaxError with a hint, also across the worker boundary', () => {
    seed();
    const { store } = t();
    const cases: Array<[string, RegExp]> = [
      ['"unbalanced', /double quote \("\) is not closed/],
      ['AND OR', /AND joins two search terms/],
      ['timeout OR', /ends too early/],
      ['NEAR(', /ends too early/],
      ['foo:bar', /"foo" is read as a column name/],
      ['*', /must follow a word/],
      ['a, b', /"," cannot appear there/],
      ['NEAR("a" "b", x)', /whole number/],
    ];
    for (const [query, hint] of cases) {
      let caught: unknown;
      try {
        store.issues.search(query);
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof SearchSyntaxError, `${query}: ${String(caught)}`);
      assert.equal(caught.name, 'SearchSyntaxError');
      assert.equal(caught.code, 'SEARCH_SYNTAX');
      assert.match(caught.details.hint, hint, query);
      assert.match(caught.message, hint);
      assert.ok(!/sqlite3 result code|fts5:/.test(caught.message), `no raw SQLite text in the message: ${caught.message}`);
      assert.equal(caught.details.query, query);
      assert.ok(caught.details.sqliteMessage.length > 0);
      // The fallback the UI offers runs.
      assert.doesNotThrow(() => store.issues.search(caught.details.suggestion));

      // The main thread re-creates engine errors from name, message, code and details.
      const failure = toFailure(caught);
      const remote = new EngineError(failure.message, failure.code, failure.name, failure.details);
      assert.ok(isSearchSyntaxError(remote));
      assert.equal(remote.name, 'SearchSyntaxError');
      assert.equal((remote.details as { hint?: string }).hint, caught.details.hint);
    }
  });

  it('phraseQuery turns hostile text into a literal phrase that never throws', () => {
    seed();
    const { store } = t();
    store.issues.create({ title: 'Error "disk full" on node-7 (NEAR capacity) OR worse*', severity: 'high' });
    const hostile = ['"', '""', '"unbalanced', '*', '**', 'data*', 'NEAR(', 'NEAR(a b', 'AND OR', 'OR', 'NOT', 'a - b', 'foo:bar', '-x', '^', '(', ')', '{title}:x',
      '\0', 'a\0"', '"\0"', 'title:', "'; DROP TABLE issues; --", '\u0001x\u0002', '🙂 emoji', 'é', '   ', '', 'x'.repeat(1000), '"'.repeat(1000), '"a" "b"', '\\"'];
    for (const text of hostile) {
      const query = phraseQuery(text);
      assert.doesNotThrow(() => store.issues.search(query), `phraseQuery(${JSON.stringify(text)}) = ${query}`);
      assert.doesNotThrow(() => store.issues.search(wordsQuery(text)), `wordsQuery(${JSON.stringify(text)})`);
      assert.doesNotThrow(() => store.issues.list({ text }), `list text ${JSON.stringify(text)}`);
    }
    assert.equal(phraseQuery('  '), '');
    assert.equal(phraseQuery('say "hi"'), '"say ""hi"""');
    assert.deepEqual(ids(phraseQuery('"disk full"')), ['Error "disk full" on node-7 (NEAR capacity) OR worse*']);
    assert.deepEqual(ids(phraseQuery('NEAR capacity) OR worse*')), ['Error "disk full" on node-7 (NEAR capacity) OR worse*']);
    assert.deepEqual(ids(phraseQuery('full disk')), [], 'a phrase keeps word order');
    assert.equal(store.issues.list().total, 5, 'nothing was dropped');
  });

  it('a NUL in a raw query does not masquerade as an unterminated string', () => {
    seed();
    assert.deepEqual(ids('timeout\0'), ['Database timeout on checkout']);
  });
});
