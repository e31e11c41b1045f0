// Our SQLite VFS: which file class serves each file SQLite opens, per the database's registration (see
// registerDatabase) — the database's pages (encrypted or plain), its journal in SQLCipher's layout (or the earlier
// one), a temporary file in memory. The WASM boundary (pointers, error codes, xGetLastError) is vfsFacade.ts; the
// open-file classes are openFiles.ts; the bytes on disk are each format's VfsFile.
import { closeSync, constants, existsSync, openSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { Sqlite3 } from '../sqliteWasm';
import { canonicalDatabasePath } from '../databasePath';
import { StorageError } from '../errors';
import { BlockCipherFile, isBlockCipherFile } from './blockCipherFile';
import { PageCipherFile } from './pageCipherFile';
import type { JournalState } from './sqlcipherJournalFile';
import { checkSqlCipherJournal, SqlCipherJournalFile } from './sqlcipherJournalFile';
import type { SqlCipherCodec } from '../cipher/sqlcipherCodec';
import type { VfsFile } from './vfsFile';
import type { lowLevel } from './wasmApi';
import { fsyncPath, PlainFile } from './vfsFile';
import { installFacade } from './vfsFacade';
import type { HoldingJournal, VfsLock } from './openFiles';
import { DatabaseFile, SideFile, TempFile } from './openFiles';
import { WrittenPages } from './writtenPages';

export const VFS_NAME = 'trcaa';

export type { VfsLock };

/** How one database file (and the journals SQLite makes beside it) is stored. */
export interface DatabaseRegistration {
  /** null: a plain SQLite file (Development mode). */
  codec: SqlCipherCodec | null;
  /** Key of the earlier journal format (blockCipherFile.ts) and of super-journals of an encrypted database. */
  journalKey: Buffer | null;
  openLock(databasePath: string): VfsLock;
}

export interface CipherVfs {
  registerDatabase(file: string, registration: DatabaseRegistration): void;
  unregisterDatabase(file: string): void;
  isRegistered(file: string): boolean;
  /** The error behind the last failed callback, once. */
  takeLastError(): Error | undefined;
}

const installed = new WeakMap<Sqlite3, CipherVfs>();

export function installCipherVfs(sqlite3: Sqlite3): CipherVfs {
  const existing = installed.get(sqlite3);
  if (existing) return existing;

  // Counted, because one file can be open more than once in a thread (a connection plus an ATTACH elsewhere).
  const registrations = new Map<string, DatabaseRegistration>();
  const registrationCounts = new Map<string, number>();
  /** The side files open now that hold written bytes in memory a moment (journals of both formats, see
   *  DatabaseFile): a database's are found among them by name at every write and lock change of the database. */
  const holdingSideFiles = new Set<SideFile>();
  const noJournals: HoldingJournal[] = [];
  /** Per codec (one per connection to an encrypted database): what its database file wrote last, for its journal. */
  const writtenPages = new WeakMap<SqlCipherCodec, WrittenPages>();
  const writtenPagesOf = (codec: SqlCipherCodec) => {
    let written = writtenPages.get(codec);
    if (!written) writtenPages.set(codec, (written = new WrittenPages(codec.pageSize)));
    return written;
  };

  /** The registration a file belongs to: the database itself, or the database whose journal it is. */
  const registrationFor = (name: string) =>
    registrations.get(name) ?? [...registrations.entries()].find(([db]) => name.startsWith(`${db}-`))?.[1];

  const facade = installFacade(sqlite3, VFS_NAME, {
    open(name, flags) {
      const { capi } = facade;
      if (!name) return new TempFile();
      const registration = registrationFor(name);
      // Only files opened through Database (which knows their key) are ours: an ATTACH of another file or a
      // VACUUM INTO would otherwise be read or written without a key of its own.
      if (!registration) throw new StorageError('IO', `${path.basename(name)} is not the open database: ATTACH of another file and VACUUM INTO are not supported (nothing was created). To copy a database, use "trcaa-db export-json" or "rekey".`, { file: name });
      const readOnly = (flags & capi.SQLITE_OPEN_READONLY) !== 0;
      const create = (flags & capi.SQLITE_OPEN_CREATE) !== 0;
      const mode = readOnly ? constants.O_RDONLY : constants.O_RDWR | (create ? constants.O_CREAT : 0);
      const fd = openSync(name, mode | ((flags & capi.SQLITE_OPEN_EXCLUSIVE) !== 0 ? constants.O_EXCL : 0), 0o600);
      if ((flags & capi.SQLITE_OPEN_MAIN_DB) !== 0) {
        const pages = registration.codec ? new PageCipherFile(fd, registration.codec, path.basename(name), writtenPagesOf(registration.codec)) : new PlainFile(fd);
        // The journals beside an encrypted database (see DatabaseFile).
        const journals = () => (holdingSideFiles.size === 0 ? noJournals : [...holdingSideFiles].filter((f) => f.name.startsWith(`${name}-`)).map((f) => f.file as VfsFile & HoldingJournal));
        return new DatabaseFile(name, pages, registration.openLock(name), journals);
      }
      const journal = (flags & (capi.SQLITE_OPEN_MAIN_JOURNAL | capi.SQLITE_OPEN_SUPER_JOURNAL)) !== 0;
      const file = openSideFile(fd, name, flags, registration, capi, writtenPagesOf);
      return new SideFile(name, file, {
        syncDirectory: journal && create,
        deleteOnClose: (flags & capi.SQLITE_OPEN_DELETEONCLOSE) !== 0,
        ...(file instanceof BlockCipherFile || file instanceof SqlCipherJournalFile ? { openFiles: holdingSideFiles } : {}),
      });
    },
    delete(name, syncDirectory) {
      unlinkSync(name);
      if (syncDirectory) fsyncPath(path.dirname(name));
    },
    exists: (name) => existsSync(name),
    // The real path (symlinks, `..` resolved), as SQLite's own unix VFS does: an ATTACH through another spelling
    // of a database finds its registration, and journal names derive from the one name (databasePath.ts).
    fullPathname: (name) => canonicalDatabasePath(name),
  });

  const api: CipherVfs = {
    registerDatabase(file, registration) {
      const full = path.resolve(file);
      // Before SQLite (and its locks) touch anything: a damaged hot journal refuses the open, every file unchanged.
      checkExistingJournal(`${full}-journal`, registration);
      registrations.set(full, registration);
      registrationCounts.set(full, (registrationCounts.get(full) ?? 0) + 1);
    },
    unregisterDatabase(file) {
      const full = path.resolve(file);
      const count = (registrationCounts.get(full) ?? 1) - 1;
      if (count > 0) {
        registrationCounts.set(full, count);
      } else {
        registrationCounts.delete(full);
        registrations.delete(full);
      }
    },
    isRegistered: (file) => registrations.has(path.resolve(file)),
    takeLastError: () => facade.takeLastError(),
  };
  installed.set(sqlite3, api);
  return api;
}

/**
 * The file class of a side file of a database. An encrypted database's rollback journal is in SQLCipher's layout
 * (sqlcipherJournalFile.ts); opened without CREATE, SQLite is about to look for a hot journal in it (or play it
 * back), so it is checked first and a damaged one fails the open (CORRUPT_JOURNAL). A journal in our earlier format
 * (AES-GCM blocks, blockCipherFile.ts) is still read with its own reader, so a hot one left by an older version is
 * rolled back. Other side files (a super-journal: only for transactions over several attached databases) keep that
 * block format; plain databases keep plain side files.
 */
function openSideFile(
  fd: number,
  name: string,
  flags: number,
  registration: DatabaseRegistration,
  capi: ReturnType<typeof lowLevel>['capi'],
  writtenPagesOf: (codec: SqlCipherCodec) => WrittenPages,
): VfsFile {
  const { codec, journalKey } = registration;
  if (!codec || !journalKey) return new PlainFile(fd);
  if ((flags & capi.SQLITE_OPEN_MAIN_JOURNAL) === 0) return new BlockCipherFile(fd, journalKey);
  try {
    if ((flags & capi.SQLITE_OPEN_CREATE) === 0 && checkJournalFd(fd, name, codec, journalKey) === 'earlier format') return new BlockCipherFile(fd, journalKey);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return new SqlCipherJournalFile(fd, codec, path.basename(name), writtenPagesOf(codec));
}

/** What lies in a journal file: 'earlier format' (blockCipherFile.ts), or its state in SQLCipher's layout (throws when damaged). */
function checkJournalFd(fd: number, name: string, codec: SqlCipherCodec, journalKey: Buffer): JournalState | 'earlier format' {
  return isBlockCipherFile(fd, journalKey) ? 'earlier format' : checkSqlCipherJournal(fd, name, codec);
}

function checkExistingJournal(journal: string, { codec, journalKey }: DatabaseRegistration): void {
  if (!codec || !journalKey) return;
  let fd: number;
  try {
    fd = openSync(journal, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StorageError('IO', `Cannot read the rollback journal ${path.basename(journal)}: ${(error as Error).message}`, { file: journal });
  }
  try {
    checkJournalFd(fd, journal, codec, journalKey);
  } finally {
    closeSync(fd);
  }
}
