// Drives the native `sqlcipher` CLI: one process per run, SQL fed from a script file on stdin, output to a file.
// Timing: the script itself stamps the clock before and after the measured statements
//   SELECT '@@name', (julianday('now') - 2440587.5) * 86400000.0;
// (SQLite's 'now' is read afresh by every statement, millisecond resolution), so process start-up, reading the
// script and writing the output file outside the marks are not counted — the same span our side measures with
// performance.now() around the same statements.
// Memory: `.system grep Vm /proc/$PPID/status` runs a shell whose parent is the CLI, which prints the CLI's
// VmRSS/VmHWM from inside the run; `.system echo 5 > /proc/$PPID/clear_refs` resets its peak (VmHWM) first.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchKey } from './keys';
import { keyPragma } from './keys';

export const SQLCIPHER = process.env.SQLCIPHER ?? '/usr/bin/sqlcipher';

export function mark(name: string): string {
  return `SELECT '@@${name}', (julianday('now') - 2440587.5) * 86400000.0;`;
}

/** Prints the CLI's CPU time so far (ns, /proc/<pid>/schedstat; the CLI has one thread). */
export const CPU_STAMP = '.system cat /proc/$PPID/schedstat';

/** A timed section: CPU stamp, clock mark, the statements, clock mark, CPU stamp. */
export function timed(statements: readonly string[], from = 'T0', to = 'T1'): string[] {
  return [CPU_STAMP, mark(from), ...statements, mark(to), CPU_STAMP];
}

/**
 * Our engine's page cache: the WASM build's default (SQLITE_DEFAULT_CACHE_SIZE), 16 MiB, where the CLI's default is
 * 2 MB. The native side is given the same, so both do the same I/O (set from our engine at start-up).
 */
export const cacheSize = { kib: 16384 };

/** The settings our Database.open applies to every connection (and our page cache size), so both sides do the same work. */
export function connectionSetup(key: BenchKey | null): string[] {
  return [...(key ? [keyPragma(key)] : []), 'PRAGMA foreign_keys = ON;', 'PRAGMA temp_store = MEMORY;', `PRAGMA cache_size = -${cacheSize.kib};`];
}

export interface NativeRun {
  marks: Map<string, number>;
  /** VmHWM / VmRSS in kB as printed by each `.system grep Vm` in order. */
  memory: Array<{ hwmKb: number; rssKb: number }>;
  /** CPU time in ms at each CPU_STAMP, in order. */
  cpuMs: number[];
  output: string;
  wallMs: number;
}

/** Runs `lines` (SQL statements and dot-commands) in one sqlcipher process on `dbFile`. */
export function runNative(dbFile: string, lines: readonly string[], workDir: string): NativeRun {
  const script = path.join(workDir, 'native-script.sql');
  const out = path.join(workDir, 'native-out.txt');
  writeFileSync(script, ['.bail on', '.headers off', '.mode list', ...lines.map((l) => (l.startsWith('.') || l.endsWith(';') ? l : `${l};`)), ''].join('\n'));
  const inFd = openSync(script, 'r');
  const outFd = openSync(out, 'w');
  const started = performance.now();
  let result;
  try {
    result = spawnSync(SQLCIPHER, [dbFile], { stdio: [inFd, outFd, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } finally {
    closeSync(inFd);
    closeSync(outFd);
  }
  const wallMs = performance.now() - started;
  const output = readFileSync(out, 'utf8');
  const stderr = result.stderr?.toString() ?? '';
  if (result.error) throw result.error;
  if (result.status !== 0 || stderr.trim()) {
    throw new Error(`sqlcipher failed (exit ${result.status}): ${stderr.trim() || output.slice(-500)}`);
  }
  const marks = new Map<string, number>();
  for (const match of output.matchAll(/^@@(\w+)\|([\d.]+)$/gm)) marks.set(match[1] as string, Number(match[2]));
  const cpuMs = [...output.matchAll(/^(\d+) (\d+) (\d+)$/gm)].map((m) => Number(m[1]) / 1e6);
  const memory: NativeRun['memory'] = [];
  let hwm: number | undefined;
  for (const line of output.split('\n')) {
    const m = /^Vm(HWM|RSS):\s+(\d+) kB/.exec(line);
    if (!m) continue;
    if (m[1] === 'HWM') hwm = Number(m[2]);
    else if (hwm !== undefined) {
      memory.push({ hwmKb: hwm, rssKb: Number(m[2]) });
      hwm = undefined;
    }
  }
  return { marks, memory, cpuMs, output, wallMs };
}

export function span(run: NativeRun, from: string, to: string): number {
  const a = run.marks.get(from);
  const b = run.marks.get(to);
  if (a === undefined || b === undefined) throw new Error(`sqlcipher output lacks marks ${from}/${to}: ${run.output.slice(0, 300)}`);
  return b - a;
}

/** CPU time between the first and last CPU_STAMP. */
export function cpuSpan(run: NativeRun): number {
  if (run.cpuMs.length < 2) throw new Error('sqlcipher output lacks CPU stamps');
  return (run.cpuMs[run.cpuMs.length - 1] as number) - (run.cpuMs[0] as number);
}

export function nativeVersion(): string {
  const result = spawnSync(SQLCIPHER, ['--version'], { encoding: 'utf8' });
  return (result.stdout ?? '').trim();
}
