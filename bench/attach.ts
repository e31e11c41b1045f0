// Attach throughput: a generated log (default 100 MB, an IPv4 address on every line) through insertFromFile —
// SHA-256, gzip and the PII scan in one streamed pass, then one transaction with the log and its PII spans into an
// encrypted database — against `gzip -6` on the same file. Goal (issue 5, before PII scanning): ≥ 0.8× gzip.
//   npm run build && npm run bench:attach [-- --size 100]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SeededRandom } from '../src/core/demo/random';
import { Database } from '../src/storage/database';
import { migrations } from '../src/storage/migrations';
import { migrate } from '../src/storage/migrations/migrate';
import { createStore } from '../src/storage/store';

const sizeArg = process.argv.indexOf('--size');
const sizeMB = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 100;
const MB = 1024 * 1024;

/** Log lines with the variety of a real service log (timestamps, levels, ids, latencies), from a fixed seed. */
function writeLog(file: string, bytes: number): void {
  const random = new SeededRandom(42);
  const levels = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
  const paths = ['/api/checkout', '/api/cart', '/api/payments/authorize', '/healthz', '/api/orders'];
  const fd = openSync(file, 'w');
  let written = 0;
  let t = Date.UTC(2026, 10, 28, 12, 0, 0);
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      t += Math.floor(random.next() * 50);
      const level = levels[Math.floor(random.next() * levels.length)];
      const route = paths[Math.floor(random.next() * paths.length)];
      const status = random.next() < 0.05 ? 502 : 200;
      lines.push(`${new Date(t).toISOString()} ${level} api-gateway req=${Math.floor(random.next() * 1e12).toString(16)} ${route} status=${status} latency_ms=${Math.floor(random.next() * 900)} upstream=10.0.${Math.floor(random.next() * 255)}.${Math.floor(random.next() * 255)}\n`);
    }
    const chunk = Buffer.from(lines.join(''));
    writeSync(fd, chunk);
    written += chunk.length;
  }
  closeSync(fd);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-bench-attach-'));
  try {
    const file = path.join(dir, 'big.log');
    writeLog(file, sizeMB * MB);
    const size = statSync(file).size;

    const gzipStart = process.hrtime.bigint();
    const devNull = openSync('/dev/null', 'w');
    const gzip = spawnSync('gzip', ['-6', '-c', file], { stdio: ['ignore', devNull, 'inherit'] });
    closeSync(devNull);
    const gzipSeconds = Number(process.hrtime.bigint() - gzipStart) / 1e9;
    if (gzip.status !== 0) throw new Error('gzip failed');

    const db = await Database.open(path.join(dir, 'bench.db'), { key: { kind: 'raw', key: randomBytes(32) } });
    migrate(db, migrations);
    const store = createStore(db);
    const issue = store.issues.create({ title: 'Bench', severity: 'low' });
    const start = process.hrtime.bigint();
    const result = await store.logFiles.insertFromFile(issue.id, file);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    db.close();

    const ours = size / MB / seconds;
    const theirs = size / MB / gzipSeconds;
    console.log(`attach of a ${(size / MB).toFixed(1)} MB log (encrypted database): ${seconds.toFixed(2)} s, ${ours.toFixed(1)} MB/s, compressed to ${((result.logFile.compressedSize ?? 0) / MB).toFixed(1)} MB`);
    console.log(`gzip -6 on the same file:                ${gzipSeconds.toFixed(2)} s, ${theirs.toFixed(1)} MB/s`);
    console.log(`ratio: ${(ours / theirs).toFixed(2)}× gzip -6 (goal ≥ 0.80×)`);
    console.log(`PII spans found and stored: ${result.pii?.spans ?? 0}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
