// npm run build && node out/bench/journal.js [pages…]   (default 10 100 1000)
// What the rollback journal costs a commit: one transaction that changes N pages of an encrypted database (raw
// key, 4096-byte pages, default cache), so the journal holds N page records; median of 15 commits for each N.
// docs/storage.md "The rollback journal" quotes its figures for the journal format before and after a change.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../src/storage/database';

const ROWS_PER_PAGE = 4; // 900-byte rows: four fill a 4096-byte page
const RUNS = 15;

/** Medians: wall-clock ms (fsync included) and CPU ms (encryption and SQLite) of one commit. */
async function commitMs(pages: number): Promise<{ ms: number; cpuMs: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-bench-journal-'));
  const db = await Database.open(path.join(dir, 'bench.db'), { key: { kind: 'raw', key: Buffer.alloc(32, 7) } });
  try {
    db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    db.exec(`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${pages * ROWS_PER_PAGE}) INSERT INTO t SELECT i, printf('%.900c', 'a') FROM c`);
    const times: number[] = [];
    const cpu: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const letter = String.fromCharCode(98 + run);
      const started = process.hrtime.bigint();
      const cpuStarted = process.cpuUsage();
      db.transaction(() => db.exec(`UPDATE t SET body = printf('%.900c', '${letter}')`));
      const used = process.cpuUsage(cpuStarted);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      cpu.push((used.user + used.system) / 1000);
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[RUNS >> 1] as number;
    return { ms: median(times), cpuMs: median(cpu) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  for (const pages of sizes.length ? sizes : [10, 100, 1000]) {
    const { ms, cpuMs } = await commitMs(pages);
    console.log(`${String(pages).padStart(6)} pages: ${ms.toFixed(1).padStart(8)} ms a commit (CPU ${cpuMs.toFixed(1)} ms), ${((cpuMs * 1000) / pages).toFixed(0).padStart(5)} µs CPU a page`);
  }
}

void main();
