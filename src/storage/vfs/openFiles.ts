// A class per kind of file SQLite opens through our VFS (vfsFacade.ts calls them): the database itself (its pages,
// its lock between windows, the identity of the file opened), a file beside it (its rollback journal, a
// super-journal: no lock of its own) and a nameless temporary file (in memory). Each delegates its bytes to the
// VfsFile of its format (PageCipherFile, SqlCipherJournalFile, BlockCipherFile, PlainFile, MemoryFile).
import { statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { StorageError } from '../errors';
import type { FacadeFile } from './vfsFacade';
import type { VfsFile } from './vfsFile';
import { fsyncPath, MemoryFile } from './vfsFile';

/** SQLite's lock levels as its VFS sees them (SQLITE_LOCK_NONE … SQLITE_LOCK_EXCLUSIVE). */
export interface VfsLock {
  lock(level: number): boolean;
  unlock(level: number): void;
  checkReserved(): boolean;
  close(): void;
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

/** Bytes delegated to the file's format. */
abstract class BytesFile implements FacadeFile {
  constructor(readonly file: VfsFile) {}
  read(dest: Uint8Array, offset: number): number {
    return this.file.read(dest, offset);
  }
  write(src: Uint8Array, offset: number): void {
    this.file.write(src, offset);
  }
  truncate(size: number): void {
    this.file.truncate(size);
  }
  sync(): void {
    this.file.sync();
  }
  size(): number {
    return this.file.size();
  }
  lock(_level: number): boolean {
    return true;
  }
  unlock(_level: number): void {}
  checkReserved(): boolean {
    return false;
  }
  close(): void {
    this.file.close();
  }
}

/** A journal that holds written bytes in memory a moment: BlockCipherFile, SqlCipherJournalFile. */
export interface HoldingJournal {
  /** Writes what is held. */
  flush(): void;
  /** Flushes, and forgets what it knew of the file (another connection may write it next). */
  forgetSize(): void;
}

/**
 * The database file: its pages, and the lock other windows and processes see. `journals` are the journals open
 * beside it (BlockCipherFile keeps the block being appended to in memory, SqlCipherJournalFile the record being
 * written): before the database file changes, every journal byte SQLite has written reaches the file, so a killed
 * process loses no journal write it made before a database write, whatever the synchronous setting; at every lock
 * change they are flushed and their sizes read afresh (another connection may write next).
 */
export class DatabaseFile extends BytesFile {
  /** The inode opened: a different one at the same path means another window re-keyed or replaced the file. */
  private readonly inode: number | undefined;
  /** The lock level SQLite believes this file holds. */
  private level = 0;

  constructor(
    readonly name: string,
    pages: VfsFile,
    private readonly fileLock: VfsLock,
    private readonly journals: () => HoldingJournal[],
  ) {
    super(pages);
    this.inode = currentInode(name);
  }

  override write(src: Uint8Array, offset: number): void {
    for (const journal of this.journals()) journal.flush();
    super.write(src, offset);
  }

  override truncate(size: number): void {
    for (const journal of this.journals()) journal.flush();
    super.truncate(size);
  }

  override lock(level: number): boolean {
    for (const journal of this.journals()) journal.forgetSize();
    if (!this.fileLock.lock(level)) return false;
    if (level <= SHARED_OR_RESERVED && this.inode !== currentInode(this.name)) {
      this.fileLock.unlock(Math.min(this.level, 1)); // back to what SQLite believes it holds
      throw new StorageError('REPLACED', `${path.basename(this.name)} was re-keyed or replaced by another window or process: reopen the database (reload the window).`, { file: this.name });
    }
    this.level = level;
    return true;
  }

  override unlock(level: number): void {
    for (const journal of this.journals()) journal.forgetSize();
    this.fileLock.unlock(level);
    this.level = level;
  }

  override checkReserved(): boolean {
    return this.fileLock.checkReserved();
  }

  override close(): void {
    this.fileLock.close();
    super.close();
  }
}

/**
 * A file beside a database: its rollback journal or a super-journal. A journal this VFS created has its directory
 * entry made durable at its first sync (as SQLite's unix VFS does). Listed in `openFiles` (when given) while open.
 */
export class SideFile extends BytesFile {
  private syncDirectory: boolean;
  private readonly deleteOnClose: boolean;
  private readonly openFiles: Set<SideFile> | undefined;

  constructor(
    readonly name: string,
    file: VfsFile,
    options: { syncDirectory: boolean; deleteOnClose: boolean; openFiles?: Set<SideFile> },
  ) {
    super(file);
    this.syncDirectory = options.syncDirectory;
    this.deleteOnClose = options.deleteOnClose;
    this.openFiles = options.openFiles;
    this.openFiles?.add(this);
  }

  override sync(): void {
    super.sync();
    if (this.syncDirectory) {
      fsyncPath(path.dirname(this.name));
      this.syncDirectory = false;
    }
  }

  override close(): void {
    this.openFiles?.delete(this);
    super.close();
    if (this.deleteOnClose) unlinkSync(this.name);
  }
}

/** A nameless temporary file SQLite asks for: it lives in memory and never reaches the disk. */
export class TempFile extends BytesFile {
  constructor() {
    super(new MemoryFile());
  }
}
