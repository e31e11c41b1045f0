// Deterministic workload data for the storage benchmark: the same SQL text goes to both engines.
// Only lowercase words, digits and fixed punctuation end up inside SQL string literals, so nothing needs escaping.

/** mulberry32: a small seeded PRNG, so every run (and both sides) sees the same rows and queries. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONSONANTS = 'bcdfghjklmnprstvz';
const VOWELS = 'aeiou';

/** A vocabulary of pronounceable words (index 0 most frequent once sampled with `word`). */
export function vocabulary(size = 4000, seed = 7): string[] {
  const random = prng(seed);
  const seen = new Set<string>();
  while (seen.size < size) {
    const syllables = 2 + Math.floor(random() * 3);
    let word = '';
    for (let s = 0; s < syllables; s++) {
      word += CONSONANTS[Math.floor(random() * CONSONANTS.length)];
      word += VOWELS[Math.floor(random() * VOWELS.length)];
    }
    seen.add(word);
  }
  return [...seen];
}

/** A skewed pick: a few words are very common, most are rare (roughly like words in incident text). */
export function word(words: readonly string[], random: () => number): string {
  return words[Math.floor(words.length * random() ** 3)] as string;
}

export function sentence(words: readonly string[], random: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(word(words, random));
  return out.join(' ');
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const STATUSES = ['open', 'investigating', 'resolved', 'closed'];

/** A time-ordered id in the shape of a UUID v7 (what our tables use as primary keys). */
export function uuid7Like(i: number, random: () => number): string {
  const time = (0x0190_0000_0000 + i).toString(16).padStart(12, '0');
  const rand = Math.floor(random() * 2 ** 48).toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand.slice(0, 3)}-8${rand.slice(3, 6)}-${rand.slice(0, 12)}`;
}

export function timestamp(secondsAfterEpoch: number): string {
  return new Date((1_700_000_000 + secondsAfterEpoch) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Schema of the write workloads: an issues-like table with a UUID primary key and one secondary index. */
export const ISSUES_SCHEMA = [
  'CREATE TABLE issues(id TEXT PRIMARY KEY, title TEXT NOT NULL, severity TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT)',
  'CREATE INDEX issues_created ON issues(created_at)',
];

/** `count` single-row INSERT statements of about 300 bytes each, numbered from `first`. */
export function issueInserts(count: number, first: number, seed: number): string[] {
  const words = vocabulary();
  const random = prng(seed);
  const out: string[] = [];
  for (let i = first; i < first + count; i++) {
    const id = uuid7Like(i, random);
    const title = sentence(words, random, 6);
    const severity = SEVERITIES[i % 4] as string;
    const status = STATUSES[(i >> 2) % 4] as string;
    const body = sentence(words, random, 40);
    out.push(`INSERT INTO issues(id, title, severity, status, created_at, body) VALUES ('${id}', '${title}', '${severity}', '${status}', '${timestamp(i * 7)}', '${body}')`);
  }
  return out;
}

/** Rows for the FTS workload: an external-content FTS5 table over `docs`, as the seed's issues_fts. */
export function ftsBuildScript(rows: number, seed = 11): string[] {
  const words = vocabulary();
  const random = prng(seed);
  const out = [
    'CREATE TABLE docs(id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)',
    "CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, content='docs', content_rowid='id')",
    'BEGIN',
  ];
  for (let i = 1; i <= rows; i++) {
    out.push(`INSERT INTO docs(id, title, body) VALUES (${i}, '${sentence(words, random, 6)}', '${sentence(words, random, 60)}')`);
  }
  out.push("INSERT INTO docs_fts(docs_fts) VALUES ('rebuild')", 'COMMIT');
  return out;
}

/** Search queries of the kinds a user types: one word, two words, a prefix, a phrase. Top 20 by rank. */
export function ftsQueries(count: number, seed = 13): string[] {
  const words = vocabulary();
  const random = prng(seed);
  // Skip the very commonest words: nobody searches for "the".
  const pick = () => words[20 + Math.floor((words.length - 20) * random() ** 2)] as string;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 4;
    const match =
      kind === 0 ? pick()
      : kind === 1 ? `${pick()} ${pick()}`
      : kind === 2 ? `${pick().slice(0, 3)}*`
      : `"${word(words, random)} ${word(words, random)}"`;
    out.push(`SELECT rowid, title FROM docs_fts WHERE docs_fts MATCH '${match}' ORDER BY rank LIMIT 20`);
  }
  return out;
}

/** The big databases: a few thousand issues and many log lines (about 410 bytes per line with its index entry). */
export const BIG_SCHEMA = [
  'CREATE TABLE issues(id TEXT PRIMARY KEY, title TEXT NOT NULL, severity TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT)',
  'CREATE INDEX issues_created ON issues(created_at)',
  'CREATE TABLE log_lines(id INTEGER PRIMARY KEY, issue_id TEXT NOT NULL, ts TEXT NOT NULL, level TEXT NOT NULL, line TEXT NOT NULL)',
  'CREATE INDEX log_lines_issue ON log_lines(issue_id, ts)',
];
export const BIG_ISSUES = 2000;

/** Appends `rows` log lines (ids after `first`) with one recursive-CTE statement; random bytes as the line text. */
export function bigLogLinesInsert(first: number, rows: number): string {
  return (
    `WITH RECURSIVE n(i) AS (SELECT ${first + 1} UNION ALL SELECT i + 1 FROM n WHERE i < ${first + rows}) ` +
    'INSERT INTO log_lines(id, issue_id, ts, level, line) SELECT i, ' +
    `printf('%08x-0000-7000-8000-%012x', 1 + i % ${BIG_ISSUES}, i % ${BIG_ISSUES}), ` +
    "datetime(1700000000 + i, 'unixepoch'), " +
    "CASE i % 10 WHEN 0 THEN 'ERROR' WHEN 1 THEN 'WARN' ELSE 'INFO' END, " +
    "'request ' || i || ' handled by worker ' || (i % 16) || ': ' || hex(randomblob(90)) FROM n"
  );
}

export function bigIssuesInsert(): string {
  return (
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${BIG_ISSUES}) ` +
    'INSERT INTO issues(id, title, severity, status, created_at, body) SELECT ' +
    `printf('%08x-0000-7000-8000-%012x', 1 + i % ${BIG_ISSUES}, i % ${BIG_ISSUES}), 'Issue number ' || i, ` +
    "CASE i % 4 WHEN 0 THEN 'critical' WHEN 1 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END, " +
    "CASE i % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'investigating' ELSE 'resolved' END, " +
    "datetime(1700000000 + i * 3600, 'unixepoch'), hex(randomblob(200)) FROM n"
  );
}

/** The first query after opening: what the Issues view shows first. */
export const FIRST_QUERY = 'SELECT id, title, severity, status, created_at FROM issues ORDER BY created_at DESC LIMIT 50';
/** The scan of workload (f): touches every row of the biggest table. */
export const SCAN_QUERY = 'SELECT count(*) AS n, sum(length(line)) AS bytes FROM log_lines';

/** One-row commits into the big database's log table. */
export function logLineInserts(count: number, firstId: number, seed = 17): string[] {
  const words = vocabulary();
  const random = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    out.push(`INSERT INTO log_lines(id, issue_id, ts, level, line) VALUES (${id}, '${(1 + (id % BIG_ISSUES)).toString(16).padStart(8, '0')}-0000-7000-8000-${(id % BIG_ISSUES).toString(16).padStart(12, '0')}', '${timestamp(id)}', 'INFO', '${sentence(words, random, 20)}')`);
  }
  return out;
}
