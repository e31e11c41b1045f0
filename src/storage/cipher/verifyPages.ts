// Checks every page's HMAC without SQLite: what `trcaa-db check` adds to SQLite's integrity_check, and what
// SQLCipher calls cipher_integrity_check.
import { closeSync, openSync } from 'node:fs';
import { StorageError } from '../errors';
import { readFully } from '../vfs/vfsFile';
import type { DatabaseKey } from './databaseKey';
import type { CipherPageSize } from './fileFormat';
import { inspectFile, unlockExisting } from './fileFormat';
import { PageAuthenticationError } from './sqlcipherCodec';

export interface PageReport {
  pages: number;
  pageSize: number;
  /** Pages whose HMAC failed, in order. */
  badPages: number[];
}

export function verifyPages(file: string, key: Exclude<DatabaseKey, { kind: 'plain' }>, preferred?: CipherPageSize): PageReport {
  const state = inspectFile(file);
  // A file created but never written (a crash before the first commit) holds no pages, so none can be bad.
  if (state.kind === 'empty') return { pages: 0, pageSize: preferred ?? 4096, badPages: [] };
  if (state.kind !== 'encrypted') {
    throw new StorageError(state.kind === 'plain' ? 'PLAIN_DATABASE' : 'IO', `${file} is not an encrypted database (${state.kind}).`, { file });
  }
  const { codec } = unlockExisting(file, state, key, preferred);
  const pageSize = codec.pageSize;
  const pages = Math.floor(state.size / pageSize);
  const stored = Buffer.alloc(pageSize);
  const plain = Buffer.alloc(pageSize);
  const badPages: number[] = [];
  const fd = openSync(file, 'r');
  try {
    for (let page = 1; page <= pages; page++) {
      readFully(fd, stored, (page - 1) * pageSize);
      try {
        codec.decrypt(page, stored, plain);
      } catch (error) {
        if (!(error instanceof PageAuthenticationError)) throw error;
        badPages.push(page);
      }
    }
  } finally {
    closeSync(fd);
  }
  return { pages, pageSize, badPages };
}
