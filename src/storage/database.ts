// One connection to a TRCAA database file through our VFS: plain or SQLCipher 4, foreign keys on, temp data in
// memory, busy waits bounded. Synchronous by design — it runs on the database worker thread (or in-process in the
// CLI and tests); the extension's main thread talks to it through the engine API.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseKey } from './cipher/databaseKey';
import type { CipherPageSize, CipherSetup } from './cipher/fileFormat';
import { inspectFile, setupNew, unlockExisting } from './cipher/fileFormat';
import { StorageError } from './errors';
import type { Sqlite3 } from './sqliteWasm';
import { loadSqlite } from './sqliteWasm';
import type { CipherVfs, VfsLock } from './vfs/cipherVfs';
import { installCipherVfs, VFS_NAME } from './vfs/cipherVfs';
import { RESERVE_SIZE } from './cipher/sqlcipherCodec';
import { openFileLock } from './lock/fileLock';
import { createDatabaseFile } from './createDatabaseFile';
import { assertOneName, canonicalDatabasePath } from './databasePath';
import { hasLeftovers, removeAbandonedLeftovers } from './removeLeftovers';
import { ChangeRecorder } from './changeRecorder';
import type { StoreChange } from './changes';

export type SqlValue = string | number | bigint | Uint8Array | null;
export type BindParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;
export type Row = Record<string, SqlValue>;

export interface OpenOptions {
  key: DatabaseKey;
  /** Create the file when it does not exist (default true). An existing file is never re-created. */
  create?: boolean;
  readOnly?: boolean;
  /** Cipher page size of a new encrypted database (default 4096); existing files are detected. */
  cipherPageSize?: CipherPageSize;
  /** How long to wait for another process's lock before giving up with BUSY (default 10 s). */
  busyTimeoutMs?: number;
  /** Cross-process locking; tests may substitute their own. */
  openLock?: (databasePath: string) => VfsLock;
}

type OoDb = InstanceType<Sqlite3['oo1']['DB']>;

/** Locks through lock files next to the database: other processes (VS Code windows) and threads see them. */
const defaultLock = (databasePath: string): VfsLock => openFileLock(databasePath);

export class Database {
  private closed = false;
  private busyTimeoutMs = 10_000;
  /** What this connection's committed writes changed, for the engine to report (changeRecorder.ts). */
  private readonly recorder = new ChangeRecorder();

  private constructor(
    private readonly sqlite3: Sqlite3,
    private readonly vfs: CipherVfs,
    private readonly db: OoDb,
    readonly file: string,
    readonly encrypted: boolean,
    readonly cipherPageSize: number | undefined,
  ) {}

  static async open(file: string, options: OpenOptions): Promise<Database> {
    return Database.openWith(await loadSqlite(), file, options);
  }

  /**
   * Opens `file` under its real path (symlinks and `..` resolved: the journal and the lock folder are named after
   * it, so every path to one file meets the same ones). A missing file is created when `create` allows; an empty
   * one never is (see createDatabaseFile.ts).
   */
  static openWith(sqlite3: Sqlite3, file: string, options: OpenOptions): Database {
    const full = canonicalDatabasePath(file);
    assertUsableKey(options.key, full);
    let state = inspectFile(full);
    if (state.kind === 'missing') {
      if (!(options.create ?? true)) throw new StorageError('IO', `${full} does not exist.`, { file: full });
      if (!existsSync(path.dirname(full))) throw new StorageError('IO', `The folder of ${full} does not exist.`, { file: full });
      const setup = options.key.kind === 'plain' ? undefined : setupNew(options.key, options.cipherPageSize ?? 4096);
      if (createDatabaseFile(full, (temp) => Database.openFile(sqlite3, temp, setup, true, options).close())) {
        return Database.openFile(sqlite3, full, setup, false, options);
      }
      state = inspectFile(full); // another process created it first: open theirs like any existing file
      if (state.kind === 'missing') throw new StorageError('IO', `${full} cannot be created (is it a symbolic link to a file that does not exist?).`, { file: full });
    }
    if (state.kind === 'empty') {
      throw new StorageError('NOT_A_DATABASE', `${full} is empty (0 bytes), so it is not a database. TRCAA never leaves an empty file when it creates one, so this file is damaged or was made by something else: move it aside (or delete it) to start a new database.`, { file: full });
    }
    assertOneName(full);
    let setup: CipherSetup | undefined;
    if (options.key.kind === 'plain') {
      if (state.kind === 'encrypted') {
        throw new StorageError('ENCRYPTED_DATABASE', `${full} is encrypted (or not an SQLite database): a key is needed to open it.`, { file: full });
      }
    } else if (state.kind === 'plain') {
      throw new StorageError('PLAIN_DATABASE', `${full} is a plain (unencrypted) SQLite database, but it was opened with a key.`, { file: full });
    } else {
      setup = unlockExisting(full, state, options.key, options.cipherPageSize);
    }
    const database = Database.openFile(sqlite3, full, setup, false, options);
    if (!options.readOnly) database.removeLeftovers();
    return database;
  }

  /** One connection through our VFS; `isNew`: the file is empty and gets its page size, reserve and page 1 now. */
  private static openFile(sqlite3: Sqlite3, full: string, setup: CipherSetup | undefined, isNew: boolean, options: OpenOptions): Database {
    const vfs = installCipherVfs(sqlite3);
    vfs.registerDatabase(full, {
      codec: setup?.codec ?? null,
      journalKey: setup?.journalKey ?? null,
      openLock: options.openLock ?? defaultLock,
    });
    let db: OoDb;
    try {
      db = new sqlite3.oo1.DB({ filename: full, flags: options.readOnly ? 'r' : 'c', vfs: VFS_NAME });
    } catch (error) {
      vfs.unregisterDatabase(full);
      throw toStorageError(error, vfs, full);
    }
    const database = new Database(sqlite3, vfs, db, full, !!setup, setup?.codec.pageSize);
    try {
      database.configure(isNew, options.busyTimeoutMs ?? 10_000);
    } catch (error) {
      database.close();
      throw error;
    }
    return database;
  }

  /**
   * Removes what a killed re-key or creation left beside this file (removeLeftovers.ts decides what is provably
   * abandoned). Never fails the open: leftovers not removed now are removed by a later one.
   */
  private removeLeftovers(): void {
    if (!hasLeftovers(this.file)) return;
    const pointer = this.db.pointer as number;
    // A re-key in progress holds RESERVED on this file until its new file is in place: a write lock we can take
    // at once proves no live re-key owns the leftovers. Busy: not now, and no waiting for it either.
    this.sqlite3.capi.sqlite3_busy_timeout(pointer, 0);
    try {
      this.exec('BEGIN IMMEDIATE');
    } catch {
      this.sqlite3.capi.sqlite3_busy_timeout(pointer, this.busyTimeoutMs);
      return;
    }
    try {
      removeAbandonedLeftovers(this.file);
    } catch {
      // a leftover we cannot remove (permissions): the open still succeeds
    } finally {
      try {
        this.exec('ROLLBACK');
      } finally {
        this.sqlite3.capi.sqlite3_busy_timeout(pointer, this.busyTimeoutMs);
      }
    }
  }

  private configure(isNew: boolean, busyTimeoutMs: number): void {
    const { capi, wasm } = this.sqlite3;
    this.busyTimeoutMs = busyTimeoutMs;
    capi.sqlite3_busy_timeout(this.db.pointer as number, busyTimeoutMs);
    if (isNew) {
      this.exec(`PRAGMA page_size = ${this.cipherPageSize ?? 4096}`);
      if (this.encrypted) {
        // SQLCipher keeps IV and HMAC in 80 reserved bytes at the end of every page: set before the first write.
        const stack = wasm.pstack.pointer;
        try {
          const pReserve = wasm.pstack.alloc(4);
          wasm.poke32(pReserve, RESERVE_SIZE);
          const rc = capi.sqlite3_file_control(this.db.pointer as number, 'main', capi.SQLITE_FCNTL_RESERVE_BYTES, pReserve);
          if (rc !== 0) throw new StorageError('IO', `Could not reserve ${RESERVE_SIZE} bytes per page (SQLite error ${rc}).`);
        } finally {
          wasm.pstack.restore(stack);
        }
      }
    }
    this.exec('PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;');
    // Reading the schema proves the key (and the file) before anyone relies on this connection.
    this.query('SELECT count(*) AS n FROM sqlite_schema');
    const journal = this.query('PRAGMA journal_mode')[0]?.journal_mode;
    if (journal === 'wal') throw new StorageError('IO', `${this.file} uses WAL journaling, which TRCAA does not support: convert it with "PRAGMA journal_mode=DELETE" in sqlcipher first.`);
    if (isNew) this.exec('PRAGMA user_version = 0'); // writes page 1 now, so the file carries its salt and format
  }

  /** Runs one or more statements; parameters bind to the first. */
  exec(sql: string, params?: BindParams): void {
    if (params === undefined) {
      // Without parameters, SQLite's own sqlite3_exec prepares, steps and finalizes each statement in C: none of
      // the oo1 wrapper's per-statement JS objects (a quarter of the CPU time of a small INSERT). Same errors.
      this.run(() => {
        const rc = this.sqlite3.capi.sqlite3_exec(this.db.pointer as number, sql, 0, 0, 0);
        if (rc !== 0) this.sqlite3.oo1.DB.checkRc(this.db, rc);
      });
      return;
    }
    this.run(() => this.db.exec({ sql, bind: params as never }));
  }

  query<T extends object = Row>(sql: string, params?: BindParams): T[] {
    return this.run(() => this.db.exec({ sql, bind: params as never, rowMode: 'object', returnValue: 'resultRows' }) as unknown as T[]);
  }

  get<T extends object = Row>(sql: string, params?: BindParams): T | undefined {
    return this.query<T>(sql, params)[0];
  }

  /** Splits SQL text into complete statements (SQLite's own sqlite3_complete decides where one ends). */
  splitStatements(sql: string): string[] {
    const statements: string[] = [];
    let start = 0;
    for (let i = sql.indexOf(';'); i !== -1; i = sql.indexOf(';', i + 1)) {
      const candidate = sql.slice(start, i + 1);
      if (this.sqlite3.capi.sqlite3_complete(candidate)) {
        if (candidate.replace(/;/g, '').trim()) statements.push(candidate.trim());
        start = i + 1;
      }
    }
    const rest = sql.slice(start).trim();
    if (rest) statements.push(rest);
    return statements;
  }

  /** Rows changed by the last INSERT, UPDATE or DELETE. */
  changes(): number {
    return this.db.changes() as number;
  }

  get inTransaction(): boolean {
    return this.sqlite3.capi.sqlite3_get_autocommit(this.db.pointer as number) === 0;
  }

  /** Notes what a write changed (repositories call it right after writing); it counts once the transaction commits. */
  recordChange(change: StoreChange): void {
    this.recorder.record(change);
  }

  /** The committed changes since the last call (see changeRecorder.ts). */
  takeChanges(): StoreChange[] {
    return this.recorder.take();
  }

  /**
   * A number that changes whenever another connection (another window, process or thread) commits to this file;
   * our own writes leave it alone. Cheap: SQLite compares the file's change counter, no table is read.
   */
  dataVersion(): number {
    return Number(this.get<{ data_version: number }>('PRAGMA data_version')?.data_version ?? 0);
  }

  /**
   * Runs `work` in a transaction (a savepoint when nested); commits on return, rolls back on throw. IMMEDIATE
   * takes the write lock up front (no deadlock between two writers); DEFERRED takes locks as statements need
   * them — needed when an attached database is only read while another connection writes it.
   */
  transaction<T>(work: () => T, mode: 'immediate' | 'deferred' = 'immediate'): T {
    const nested = this.inTransaction;
    this.exec(nested ? 'SAVEPOINT trcaa_nested' : mode === 'immediate' ? 'BEGIN IMMEDIATE' : 'BEGIN DEFERRED');
    this.recorder.begin();
    try {
      const result = work();
      this.exec(nested ? 'RELEASE trcaa_nested' : 'COMMIT');
      this.recorder.commit();
      return result;
    } catch (error) {
      this.recorder.rollback();
      if (this.inTransaction) this.exec(nested ? 'ROLLBACK TO trcaa_nested; RELEASE trcaa_nested' : 'ROLLBACK');
      throw error;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.close();
    } finally {
      this.vfs.unregisterDatabase(this.file);
    }
  }

  private run<T>(work: () => T): T {
    if (this.closed) throw new StorageError('IO', `The database ${this.file} is closed.`);
    try {
      return work();
    } catch (error) {
      throw toStorageError(error, this.vfs, this.file);
    }
  }
}

/** A key SQLCipher could not use either is refused before any file is read or created. */
function assertUsableKey(key: DatabaseKey, file: string): void {
  // SQLCipher reads an empty key as "no encryption": a database keyed by '' could never be opened by its CLI.
  if (key.kind === 'passphrase' && key.passphrase.length === 0) {
    throw new StorageError('MISSING_KEY', `No passphrase was given for ${file}: enter the database passphrase or its recovery key.`, { file });
  }
  if (key.kind === 'raw' && key.key.length !== 32) {
    throw new StorageError('BAD_KEY_FORMAT', `A raw key must be 32 bytes (256 bits); this one has ${key.key.length}.`, { file });
  }
}

/** SQLite's SQLITE_IOERR_DELETE_NOENT: a journal it made vanished before it deleted it. */
const IOERR_DELETE_NOENT = 5898;

/** The VFS's own error (wrong key, damaged page, …) beats SQLite's generic "disk I/O error". */
function toStorageError(error: unknown, vfs: CipherVfs, file: string): Error {
  const behind = vfs.takeLastError();
  const extended = (error as { resultCode?: number }).resultCode;
  if (extended === IOERR_DELETE_NOENT || (error instanceof Error && error.message.includes('SQLITE_IOERR_DELETE_NOENT'))) {
    // Only another program removes our journal: one that does not see TRCAA's lock files (they are not the
    // fcntl locks other SQLite programs use), e.g. the sqlcipher CLI or DB Browser writing the same file.
    return new StorageError('IN_USE', `${path.basename(file)} is in use by another program (its journal was removed under TRCAA): close the other program (sqlcipher, DB Browser, …) and try again. TRCAA's locks are lock files other SQLite programs do not see, so they must not write the file at the same time.`, { file, sqliteCode: extended });
  }
  if (behind instanceof StorageError) return behind;
  if (error instanceof StorageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const sqliteCode = (error as { resultCode?: number }).resultCode;
  const primary = sqliteCode === undefined ? undefined : sqliteCode & 0xff;
  if (primary === 5 || primary === 6) {
    return new StorageError('BUSY', `${path.basename(file)} is busy: another window or process holds it. Try again in a moment.`, { file, sqliteCode });
  }
  if (primary === 11 || primary === 26) {
    return new StorageError('NOT_A_DATABASE', `${file} is damaged or not a database (${message}).`, { file, sqliteCode });
  }
  if (behind) return new StorageError('IO', `${message}: ${behind.message}`, { file, sqliteCode });
  return new StorageError('SQL', message, { file, sqliteCode });
}
