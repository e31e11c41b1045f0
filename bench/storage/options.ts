// Command line of `npm run bench:storage`: quick sizes by default, the sizes with --full, each overridable.
import os from 'node:os';
import path from 'node:path';

export interface BenchOptions {
  full: boolean;
  /** (a) single-row commits */
  commits: number;
  /** (b) rows inserted in one transaction */
  bulkRows: number;
  /** (c) FTS5 queries, over ftsRows rows */
  ftsQueries: number;
  ftsRows: number;
  /** (d, e) size of the big database in MB, and (e) commits measured in it */
  bigMb: number;
  bigCommits: number;
  /** (f) size of the scanned database in MB */
  scanMb: number;
  /** (g) commits made while another process commits without a pause */
  handOverCommits: number;
  /** Each workload runs this many times per side, alternating sides; the median is reported. */
  reps: number;
  only: Set<string> | undefined;
  sides: { ours: boolean; native: boolean };
  cacheDir: string;
  keep: boolean;
  json: string;
}

export const WORKLOADS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;

const QUICK = { commits: 1000, bulkRows: 50_000, ftsQueries: 300, ftsRows: 30_000, bigMb: 200, bigCommits: 100, scanMb: 200, handOverCommits: 20, reps: 3 };
const FULL = { commits: 5000, bulkRows: 200_000, ftsQueries: 1000, ftsRows: 100_000, bigMb: 200, bigCommits: 200, scanMb: 1024, handOverCommits: 50, reps: 3 };

export const USAGE = `npm run bench:storage -- [options]
  --full               the issue's sizes: 5,000 commits, 200,000 rows, 1,000 FTS queries over 100,000 rows,
                       a 200 MB database, a 1 GB scan (default: quick sizes)
  --commits N          (a) single-row commits            quick ${QUICK.commits}, full ${FULL.commits}
  --bulk-rows N        (b) rows in one transaction       quick ${QUICK.bulkRows}, full ${FULL.bulkRows}
  --fts-queries N      (c) FTS5 queries                  quick ${QUICK.ftsQueries}, full ${FULL.ftsQueries}
  --fts-rows N         (c) rows searched                 quick ${QUICK.ftsRows}, full ${FULL.ftsRows}
  --big-mb N           (d, e) database size in MB        ${QUICK.bigMb}
  --big-commits N      (e) commits measured              quick ${QUICK.bigCommits}, full ${FULL.bigCommits}
  --scan-mb N          (f) database scanned, MB          quick ${QUICK.scanMb}, full ${FULL.scanMb}
  --hand-over-commits N  (g) commits while another process commits without a pause  quick ${QUICK.handOverCommits}, full ${FULL.handOverCommits}
  --reps N             runs per side and workload, alternating sides; the median is shown (default 3)
  --only a,c           run some workloads only
  --side ours|native   run one side only (for profiling with node --cpu-prof)
  --cache DIR          where the generated databases are kept between runs (default: $TMPDIR/trcaa-bench-storage)
  --keep               keep the per-run work folder
  --json FILE          where the figures go (default test-results/bench-storage.json)`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const full = argv.includes('--full');
  const base = full ? FULL : QUICK;
  const options: BenchOptions = {
    full,
    ...base,
    only: undefined,
    sides: { ours: true, native: true },
    cacheDir: path.join(os.tmpdir(), 'trcaa-bench-storage'),
    keep: false,
    json: path.join('test-results', 'bench-storage.json'),
  };
  const numeric: Record<string, keyof typeof QUICK> = {
    '--commits': 'commits',
    '--bulk-rows': 'bulkRows',
    '--fts-queries': 'ftsQueries',
    '--fts-rows': 'ftsRows',
    '--big-mb': 'bigMb',
    '--big-commits': 'bigCommits',
    '--scan-mb': 'scanMb',
    '--hand-over-commits': 'handOverCommits',
    '--reps': 'reps',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    const field = numeric[arg];
    if (field) {
      const n = Number(value());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive whole number`);
      options[field] = n;
    } else if (arg === '--full') {
      // handled above
    } else if (arg === '--only') {
      const picked = value().split(',').map((s) => s.trim().toLowerCase());
      for (const w of picked) if (!(WORKLOADS as readonly string[]).includes(w)) throw new Error(`unknown workload ${w}: use ${WORKLOADS.join(',')}`);
      options.only = new Set(picked);
    } else if (arg === '--side') {
      const side = value();
      if (side !== 'ours' && side !== 'native') throw new Error('--side is ours or native');
      options.sides = { ours: side === 'ours', native: side === 'native' };
    } else if (arg === '--cache') {
      options.cacheDir = path.resolve(value());
    } else if (arg === '--keep') {
      options.keep = true;
    } else if (arg === '--json') {
      options.json = value();
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return options;
}
