// FTS search over 100,000 issues: seeded straight into an encrypted database (one transaction per 10,000 rows; the
// FTS triggers index them), then the query mix through IssueRepository.search in this process and through the
// database worker (EngineClient + dist/dbWorker.js), which is what the Search QuickPick pays; then the prefix
// searches a person types (prefixSearch.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { Database } from '../../src/storage/database';
import { EngineClient } from '../../src/storage/engine/engineClient';
import { migrations } from '../../src/storage/migrations';
import { migrate } from '../../src/storage/migrations/migrate';
import { createStore } from '../../src/storage/store';
import { generateIssues, percentile, queryMix } from './corpus';
import type { PrefixSearchFigures } from './prefixSearch';
import { prefixSearchInProcess, prefixSearchThroughWorker } from './prefixSearch';

export interface SearchFigures {
  issues: number;
  queries: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Median hits per query (total matches), so the figure is read with how much each query matched. */
  medianTotal: number;
  byKind: Record<string, { medianMs: number; p95Ms: number }>;
}

export interface FtsResult {
  seedSeconds: number;
  inProcess: SearchFigures;
  worker?: SearchFigures;
  prefix: PrefixSearchFigures;
}

const STATUSES = ['open', 'investigating', 'resolved', 'closed'] as const;

async function seed(file: string, key: Buffer, count: number): Promise<void> {
  const db = await Database.open(file, { key: { kind: 'raw', key } });
  migrate(db, migrations);
  const issues = generateIssues(count);
  const now = '2026-11-28 12:00:00';
  let index = 0;
  while (index < count) {
    db.transaction(() => {
      for (let n = 0; n < 10_000 && index < count; n++, index++) {
        const issue = issues.next().value;
        if (!issue) return;
        const status = STATUSES[index % STATUSES.length] as string;
        db.exec(
          `INSERT INTO issues(id, title, description, severity, status, category, source, created_at, updated_at, resolved_at, assigned_to, tags)
           VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, NULL, '[]')`,
          [randomUUID(), issue.title, issue.description, issue.severity, status, issue.category, now, now],
        );
      }
    });
  }
  db.close();
}

function figures(issues: number, samples: { kind: string; ms: number; total: number }[]): SearchFigures {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const byKind: SearchFigures['byKind'] = {};
  for (const kind of new Set(samples.map((s) => s.kind))) {
    const times = samples.filter((s) => s.kind === kind).map((s) => s.ms).sort((a, b) => a - b);
    byKind[kind] = { medianMs: percentile(times, 50), p95Ms: percentile(times, 95) };
  }
  return {
    issues,
    queries: samples.length,
    medianMs: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    medianTotal: percentile(samples.map((s) => s.total).sort((a, b) => a - b), 50),
    byKind,
  };
}

async function timeQueries(search: (query: string) => Promise<{ total: number }> | { total: number }): Promise<{ kind: string; ms: number; total: number }[]> {
  const queries = queryMix(200);
  // One warm-up pass: the first query pays for loading the FTS pages into SQLite's cache, as it would once per session.
  for (const { query } of queries.slice(0, 10)) await search(query);
  const samples: { kind: string; ms: number; total: number }[] = [];
  for (const { kind, query } of queries) {
    const start = performance.now();
    const result = await search(query);
    samples.push({ kind, ms: performance.now() - start, total: result.total });
  }
  return samples;
}

export async function benchSearch(dir: string, count: number, workerFile: string | undefined): Promise<FtsResult> {
  const file = path.join(dir, 'fts.db');
  const key = randomBytes(32);
  const seedStart = performance.now();
  await seed(file, key, count);
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const db = await Database.open(file, { key: { kind: 'raw', key } });
  const store = createStore(db);
  const inProcess = figures(count, await timeQueries((query) => store.issues.search(query, { limit: 50 })));
  const prefix = await prefixSearchInProcess(db, statSync(file).size);
  db.close();

  if (!workerFile) return { seedSeconds, inProcess, prefix };
  const client = new EngineClient(workerFile);
  try {
    await client.api.open({ file, key: { kind: 'raw', keyHex: key.toString('hex') }, create: false });
    const worker = figures(count, await timeQueries((query) => client.store.issues.search(query, { limit: 50 })));
    await prefixSearchThroughWorker(client.store, prefix);
    return { seedSeconds, inProcess, worker, prefix };
  } finally {
    await client.dispose();
  }
}
