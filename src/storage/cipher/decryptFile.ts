// Writes the plain SQLite file that an encrypted one holds, page by page, without SQLite: the last step of a
// re-key to no key (rewriteDatabase.ts), done from a copy that was verified while still encrypted. Each page is
// authenticated as it is read; the reserved bytes (IV and HMAC) are zeroed, which SQLite ignores.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { StorageError } from '../errors';
import { readFully, writeFully } from '../vfs/vfsFile';
import type { DatabaseKey } from './databaseKey';
import { inspectFile, unlockExisting } from './fileFormat';
import { RESERVE_SIZE } from './sqlcipherCodec';

export function decryptDatabaseFile(source: string, key: Exclude<DatabaseKey, { kind: 'plain' }>, target: string): void {
  const state = inspectFile(source);
  if (state.kind !== 'encrypted') throw new StorageError('IO', `${source} is not an encrypted database (${state.kind}).`, { file: source });
  const { codec } = unlockExisting(source, state, key);
  const pageSize = codec.pageSize;
  const pages = Math.floor(state.size / pageSize);
  const stored = Buffer.alloc(pageSize);
  const plain = Buffer.alloc(pageSize);
  const input = openSync(source, 'r');
  try {
    const output = openSync(target, 'wx', 0o600);
    try {
      for (let page = 1; page <= pages; page++) {
        readFully(input, stored, (page - 1) * pageSize);
        codec.decrypt(page, stored, plain); // throws PageAuthenticationError on a damaged page
        plain.fill(0, pageSize - RESERVE_SIZE);
        writeFully(output, plain, (page - 1) * pageSize);
      }
      fsyncSync(output);
    } finally {
      closeSync(output);
    }
  } finally {
    closeSync(input);
  }
}
