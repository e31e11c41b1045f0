// Recognises what a database file is before SQLite touches it, so each kind of mismatch gets its own error and
// the file is never written to when it cannot be opened.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { closeSync, fstatSync, openSync, statSync } from 'node:fs';
import { StorageError } from '../errors';
import { readFully } from '../vfs/vfsFile';
import type { DatabaseKey } from './databaseKey';
import { deriveJournalKey } from './journalKey';
import type { CipherKeys } from './sqlcipherCodec';
import { deriveKeys, PageAuthenticationError, SALT_SIZE, SQLITE_MAGIC, SqlCipherCodec } from './sqlcipherCodec';

export const CIPHER_PAGE_SIZES = [4096, 16384] as const;
export type CipherPageSize = (typeof CIPHER_PAGE_SIZES)[number];

export type FileState = { kind: 'missing' } | { kind: 'empty' } | { kind: 'plain' } | { kind: 'encrypted'; salt: Buffer; size: number };

export function inspectFile(file: string): FileState {
  let fd: number;
  try {
    // Look before opening: opening a FIFO waits for a writer forever, and a folder only fails at the first read.
    assertRegularFile(file, statSync(file));
    fd = openSync(file, 'r');
  } catch (error) {
    if (error instanceof StorageError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw new StorageError('IO', `Cannot read ${file}: ${(error as Error).message}`, { file });
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { kind: 'empty' };
    const head = Buffer.alloc(SALT_SIZE);
    readFully(fd, head, 0);
    if (head.equals(SQLITE_MAGIC)) return { kind: 'plain' };
    return { kind: 'encrypted', salt: head, size };
  } finally {
    closeSync(fd);
  }
}

/** Only a regular file (or a symlink to one) can be a database; anything else is refused before it is opened. */
export function assertRegularFile(file: string, stats: Stats): void {
  if (stats.isFile()) return;
  const what = stats.isDirectory() ? 'a folder' : stats.isFIFO() ? 'a named pipe (FIFO)' : stats.isSocket() ? 'a socket' : 'a device or other special file';
  throw new StorageError('NOT_A_DATABASE', `${file} is ${what}, not a database file${stats.isDirectory() ? '' : ' (not a regular file)'}.`, { file });
}

export interface CipherSetup {
  codec: SqlCipherCodec;
  journalKey: Buffer;
}

/** Keys and page size for an existing encrypted file: page 1 must authenticate under one of the page sizes. */
export function unlockExisting(file: string, state: Extract<FileState, { kind: 'encrypted' }>, key: Exclude<DatabaseKey, { kind: 'plain' }>, preferred: CipherPageSize = 4096): CipherSetup {
  const keys = deriveKeys(key, state.salt);
  const sizes = [preferred, ...CIPHER_PAGE_SIZES.filter((size) => size !== preferred)];
  const fd = openSync(file, 'r');
  try {
    for (const pageSize of sizes) {
      if (state.size < pageSize) continue;
      const page = Buffer.alloc(pageSize);
      readFully(fd, page, 0);
      const codec = new SqlCipherCodec(pageSize, state.salt, keys);
      try {
        codec.decrypt(1, page, Buffer.alloc(pageSize));
      } catch (error) {
        if (error instanceof PageAuthenticationError) continue;
        throw error;
      }
      if (state.size % pageSize !== 0) {
        throw new StorageError('TRUNCATED', `${file} is truncated: ${state.size} bytes is not a whole number of ${pageSize}-byte pages.`, { file });
      }
      return { codec, journalKey: deriveJournalKey(keys, state.salt) };
    }
  } finally {
    closeSync(fd);
  }
  if (state.size < Math.min(...CIPHER_PAGE_SIZES)) {
    throw new StorageError('TRUNCATED', `${file} is truncated: ${state.size} bytes is less than one page.`, { file });
  }
  throw new StorageError('WRONG_KEY', `The key does not open ${file}: wrong key or passphrase, or not an encrypted TRCAA/SQLCipher database.`, { file });
}

/** Keys for a new encrypted file: a fresh random salt. */
export function setupNew(key: Exclude<DatabaseKey, { kind: 'plain' }>, pageSize: CipherPageSize): CipherSetup {
  const salt = randomBytes(SALT_SIZE);
  const keys: CipherKeys = deriveKeys(key, salt);
  return { codec: new SqlCipherCodec(pageSize, salt, keys), journalKey: deriveJournalKey(keys, salt) };
}
