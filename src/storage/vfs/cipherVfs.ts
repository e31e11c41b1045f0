// Our SQLite VFS, registered with the WASM build through sqlite3.vfs.installVfs. SQLite calls it synchronously;
// it does real file I/O with node:fs, encrypts what it writes and decrypts what it reads, per the database's
// registration (see registerDatabase). Exceptions never escape a callback: they become SQLite error codes, and
// the error itself is kept for the caller (takeLastError) so users see "wrong key", not "disk I/O error".
import { closeSync, constants, existsSync, openSync, statSync, unlinkSync } from 'node:fs';
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
import { lowLevel } from './wasmApi';
import { fsyncPath, MemoryFile, PlainFile } from './vfsFile';

export const VFS_NAME = 'trcaa';

/** SQLite's lock levels as its VFS sees them (SQLITE_LOCK_NONE … SQLITE_LOCK_EXCLUSIVE). */
export interface VfsLock {
  lock(level: number): boolean;
  unlock(level: number): void;
  checkReserved(): boolean;
  close(): void;
}

/** How one database file (and the journals SQLite makes beside it) is stored. */
export interface DatabaseRegistration {
  /** null: a plain SQLite file (Development mode). */
  codec: SqlCipherCodec | null;
  /** Key of the earlier journal format (blockCipherFile.ts) and of super-journals of an encrypted database. */
  journalKey: Buffer | null;
  openLock(databasePath: string): VfsLock;
}

interface OpenFile {
  name: string;
  /** The inode opened: a different one at the same path means another window re-keyed or replaced the file. */
  inode: number | undefined;
  file: VfsFile;
  lock: VfsLock | undefined;
  /** A journal this VFS created: its directory entry is made durable at its first sync (as SQLite's unix VFS does). */
  syncDirectory: boolean;
  /** The lock level SQLite believes this file holds. */
  level: number;
  deleteOnClose: boolean;
  /** An encrypted main database file: a journal of the earlier format beside it is a BlockCipherFile (see flushJournals). */
  encryptedMain: boolean;
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

  const { capi, wasm, vfs: vfsApi } = lowLevel(sqlite3);
  // Counted, because one file can be open more than once in a thread (a connection plus an ATTACH elsewhere).
  const registrations = new Map<string, DatabaseRegistration>();
  const registrationCounts = new Map<string, number>();
  const files = new Map<number, OpenFile>();
  let lastError: Error | undefined;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));

  const fail = (error: unknown, code: number): number => {
    lastError = error instanceof Error ? error : new Error(String(error));
    return code;
  };
  const heap = (pointer: number | bigint, n: number) => wasm.heap8u().subarray(Number(pointer), Number(pointer) + n);

  /** The encrypted side files open beside a main database file (its journal, in practice: one at a time). */
  const journalsOf = (open: OpenFile): BlockCipherFile[] => {
    const journals: BlockCipherFile[] = [];
    const prefix = `${open.name}-`;
    for (const other of files.values()) if (other.file instanceof BlockCipherFile && other.name.startsWith(prefix)) journals.push(other.file);
    return journals;
  };
  /**
   * Before the database file changes, every journal byte SQLite has written reaches the file (BlockCipherFile
   * keeps the block being appended to in memory): a killed process then loses no journal write it made before a
   * database write, exactly as with plain writes, whatever the synchronous setting.
   */
  const flushJournals = (open: OpenFile): void => {
    if (!open.encryptedMain) return;
    for (const journal of journalsOf(open)) journal.flush();
  };
  /** At every lock change: journals go to disk, and their sizes are read afresh (another connection may write next). */
  const forgetJournalSizes = (open: OpenFile): void => {
    if (!open.encryptedMain) return;
    for (const journal of journalsOf(open)) journal.forgetSize();
  };

  /** The registration a file belongs to: the database itself, or the database whose journal it is. */
  const registrationFor = (name: string) =>
    registrations.get(name) ?? [...registrations.entries()].find(([db]) => name.startsWith(`${db}-`))?.[1];

  const ioMethods = new capi.sqlite3_io_methods();
  ioMethods.$iVersion = 1;
  const io = {
    xClose(pFile: number): number {
      const open = files.get(pFile);
      files.delete(pFile);
      if (!open) return 0;
      try {
        open.lock?.close();
        open.file.close();
        if (open.deleteOnClose) unlinkSync(open.name);
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_CLOSE);
      }
    },
    xRead(pFile: number, pDest: number, n: number, offset: bigint): number {
      try {
        const dest = heap(pDest, n);
        const got = (files.get(pFile) as OpenFile).file.read(dest, Number(offset));
        if (got < n) {
          dest.fill(0, got);
          return capi.SQLITE_IOERR_SHORT_READ;
        }
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_READ);
      }
    },
    xWrite(pFile: number, pSrc: number, n: number, offset: bigint): number {
      try {
        const open = files.get(pFile) as OpenFile;
        flushJournals(open);
        open.file.write(heap(pSrc, n), Number(offset));
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_WRITE);
      }
    },
    xTruncate(pFile: number, size: bigint): number {
      try {
        const open = files.get(pFile) as OpenFile;
        flushJournals(open);
        open.file.truncate(Number(size));
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_TRUNCATE);
      }
    },
    xSync(pFile: number): number {
      try {
        const open = files.get(pFile) as OpenFile;
        open.file.sync();
        if (open.syncDirectory) {
          fsyncPath(path.dirname(open.name));
          open.syncDirectory = false;
        }
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_FSYNC);
      }
    },
    xFileSize(pFile: number, pSize: number): number {
      try {
        wasm.poke64(pSize, BigInt((files.get(pFile) as OpenFile).file.size()));
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_FSTAT);
      }
    },
    xLock(pFile: number, level: number): number {
      try {
        const open = files.get(pFile) as OpenFile;
        forgetJournalSizes(open);
        if (!open.lock) return 0;
        if (!open.lock.lock(level)) return capi.SQLITE_BUSY;
        if (level <= SHARED_OR_RESERVED && open.inode !== currentInode(open.name)) {
          open.lock.unlock(Math.min(open.level, 1)); // back to what SQLite believes it holds
          throw new StorageError('REPLACED', `${path.basename(open.name)} was re-keyed or replaced by another window or process: reopen the database (reload the window).`, { file: open.name });
        }
        open.level = level;
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_LOCK);
      }
    },
    xUnlock(pFile: number, level: number): number {
      try {
        const open = files.get(pFile) as OpenFile;
        forgetJournalSizes(open);
        open.lock?.unlock(level);
        open.level = level;
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_UNLOCK);
      }
    },
    xCheckReservedLock(pFile: number, pOut: number): number {
      try {
        const lock = files.get(pFile)?.lock;
        wasm.poke32(pOut, lock?.checkReserved() ? 1 : 0);
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_IOERR_CHECKRESERVEDLOCK);
      }
    },
    xFileControl(): number {
      return capi.SQLITE_NOTFOUND;
    },
    xSectorSize(): number {
      return 4096;
    },
    xDeviceCharacteristics(): number {
      return 0;
    },
  };
  vfsApi.installVfs({ io: { struct: ioMethods, methods: io } });

  const defaultVfs = new capi.sqlite3_vfs(capi.sqlite3_vfs_find(null));
  const vfs = new capi.sqlite3_vfs();
  vfs.$iVersion = 2;
  vfs.$szOsFile = capi.sqlite3_file.structInfo.sizeof;
  vfs.$mxPathname = 1024;
  // Randomness and time come from the WASM build's own VFS.
  vfs.$xRandomness = defaultVfs.$xRandomness;
  vfs.$xCurrentTime = defaultVfs.$xCurrentTime;
  vfs.$xCurrentTimeInt64 = defaultVfs.$xCurrentTimeInt64;
  defaultVfs.dispose();

  const methods = {
    xOpen(_pVfs: number, zName: number, pFile: number, flags: number, pOutFlags: number): number {
      try {
        const name = zName ? wasm.cstrToJs(zName) : '';
        let file: VfsFile;
        let lock: VfsLock | undefined;
        if (!name) {
          file = new MemoryFile();
        } else {
          const registration = registrationFor(name);
          // Only files opened through Database (which knows their key) are ours: an ATTACH of another file or a
          // VACUUM INTO would otherwise be read or written without a key of its own.
          if (!registration) throw new StorageError('IO', `${path.basename(name)} is not the open database: ATTACH of another file and VACUUM INTO are not supported (nothing was created). To copy a database, use "trcaa-db export-json" or "rekey".`, { file: name });
          const readOnly = (flags & capi.SQLITE_OPEN_READONLY) !== 0;
          const create = (flags & capi.SQLITE_OPEN_CREATE) !== 0;
          const mode = readOnly ? constants.O_RDONLY : constants.O_RDWR | (create ? constants.O_CREAT : 0);
          const fd = openSync(name, mode | ((flags & capi.SQLITE_OPEN_EXCLUSIVE) !== 0 ? constants.O_EXCL : 0), 0o600);
          const isMain = (flags & capi.SQLITE_OPEN_MAIN_DB) !== 0;
          if (isMain) {
            file = registration.codec ? new PageCipherFile(fd, registration.codec, path.basename(name)) : new PlainFile(fd);
            lock = registration.openLock(name);
          } else {
            file = openSideFile(fd, name, flags, registration, capi);
          }
        }
        const journal = (flags & (capi.SQLITE_OPEN_MAIN_JOURNAL | capi.SQLITE_OPEN_SUPER_JOURNAL)) !== 0;
        files.set(pFile, {
          name,
          inode: lock ? currentInode(name) : undefined,
          file,
          lock,
          level: 0,
          syncDirectory: !!name && journal && (flags & capi.SQLITE_OPEN_CREATE) !== 0,
          deleteOnClose: !!name && (flags & capi.SQLITE_OPEN_DELETEONCLOSE) !== 0,
          encryptedMain: file instanceof PageCipherFile,
        });
        const struct = new capi.sqlite3_file(pFile);
        struct.$pMethods = ioMethods.pointer;
        struct.dispose();
        if (pOutFlags) wasm.poke32(pOutFlags, flags);
        return 0;
      } catch (error) {
        return fail(error, capi.SQLITE_CANTOPEN);
      }
    },
    xDelete(_pVfs: number, zName: number, syncDir: number): number {
      const name = wasm.cstrToJs(zName);
      try {
        unlinkSync(name);
        if (syncDir) fsyncPath(path.dirname(name));
        return 0;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return capi.SQLITE_IOERR_DELETE_NOENT;
        return fail(error, capi.SQLITE_IOERR_DELETE);
      }
    },
    xAccess(_pVfs: number, zName: number, _flags: number, pOut: number): number {
      wasm.poke32(pOut, existsSync(wasm.cstrToJs(zName)) ? 1 : 0);
      return 0;
    },
    xFullPathname(_pVfs: number, zName: number, nOut: number, pOut: number): number {
      // The real path (symlinks, `..` resolved), as SQLite's own unix VFS does: an ATTACH through another spelling
      // of a database finds its registration, and journal names derive from the one name (databasePath.ts).
      const full = Buffer.from(`${canonicalDatabasePath(wasm.cstrToJs(zName))}\0`, 'utf8');
      if (full.length > nOut) return capi.SQLITE_CANTOPEN;
      heap(pOut, full.length).set(full);
      return 0;
    },
    xGetLastError(): number {
      return 0;
    },
    /** SQLite's busy handler sleeps here between retries: a real blocking sleep (we are on a worker thread). */
    xSleep(_pVfs: number, microseconds: number): number {
      Atomics.wait(sleeper, 0, 0, Math.max(1, Math.round(microseconds / 1000)));
      return microseconds;
    },
  };
  vfsApi.installVfs({ vfs: { struct: vfs, methods, name: VFS_NAME } });

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
    takeLastError() {
      const error = lastError;
      lastError = undefined;
      return error;
    },
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
function openSideFile(fd: number, name: string, flags: number, registration: DatabaseRegistration, capi: ReturnType<typeof lowLevel>['capi']): VfsFile {
  const { codec, journalKey } = registration;
  if (!codec || !journalKey) return new PlainFile(fd);
  if ((flags & capi.SQLITE_OPEN_MAIN_JOURNAL) === 0) return new BlockCipherFile(fd, journalKey);
  try {
    if ((flags & capi.SQLITE_OPEN_CREATE) === 0 && checkJournalFd(fd, name, codec, journalKey) === 'earlier format') return new BlockCipherFile(fd, journalKey);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return new SqlCipherJournalFile(fd, codec, path.basename(name));
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

/** SQLite's SHARED (1) and RESERVED (2): the levels at which a connection starts to rely on the file it has. */
const SHARED_OR_RESERVED = 2;

function currentInode(file: string): number | undefined {
  try {
    return statSync(file).ino;
  } catch {
    return undefined;
  }
}

