// The databases the read workloads need, built once with the sqlcipher CLI and kept in a cache folder keyed by
// size (a ".partial" file is renamed into place only when complete). Our engine and the CLI write the same format
// (SQLCipher 4: 4096-byte pages, 80 reserved bytes, PBKDF2-HMAC-SHA512 256,000, HMAC-SHA512), so one file serves
// both sides: the fairest comparison, and a standing interop check.
import { spawnSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { bigIssuesInsert, bigLogLinesInsert, BIG_SCHEMA, ftsBuildScript } from './data';
import type { BenchKey } from './keys';
import { PASSPHRASE_KEY, RAW_KEY } from './keys';
import { connectionSetup, runNative } from './native';

const FORMAT = 'v1';
const MB = 1_000_000;

function log(message: string): void {
  process.stderr.write(`[bench:storage] ${message}\n`);
}

/** A database of about `mb` MB (passphrase key): 2,000 issues and as many log lines as it takes. */
export function bigDatabase(cacheDir: string, mb: number): string {
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `big-${mb}mb-${FORMAT}.db`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const started = performance.now();
  log(`building a ${mb} MB database with the sqlcipher CLI (cached in ${cacheDir}) …`);
  const setup = [...connectionSetup(PASSPHRASE_KEY), 'PRAGMA cache_size = -262144;']; // a big cache makes the build fast
  let rows = Math.round((mb * MB) / 410);
  runNative(partial, [...setup, ...BIG_SCHEMA, 'BEGIN', bigIssuesInsert(), bigLogLinesInsert(0, rows), 'COMMIT'], cacheDir);
  // Top up once with the measured bytes per row.
  for (let round = 0; round < 3; round++) {
    const size = statSync(partial).size;
    if (size >= mb * MB * 0.99) break;
    const more = Math.ceil(((mb * MB - size) / size) * rows * 1.01);
    runNative(partial, [...setup, bigLogLinesInsert(rows, more)], cacheDir);
    rows += more;
  }
  renameSync(partial, file);
  log(`… ${(statSync(file).size / MB).toFixed(0)} MB, ${rows} log lines, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

/** `rows` documents with an external-content FTS5 index (raw key). */
export function ftsDatabase(cacheDir: string, rows: number): string {
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `fts-${rows}-${FORMAT}.db`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  log(`building an FTS5 database of ${rows} rows with the sqlcipher CLI …`);
  runNative(partial, [...connectionSetup(RAW_KEY), ...ftsBuildScript(rows)], cacheDir);
  renameSync(partial, file);
  return file;
}

/**
 * The raw key equivalent to a passphrase for one file: PBKDF2 of the passphrase with the file's salt. SQLCipher
 * (and our engine) take a raw key as the encryption key itself, so this opens the same file without the KDF.
 */
export function derivedRawKey(file: string, key: BenchKey = PASSPHRASE_KEY): BenchKey {
  if (key.kind === 'raw') return key;
  const salt = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, salt, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return { kind: 'raw', key: pbkdf2Sync(Buffer.from(key.passphrase, 'utf8'), salt, 256_000, 32, 'sha512') };
}

/**
 * Evicts a file from the OS page cache (posix_fadvise DONTNEED through GNU dd), so an open really reads the disk.
 * Returns false when that failed (the open is then measured with a warm cache).
 */
export function dropFromPageCache(file: string): boolean {
  const result = spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']);
  return result.status === 0;
}

/** Reads a file once so it is in the page cache (scans are compared warm). */
export function warmPageCache(file: string): void {
  spawnSync('sh', ['-c', 'cat "$1" > /dev/null', 'sh', file]);
}
