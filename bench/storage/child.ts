// Our engine in a fresh Node process, for the workloads where a fresh process matters:
//   (d) cold open + first query — nothing loaded or cached in this process but the engine itself;
//   (f) peak RSS of a scan — VmHWM is reset after the engine is loaded (and a GC), so the figure is what opening
//       and scanning the database add on top of a loaded engine.
// Input: one JSON argument (ChildTask); output: one JSON line (ChildResult) on stdout.
import { Database } from '../../src/storage/database';
import { loadSqlite } from '../../src/storage/sqliteWasm';
import type { KeySpec } from './keys';
import { fromSpec } from './keys';
import { memoryOf, resetPeak } from './memory';

export interface ChildTask {
  file: string;
  key: KeySpec;
  queries: string[];
}

export interface ChildResult {
  loadMs: number;
  openMs: number;
  queryMs: number[];
  /** CPU time (all threads) of each query. */
  queryCpuMs: number[];
  /** CPU time (all threads) of the open and the queries. */
  cpuMs: number;
  rows: unknown[];
  baseRssKb: number;
  peakHwmKb: number;
  endRssKb: number;
  peakReset: boolean;
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] as string) as ChildTask;
  const key = fromSpec(task.key);
  const loadStart = performance.now();
  const sqlite3 = await loadSqlite();
  const loadMs = performance.now() - loadStart;
  (globalThis as { gc?: () => void }).gc?.();
  const peakReset = resetPeak();
  const base = memoryOf();

  const cpuStart = process.cpuUsage();
  const openStart = performance.now();
  const db = Database.openWith(sqlite3, task.file, { key, create: false });
  const openMs = performance.now() - openStart;
  const queryMs: number[] = [];
  const queryCpuMs: number[] = [];
  const rows: unknown[] = [];
  for (const sql of task.queries) {
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const result = db.query(sql);
    queryMs.push(performance.now() - start);
    const used = process.cpuUsage(cpuBefore);
    queryCpuMs.push((used.user + used.system) / 1000);
    rows.push(result.length === 1 ? result[0] : result.length);
  }
  const cpu = process.cpuUsage(cpuStart);
  const end = memoryOf();
  db.close();
  const result: ChildResult = { loadMs, openMs, queryMs, queryCpuMs, cpuMs: (cpu.user + cpu.system) / 1000, rows, baseRssKb: base.rssKb, peakHwmKb: end.hwmKb, endRssKb: end.rssKb, peakReset };
  process.stdout.write(`${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
