// Search as you type over 100,000 issues (issue 15): what one keystroke costs from the typed text to the hits the
// QuickPick shows, split into its parts — the search in this process (FTS5 and SQL alone), the same through the
// database worker (plus the round trip), and runIssueSearch through the worker (plus the view's query building and
// shaping: all the Search Issues box runs but VS Code's drawing). Also the previous design in the same run (the
// seed's issues_fts, every match ranked by bm25), the index's size, and what it adds to writing an issue.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { toFtsQuery } from '../../src/core/issues/format';
import type { Database, SqlValue } from '../../src/storage/database';
import { Database as Db } from '../../src/storage/database';
import { migrations } from '../../src/storage/migrations';
import { migrate } from '../../src/storage/migrations/migrate';
import type { RemoteStore } from '../../src/storage/store';
import { createStore } from '../../src/storage/store';
import { runIssueSearch } from '../../src/views/issues/issueSearch';
import { percentile } from './corpus';

/** What a person types, each with what it matches in the generated corpus. */
export const PREFIX_QUERIES = ['pay*', 'p*', 'gateway time*', 'pay'] as const;
/** Typed one character at a time: every keystroke is a search. */
const TYPED = ['payments timeout', 'checkout latency eu', 'redis'];
const RUNS = 25;
const BEFORE_RUNS = 5;

export interface Timing {
  medianMs: number;
  p95Ms: number;
  runs: number;
}

export interface PrefixQueryFigures {
  query: string;
  /** The FTS5 query the search box runs for it. */
  fts: string;
  total: number;
  inProcess: Timing;
  worker?: Timing;
  /** Keystroke to results: runIssueSearch through the worker. */
  view?: Timing;
  /** The previous design, in process: issues_fts, bm25 over every match, highlight per hit. */
  before?: Timing;
}

export interface PrefixSearchFigures {
  queries: PrefixQueryFigures[];
  /** Every keystroke of TYPED, through the worker as the view runs it. */
  typing?: Timing & { keystrokes: number };
  /** Bytes of each FTS index (dbstat), and of the issues table. */
  sizes: { issuesSearch: number; issuesFts: number; issues: number; file: number };
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95), runs: samples.length };
}

async function time(runs: number, work: () => unknown): Promise<Timing> {
  for (let i = 0; i < 2; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return timing(samples);
}

/** The repository's search before issue 15, kept here to measure against in the same run. */
function searchBefore(db: Database, match: string): number {
  const total = db.get<{ n: number }>('SELECT count(*) AS n FROM issues_fts WHERE issues_fts MATCH ?', [match])?.n ?? 0;
  const ranked = db.query<{ rowid: number }>('SELECT rowid, bm25(issues_fts, 0.0, 5.0, 1.0) AS score FROM issues_fts WHERE issues_fts MATCH ? ORDER BY score, rowid LIMIT 50', [match]);
  for (const { rowid } of ranked) {
    db.get(
      `SELECT i.*, highlight(issues_fts, 1, char(1), char(2)) AS t, snippet(issues_fts, 2, char(1), char(2), '…', 24) AS s
       FROM issues_fts JOIN issues i ON i.rowid = issues_fts.rowid WHERE issues_fts MATCH ? AND issues_fts.rowid = ?`,
      [match, rowid as SqlValue],
    );
  }
  return total;
}

/** In this process, on the seeded database: the new search, the previous one, and the sizes. */
export async function prefixSearchInProcess(db: Database, fileBytes: number): Promise<PrefixSearchFigures> {
  const store = createStore(db);
  const queries: PrefixQueryFigures[] = [];
  for (const query of PREFIX_QUERIES) {
    const fts = toFtsQuery(query);
    const total = store.issues.search(fts, { limit: 50 }).total;
    const inProcess = await time(RUNS, () => store.issues.search(fts, { limit: 50 }));
    const before = await time(BEFORE_RUNS, () => searchBefore(db, fts));
    queries.push({ query, fts, total, inProcess, before });
  }
  const bytes = (pattern: string) => db.get<{ n: number | null }>('SELECT sum(pgsize) AS n FROM dbstat WHERE name LIKE ?', [pattern])?.n ?? 0;
  return { queries, sizes: { issuesSearch: bytes('issues_search%'), issuesFts: bytes('issues_fts%'), issues: bytes('issues'), file: fileBytes } };
}

/** Through the worker: the repository call alone, then the view's whole keystroke, then typing. */
export async function prefixSearchThroughWorker(store: RemoteStore, figures: PrefixSearchFigures): Promise<void> {
  for (const entry of figures.queries) {
    entry.worker = await time(RUNS, () => store.issues.search(entry.fts, { limit: 50 }));
    entry.view = await time(RUNS, () => runIssueSearch(store, entry.query));
  }
  const samples: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const words of TYPED) {
      for (let length = 1; length <= words.length; length++) {
        const text = words.slice(0, length);
        if (!text.trim()) continue;
        const start = performance.now();
        await runIssueSearch(store, text);
        samples.push(performance.now() - start);
      }
    }
  }
  figures.typing = { ...timing(samples), keystrokes: samples.length };
}

export interface WriteCost {
  creates: number;
  /** ms per issue created in its own transaction (audit and timeline rows included), with and without issues_search's triggers. */
  withIndexMs: number;
  withoutIndexMs: number;
}

/**
 * What the index adds to creating an issue: single-issue transactions into an encrypted database, alternating
 * blocks with issues_search's triggers present and dropped (the load of the machine hits both alike).
 */
export async function searchWriteCost(dir: string, creates = 400): Promise<WriteCost> {
  const key = randomBytes(32);
  const open = async (name: string) => {
    const db = await Db.open(path.join(dir, name), { key: { kind: 'raw', key } });
    migrate(db, migrations);
    return db;
  };
  const withIndex = await open('write-with.db');
  const without = await open('write-without.db');
  for (const trigger of ['insert', 'delete', 'update']) without.exec(`DROP TRIGGER issues_search_after_${trigger}`);
  const sides = [
    { db: withIndex, store: createStore(withIndex), ms: 0 },
    { db: without, store: createStore(without), ms: 0 },
  ];
  const description = 'checkout latency spike in eu-west after deploy; p99 http status 502 returned to customers, pods restarted';
  try {
    for (let block = 0; block < creates / 50; block++) {
      for (const side of block % 2 ? [...sides].reverse() : sides) {
        const start = performance.now();
        for (let i = 0; i < 50; i++) side.store.issues.create({ title: `payments timeout ${block}-${i}`, severity: 'high', description });
        side.ms += performance.now() - start;
      }
    }
  } finally {
    withIndex.close();
    without.close();
  }
  return { creates, withIndexMs: (sides[0]?.ms ?? 0) / creates, withoutIndexMs: (sides[1]?.ms ?? 0) / creates };
}
