// Attach throughput at production scale: a generated access log (default 200 MB: a client IPv4 on every line,
// e-mails and bearer tokens sprinkled) through insertFromFile — SHA-256, gzip and the PII scan in one streamed
// pass, then one transaction with the log and its detections into an encrypted database — against `gzip -6` on
// the same file in the same run. Goals (issue 15): ≥ 0.8× gzip's MB/s, the database growing by ≤ 1.25× the gzip
// size, ≤ 64 MB memory growth.
//   npm run build && npm run bench:attach [-- --size 200] [--mine-here]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateAccessLog } from '../src/core/demo/accessLog';
import { Database } from '../src/storage/database';
import { migrations } from '../src/storage/migrations';
import { migrate } from '../src/storage/migrations/migrate';
import { ByteScan } from '../src/storage/pii/scan';
import { minerWorkerIn } from '../src/storage/patterns/minerWorkerFile';
import { createStore } from '../src/storage/store';

/** A full garbage collection (V8's gc(), made reachable at run time: `npm run bench:attach` passes no flag). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** What this thread's JavaScript holds: V8's heap and the memory outside it (buffers, the WASM heap). RSS keeps pages freed. */
function held(): number {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

const sizeArg = process.argv.indexOf('--size');
const sizeMB = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 200;
const MB = 1024 * 1024;

function writeLog(file: string, bytes: number) {
  const fd = openSync(file, 'w');
  const counts = generateAccessLog(bytes, (piece) => writeSync(fd, piece));
  closeSync(fd);
  return counts;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-bench-attach-'));
  try {
    const file = path.join(dir, 'access.log');
    const generated = writeLog(file, sizeMB * MB);
    const size = statSync(file).size;

    const gzipStart = process.hrtime.bigint();
    const gzFile = path.join(dir, 'access.log.gz');
    const out = openSync(gzFile, 'w');
    const gzip = spawnSync('gzip', ['-6', '-c', file], { stdio: ['ignore', out, 'inherit'] });
    closeSync(out);
    const gzipSeconds = Number(process.hrtime.bigint() - gzipStart) / 1e9;
    if (gzip.status !== 0) throw new Error('gzip failed');
    const gzipSize = statSync(gzFile).size;
    rmSync(gzFile);

    const dbFile = path.join(dir, 'bench.db');
    const db = await Database.open(dbFile, { key: { kind: 'raw', key: randomBytes(32) } });
    migrate(db, migrations);
    // As the extension's database worker: large logs mined on the bundled mining thread (npm run build makes it).
    // --mine-here: in the attach's own thread (what the thread saves).
    const minerWorkerFile = process.argv.includes('--mine-here') ? undefined : minerWorkerIn(path.join(__dirname, '../../dist'));
    const store = createStore(db, minerWorkerFile ? { minerWorkerFile } : {});
    const issue = store.issues.create({ title: 'Bench', severity: 'low' });
    const dbBefore = statSync(dbFile).size;
    collectGarbage();
    const rssBefore = process.memoryUsage().rss;
    const heldBefore = held();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const cpuBefore = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result = await store.logFiles.insertFromFile(issue.id, file);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuBefore); // every thread of the process: the attach's, the miner's, zlib's pool
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    // What the attach leaves behind once its garbage is collected (a WASM heap, for one, never shrinks).
    collectGarbage();
    const heldAfter = held();
    // What an editor decorating its visible range asks: the spans of a 16 KB window, anywhere in the log.
    const windows: number[] = [];
    for (let i = 0; i < 50; i++) {
      const at = Math.floor(((i * 7919) % 50) / 50 * (size - 16_384));
      const t = process.hrtime.bigint();
      store.piiSpans.spansInRange(result.logFile.id, at, at + 16_384);
      windows.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    windows.sort((a, b) => a - b);
    db.close();
    const dbGrowth = statSync(dbFile).size - dbBefore;

    // Where the time goes (after the attach, so its memory figure is not helped by a warmed-up heap): the PII scan alone (decode + detector + the compact detection set) on the same file.
    const scanStart = process.hrtime.bigint();
    const scan = new ByteScan('access.log');
    for await (const chunk of createReadStream(file, { highWaterMark: MB })) scan.write(chunk as Buffer);
    const scanned = scan.end();
    const scanSeconds = Number(process.hrtime.bigint() - scanStart) / 1e9;

    const ours = size / MB / seconds;
    const theirs = size / MB / gzipSeconds;
    console.log(`load average: ${os.loadavg().map((n) => n.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
    console.log(`generated: ${(size / MB).toFixed(1)} MB, ${generated.lines} lines, ${generated.IPv4} IPv4, ${generated.Email} e-mails, ${generated.BearerToken} bearer tokens`);
    console.log(`patterns mined ${minerWorkerFile ? 'on the mining thread' : 'in the attach\'s thread (--mine-here)'}`);
    console.log(`attach (encrypted database): ${seconds.toFixed(2)} s, ${ours.toFixed(1)} MB/s, content compressed to ${((result.logFile.compressedSize ?? 0) / MB).toFixed(1)} MB`);
    console.log(`  CPU of the attach, all threads: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (${os.cpus().length} cores: ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(2)} busy on average)`);
    console.log(`gzip -6 on the same file:    ${gzipSeconds.toFixed(2)} s, ${theirs.toFixed(1)} MB/s, ${(gzipSize / MB).toFixed(1)} MB`);
    console.log(`ratio: ${(ours / theirs).toFixed(2)}× gzip -6 (goal ≥ 0.80×)`);
    console.log(`the PII scan alone (decode, detector, compact set; same file): ${scanSeconds.toFixed(2)} s, ${(size / MB / scanSeconds).toFixed(1)} MB/s = ${(gzipSeconds / scanSeconds).toFixed(2)}× gzip -6; ${scanned.detections} detections, ${scanned.values.length} distinct values`);
    console.log(`database growth: ${(dbGrowth / MB).toFixed(1)} MB = ${(dbGrowth / gzipSize).toFixed(2)}× the gzip size (goal ≤ 1.25×)`);
    console.log(`memory growth (peak RSS, sampled every 20 ms): ${((rssPeak - rssBefore) / MB).toFixed(1)} MB (goal ≤ 64 MB); held after it (a full GC, then V8's heap, buffers and the WASM heap): ${((heldAfter - heldBefore) / MB).toFixed(1)} MB`);
    console.log(`spans of a 16 KB window (spansInRange, 50 places): median ${windows[25]?.toFixed(1)} ms, max ${windows[49]?.toFixed(1)} ms`);
    console.log(`PII detections stored: ${result.pii?.spans ?? 0} ${JSON.stringify(result.pii?.countsByType ?? {})}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
