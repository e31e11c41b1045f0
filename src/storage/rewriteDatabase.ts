// Re-keying, encrypting and decrypting a database file: always through a new file that is verified before it
// atomically replaces the old one (rename), so a crash at any moment leaves either the old file or the new one.
import { randomBytes } from 'node:crypto';
import { copyFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseKey } from './cipher/databaseKey';
import { decryptDatabaseFile } from './cipher/decryptFile';
import { verifyPages } from './cipher/verifyPages';
import type { CopyProgress } from './copyDatabase';
import { copyDatabase } from './copyDatabase';
import { Database } from './database';
import { StorageError } from './errors';
import { canonicalDatabasePath } from './databasePath';
import { lockFolderFor } from './lock/lockFolder';
import { removeEmptyFolder, sideFileName } from './sideFiles';
import { fsyncPath } from './vfs/vfsFile';
import type { Sqlite3 } from './sqliteWasm';

export interface RewriteOptions {
  /** Keep a byte copy of the original next to it (e.g. before encrypting a plain database). */
  backupSuffix?: string;
  busyTimeoutMs?: number;
  onProgress?: (progress: CopyProgress) => void;
  /** Called as each step ends: `copied` (the encrypted copy is verified), `written` (the new file is complete and
   *  durable, just before it replaces the original). For progress and fault-injection tests. */
  onStep?: (step: RewriteStep) => void;
}

export type RewriteStep = 'copied' | 'written';

export interface RewriteResult {
  backupFile?: string;
  tables: number;
}

/**
 * Re-keys `file` (through a symlink: its target, and the link stays). The copy is always encrypted — under the
 * new key, or, for a plain result, under a random key that never leaves this process — so a re-key killed while
 * copying leaves nothing anyone can read; a plain result is decrypted page by page from the verified copy as the
 * very last step. Whatever a killed re-key leaves (`<db>.rewrite-*`) is removed by the next open (removeLeftovers.ts).
 */
export function rewriteDatabase(sqlite3: Sqlite3, file: string, fromKey: DatabaseKey, toKey: DatabaseKey, options: RewriteOptions = {}): RewriteResult {
  const full = canonicalDatabasePath(file);
  const copy = sideFileName(full, 'rewrite');
  const copyKey: Exclude<DatabaseKey, { kind: 'plain' }> = toKey.kind === 'plain' ? { kind: 'raw', key: randomBytes(32) } : toKey;
  const decrypted = toKey.kind === 'plain' ? sideFileName(full, 'rewrite') : undefined;
  const source = Database.openWith(sqlite3, full, { key: fromKey, create: false, busyTimeoutMs: options.busyTimeoutMs });
  try {
    // RESERVED on the source: nobody else commits while we copy, readers may go on; and the next open of this
    // file knows from it that our side files are not leftovers (removeLeftovers.ts).
    source.exec('BEGIN IMMEDIATE');
    const target = Database.openWith(sqlite3, copy, { key: copyKey, create: true });
    let tables: number;
    try {
      copyDatabase(source, target, options.onProgress);
      tables = verifyCopy(source, target);
    } finally {
      target.close();
    }
    const report = verifyPages(copy, copyKey);
    if (report.badPages.length > 0) throw new StorageError('IO', `The re-written database failed its page check (pages ${report.badPages.join(', ')}); the original is unchanged.`);
    options.onStep?.('copied');
    if (decrypted) {
      decryptDatabaseFile(copy, copyKey, decrypted);
      rmSync(copy, { force: true });
    }
    const replacement = decrypted ?? copy;
    let backupFile: string | undefined;
    if (options.backupSuffix) {
      backupFile = `${full}${options.backupSuffix}`;
      copyFileSync(full, backupFile);
      fsyncPath(backupFile);
    }
    fsyncPath(replacement);
    options.onStep?.('written');
    renameSync(replacement, full);
    fsyncPath(path.dirname(full));
    return { backupFile, tables };
  } catch (error) {
    for (const temp of [copy, decrypted]) {
      if (!temp) continue;
      rmSync(temp, { force: true });
      rmSync(`${temp}-journal`, { force: true });
    }
    throw error;
  } finally {
    removeEmptyFolder(lockFolderFor(copy)); // the copy's lock folder: its records were released on close
    if (source.inTransaction) {
      try {
        source.exec('ROLLBACK');
      } catch {
        // the connection is on the replaced file now; closing is all that matters
      }
    }
    source.close();
  }
}

/** Same tables, same row counts, and SQLite finds the copy sound. */
function verifyCopy(source: Database, target: Database): number {
  const check = target.get('PRAGMA integrity_check');
  if (check?.integrity_check !== 'ok') throw new StorageError('IO', `The copy failed SQLite's integrity check: ${String(check?.integrity_check)}`);
  const tables = source.query<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'sqlite_stat%'");
  for (const { name } of tables) {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    const a = source.get(`SELECT count(*) AS n FROM ${quoted}`)?.n;
    const b = target.get(`SELECT count(*) AS n FROM ${quoted}`)?.n;
    if (a !== b) throw new StorageError('IO', `The copy of table ${name} has ${String(b)} rows instead of ${String(a)}; the original is unchanged.`);
  }
  return tables.length;
}
