// Re-keying, encrypting and decrypting a database file: always through a new file that is verified before it
// atomically replaces the old one (rename), so a crash at any moment leaves either the old file or the new one.
import { randomBytes } from 'node:crypto';
import { copyFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseKey } from './cipher/databaseKey';
import { verifyPages } from './cipher/verifyPages';
import type { CopyProgress } from './copyDatabase';
import { copyDatabase } from './copyDatabase';
import { Database } from './database';
import { StorageError } from './errors';
import { lockFolderFor } from './lock/lockFolder';
import { fsyncPath } from './vfs/vfsFile';
import type { Sqlite3 } from './sqliteWasm';

export interface RewriteOptions {
  /** Keep a byte copy of the original next to it (e.g. before encrypting a plain database). */
  backupSuffix?: string;
  busyTimeoutMs?: number;
  onProgress?: (progress: CopyProgress) => void;
}

export interface RewriteResult {
  backupFile?: string;
  tables: number;
}

export function rewriteDatabase(sqlite3: Sqlite3, file: string, fromKey: DatabaseKey, toKey: DatabaseKey, options: RewriteOptions = {}): RewriteResult {
  const full = path.resolve(file);
  const temp = `${full}.rewrite-${randomBytes(6).toString('hex')}`;
  const source = Database.openWith(sqlite3, full, { key: fromKey, create: false, busyTimeoutMs: options.busyTimeoutMs });
  try {
    // RESERVED on the source: nobody else commits while we copy, readers may go on.
    source.exec('BEGIN IMMEDIATE');
    const target = Database.openWith(sqlite3, temp, { key: toKey, create: true });
    let tables: number;
    try {
      copyDatabase(source, target, options.onProgress);
      tables = verifyCopy(source, target);
    } finally {
      target.close();
    }
    if (toKey.kind !== 'plain') {
      const report = verifyPages(temp, toKey);
      if (report.badPages.length > 0) throw new StorageError('IO', `The re-written database failed its page check (pages ${report.badPages.join(', ')}); the original is unchanged.`);
    }
    let backupFile: string | undefined;
    if (options.backupSuffix) {
      backupFile = `${full}${options.backupSuffix}`;
      copyFileSync(full, backupFile);
      fsyncPath(backupFile);
    }
    fsyncPath(temp);
    renameSync(temp, full);
    fsyncPath(path.dirname(full));
    return { backupFile, tables };
  } catch (error) {
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
    throw error;
  } finally {
    removeEmptyFolder(lockFolderFor(temp)); // the temp file's lock folder: its records were released on close
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

function removeEmptyFolder(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    // not there, or not empty (someone still holds a record): leave it
  }
}

