// Kill-and-check trials, shared by the unit test (≥ 200 trials) and scripts/soak-crash.ts (1,000 by default).
// One database lives through all trials. Each trial starts writerChild.js on it, SIGKILLs it at a random moment
// (during start-up and recovery, mid-transaction, during a commit), then usually opens the database itself — which
// rolls back a hot journal through our VFS — and checks it: it opens, integrity_check says ok, every page's HMAC
// holds, the acks table is exactly 1…N with the right checksums, N covers every ack the child printed, and the
// data table equals the workload model after exactly N transactions (so nothing unacknowledged is half there).
// Some trials skip the check, so the next child itself recovers the hot journal and may be killed while doing so.
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SeededRandom } from '../../../../src/core/demo/random';
import type { DatabaseKey } from '../../../../src/storage/cipher/databaseKey';
import { keyFromSqlCipherString } from '../../../../src/storage/cipher/databaseKey';
import { inspectFile, unlockExisting } from '../../../../src/storage/cipher/fileFormat';
import { verifyPages } from '../../../../src/storage/cipher/verifyPages';
import { Database } from '../../../../src/storage/database';
import { checkSqlCipherJournal } from '../../../../src/storage/vfs/sqlcipherJournalFile';
import { digestOf, Model, transaction } from './workload';

export interface CrashOptions {
  /** The compiled writerChild.js. */
  childScript: string;
  /** Database file (created by the first child). */
  file: string;
  trials: number;
  seed: number;
  /** `x'<64 hex>'` or a passphrase. */
  key: string;
  /** Called after some checks and at the end with the closed database (e.g. the sqlcipher CLI's checks). */
  externalCheck?: (file: string) => void;
  externalCheckEvery?: number;
  /**
   * Another SQLite build opening the database first (the sqlcipher CLI): called instead of our engine for about a
   * quarter of the checks that find a hot journal; it must roll the journal back itself, and the check that follows
   * (our engine) finds exactly the committed transactions, no journal left.
   */
  externalRecovery?: (file: string) => void;
  onTrial?: (trial: number, stats: CrashStats) => void;
  /** For the harness's own control test: damages the database just before a check. */
  sabotage?: (db: Database) => void;
  /** Copy the database folder aside when a trial fails (default true). */
  keepFailures?: boolean;
  /** Asked before each trial: true ends the run early (another chain failed). */
  shouldStop?: () => boolean;
}

export interface CrashStats {
  trials: number;
  /** Trials after which the parent opened and checked the database (the others were recovered by the next child). */
  checked: number;
  killedBeforeReady: number;
  /** Kills that left a hot journal (killed while committing, or after a cache spill): rolled back on the next open. */
  hotJournals: number;
  /** Kills that left a journal not yet synced (mid-transaction): not hot, SQLite ignores it. */
  staleJournals: number;
  /** Checks that found the killed child's last transaction committed although its ack never arrived. */
  committedUnacknowledged: number;
  /** Kills while a big (hundreds of pages) transaction was the next one to run. */
  killedInBigTransaction: number;
  /** Runs with a 10-page cache (dirty pages spilled into the database file mid-transaction). */
  smallCacheRuns: number;
  acknowledged: number;
  lastTransaction: number;
  externalChecks: number;
  /** Hot journals rolled back by externalRecovery (the sqlcipher CLI) rather than by our engine. */
  externalRecoveries: number;
  maxFileBytes: number;
  elapsedMs: number;
  checkMs: number;
}

interface ChildRun {
  ready?: { next: number; cacheSize: number; atMs: number };
  killedAtMs?: number;
  acks: { txn: number; checksum: string; atMs: number }[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

export class CrashFailure extends Error {}

/**
 * What a kill left in the journal (SQLCipher's layout, see sqlcipherJournalFile.ts): a hot journal carries SQLite's
 * header magic (written only when the journal is synced, just before the database file is touched), and the next
 * open must roll it back; a journal without it is stale, ignored by SQLite and reused by the next writer. The
 * check also authenticates every synced record: a kill must never leave a journal that reads as damaged.
 */
function journalState(file: string, key: Exclude<DatabaseKey, { kind: 'plain' }>): 'none' | 'stale' | 'hot' {
  const state = inspectFile(file);
  const journal = `${file}-journal`;
  if (!existsSync(journal) || state.kind !== 'encrypted') return 'none';
  const fd = openSync(journal, 'r');
  try {
    const found = checkSqlCipherJournal(fd, journal, unlockExisting(file, state, key).codec);
    return found === 'empty' ? 'none' : found;
  } finally {
    closeSync(fd);
  }
}

/** Starts the child and kills it: `delayMs` after spawn, or (afterReady) that long after its `ready` line. */
function runChild(options: CrashOptions, delayMs: number, afterReady: boolean): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const run: ChildRun = { acks: [], signal: null, code: null, stderr: '' };
    const child = spawn(process.execPath, [options.childScript, options.file, String(options.seed)], {
      env: { ...process.env, CRASH_DB_KEY: options.key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = () => {
      run.killedAtMs = Date.now() - started;
      child.kill('SIGKILL');
    };
    if (!afterReady) timer = setTimeout(kill, delayMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [word, a, b] = line.split(' ');
        if (word === 'ready') {
          run.ready = { next: Number(a), cacheSize: Number(b), atMs: Date.now() - started };
          if (afterReady) timer = setTimeout(kill, delayMs);
        } else if (word === 'ack') run.acks.push({ txn: Number(a), checksum: String(b), atMs: Date.now() - started });
        else run.stderr += `unexpected output: ${line}\n`;
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (run.stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      run.code = code;
      run.signal = signal;
      resolve(run);
    });
  });
}

export async function runCrashTrials(options: CrashOptions): Promise<CrashStats> {
  const key = keyFromSqlCipherString(options.key);
  if (key.kind === 'plain') throw new Error('the crash test needs an encrypted database');
  const random = new SeededRandom(options.seed + 1);
  const model = new Model(options.seed);
  const checksums: string[] = [''];
  const stats: CrashStats = {
    trials: 0, checked: 0, killedBeforeReady: 0, hotJournals: 0, committedUnacknowledged: 0, killedInBigTransaction: 0,
    smallCacheRuns: 0, acknowledged: 0, lastTransaction: 0, externalChecks: 0, externalRecoveries: 0, staleJournals: 0, maxFileBytes: 0, elapsedMs: 0, checkMs: 0,
  };
  const journal = `${options.file}-journal`;
  const started = Date.now();
  // Running estimates, so kills land at the same kinds of moments on a fast machine and on a loaded one: how long
  // a child takes to start, open the database and recover; how long a transaction takes, commit included.
  let readyMs = 400;
  const txnMs = { small: 10, big: 50 };
  const isBig = (txn: number) => transaction(options.seed, txn).big;
  let durable = 0; // every transaction up to here is committed (acknowledged, or seen in the database)
  let upper = 0; // no transaction after this one can be committed
  let verified = 0; // acks rows up to here have been compared with their checksums
  let unchecked = 0;

  const checksumOf = (txn: number) => {
    while (checksums.length <= txn) checksums.push(transaction(options.seed, checksums.length).checksum);
    return checksums[txn] as string;
  };

  const fail = (trial: number, message: string): never => {
    let kept = '';
    if (options.keepFailures ?? true) {
      const keep = mkdtempSync(path.join(os.tmpdir(), 'trcaa-crash-failure-'));
      cpSync(path.dirname(options.file), keep, { recursive: true });
      kept = `\n  the database folder is kept in ${keep}`;
    }
    throw new CrashFailure(`crash trial ${trial} (seed ${options.seed}): ${message}${kept}`);
  };

  const check = async (trial: number, final: boolean) => {
    const t0 = Date.now();
    if (!existsSync(options.file)) {
      if (durable > 0) fail(trial, 'the database file is gone');
      return;
    }
    if (options.externalRecovery && journalState(options.file, key) === 'hot' && random.chance(0.25)) {
      try {
        options.externalRecovery(options.file);
      } catch (error) {
        fail(trial, `another SQLite build could not recover the database: ${String(error)}`);
      }
      if (existsSync(journal)) fail(trial, 'another SQLite build opened the database and left its hot journal');
      stats.externalRecoveries++;
    }
    let db: Database;
    try {
      db = await Database.open(options.file, { key, create: false });
    } catch (error) {
      return fail(trial, `the database does not open after the kill: ${String(error)}`);
    }
    let n = 0;
    try {
      const integrity = db.query('PRAGMA integrity_check').map((row) => row.integrity_check);
      if (integrity.length !== 1 || integrity[0] !== 'ok') fail(trial, `integrity_check: ${integrity.join('; ')}`);
      const hasAcks = db.get("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'acks'")?.n === 1;
      if (hasAcks) {
        options.sabotage?.(db);
        const summary = db.get<{ n: number; lo: number | null; hi: number | null }>('SELECT count(*) AS n, min(txn) AS lo, max(txn) AS hi FROM acks');
        n = summary?.n ?? 0;
        if (n > 0 && (summary?.lo !== 1 || summary.hi !== n)) fail(trial, `acks are not 1…N: ${JSON.stringify(summary)}`);
        const from = final ? 1 : Math.max(1, verified - 20);
        for (const row of db.query<{ txn: number; checksum: string }>('SELECT txn, checksum FROM acks WHERE txn >= ? ORDER BY txn', [from])) {
          if (row.checksum !== checksumOf(row.txn)) fail(trial, `acks row ${row.txn} has checksum ${row.checksum}, expected ${checksumOf(row.txn)}`);
        }
      }
      if (n < durable) fail(trial, `acknowledged transaction ${durable} is missing: the database holds 1…${n}`);
      if (n > upper) fail(trial, `the database holds transaction ${n}, but nothing after ${upper} can have committed`);
      if (n > durable) stats.committedUnacknowledged++;
      model.advanceTo(n);
      if (hasAcks && digestOf(db) !== model.digest()) fail(trial, `the data table does not equal the workload after exactly ${n} transactions (a transaction is partly applied or lost)`);
    } finally {
      db.close();
    }
    const report = verifyPages(options.file, key);
    if (report.badPages.length) fail(trial, `pages failing their HMAC: ${report.badPages.join(', ')}`);
    if (existsSync(journal)) {
      // SQLite writes a journal's header magic only when it syncs the journal, before touching the database file;
      // a journal killed before that is not hot, and SQLite leaves it for the next writer. Anything else left
      // behind would be a hot journal that was not rolled back.
      const left = journalState(options.file, key);
      if (left === 'hot') fail(trial, 'a hot journal is still there after the database was opened and closed');
    }
    stats.maxFileBytes = Math.max(stats.maxFileBytes, statSync(options.file).size);
    durable = upper = verified = n;
    stats.checked++;
    if (options.externalCheck && (final || (options.externalCheckEvery && stats.checked % options.externalCheckEvery === 0))) {
      try {
        options.externalCheck(options.file);
      } catch (error) {
        fail(trial, `external check: ${String(error)}`);
      }
      stats.externalChecks++;
    }
    stats.checkMs += Date.now() - t0;
  };

  for (let trial = 1; trial <= options.trials && !options.shouldStop?.(); trial++) {
    // Where to kill: 12 % during start-up (process start, key derivation, hot-journal rollback); otherwise after
    // `ready`, uniformly over the time the next 8 transactions should take (big ones take longer).
    const early = random.chance(0.12);
    let window = 0;
    for (let txn = durable + 1; txn <= durable + 8; txn++) window += isBig(txn) ? txnMs.big : txnMs.small;
    const delay = random.next() * (early ? readyMs : Math.min(2000, window));
    const run = await runChild(options, delay, !early);
    stats.trials++;
    if (run.signal !== 'SIGKILL') fail(trial, `the child ended on its own (code ${run.code}): ${run.stderr.trim()}`);
    if (run.stderr.trim()) fail(trial, `the child wrote to stderr: ${run.stderr.trim()}`);
    if (run.ready) {
      const before = run.ready.next - 1;
      if (before < durable || before > upper) fail(trial, `the child found 1…${before} committed, expected ${durable}…${upper}`);
      durable = upper = before;
      if (run.ready.cacheSize < 100) stats.smallCacheRuns++;
      for (const ack of run.acks) {
        if (ack.txn !== durable + 1) fail(trial, `ack ${ack.txn} out of order after ${durable}`);
        if (ack.checksum !== checksumOf(ack.txn)) fail(trial, `ack ${ack.txn} has checksum ${ack.checksum}, expected ${checksumOf(ack.txn)}`);
        durable = upper = ack.txn;
        stats.acknowledged++;
      }
      upper = durable + 1; // the transaction in flight may have committed just before the kill
      if (isBig(upper)) stats.killedInBigTransaction++;

      readyMs = 0.8 * readyMs + 0.2 * run.ready.atMs;
      let previous = run.ready.atMs;
      for (const ack of run.acks) {
        const kind = isBig(ack.txn) ? 'big' : 'small';
        txnMs[kind] = 0.8 * txnMs[kind] + 0.2 * (ack.atMs - previous);
        previous = ack.atMs;
      }
      // The transaction in flight ran at least this long: an estimate that short would keep killing it forever.
      const inFlight = isBig(upper) ? 'big' : 'small';
      txnMs[inFlight] = Math.max(txnMs[inFlight], (run.killedAtMs ?? previous) - previous);
    } else {
      stats.killedBeforeReady++;
      // A child killed before `ready` commits nothing (the schema aside): the bounds stay.
    }
    const left = journalState(options.file, key);
    if (left === 'hot') stats.hotJournals++;
    else if (left === 'stale') stats.staleJournals++;
    stats.lastTransaction = durable;

    // Now and then leave the hot journal to the next child (at most twice in a row); always check the last one.
    const last = trial === options.trials;
    if (!last && unchecked < 2 && random.chance(0.2)) unchecked++;
    else {
      unchecked = 0;
      await check(trial, last);
      stats.lastTransaction = durable;
    }
    stats.elapsedMs = Date.now() - started;
    options.onTrial?.(trial, stats);
  }
  return stats;
}

/**
 * Runs `trials` kills split over `chains` databases at once (each its own folder under `dir`, seed + index):
 * the writers mostly wait for fsync, so two chains on two cores take about half the time of one.
 */
export async function runCrashChains(options: Omit<CrashOptions, 'file'> & { dir: string; chains: number }): Promise<CrashStats> {
  const started = Date.now();
  let failed = false;
  const settled = await Promise.allSettled(
    Array.from({ length: options.chains }, (_, i) => {
      const folder = path.join(options.dir, `chain-${i + 1}`);
      mkdirSync(folder, { recursive: true });
      const trials = Math.floor(options.trials / options.chains) + (i < options.trials % options.chains ? 1 : 0);
      return runCrashTrials({ ...options, file: path.join(folder, 'crash.db'), seed: options.seed + i, trials, shouldStop: () => failed }).catch((error: unknown) => {
        failed = true; // the other chains stop after their current trial
        throw error;
      });
    }),
  );
  const rejected = settled.find((result) => result.status === 'rejected');
  if (rejected) throw rejected.reason;
  const results = settled.map((result) => (result as PromiseFulfilledResult<CrashStats>).value);
  const total = { ...(results[0] as CrashStats) };
  for (const stats of results.slice(1)) {
    for (const name of Object.keys(total) as (keyof CrashStats)[]) total[name] += stats[name];
  }
  total.maxFileBytes = Math.max(...results.map((stats) => stats.maxFileBytes));
  total.elapsedMs = Date.now() - started;
  return total;
}
