// The boundary between SQLite's C VFS and our TypeScript files, in the manner of wa-sqlite's FacadeVFS: every
// WASM pointer, C string and BigInt offset is converted here, once, and each call goes to a plain object (the
// handler for the VFS, a FacadeFile per open file) that never sees WASM memory. No exception escapes a callback: it
// becomes the callback's SQLite error code, and the error is kept — for xGetLastError (its message copied into
// SQLite's buffer, its errno returned) and for the caller (takeLastError), so users see "wrong key", not "disk I/O
// error".
import type { Sqlite3 } from '../sqliteWasm';
import type { LowLevelApi } from './wasmApi';
import { lowLevel } from './wasmApi';

const SQLITE_IOCAP_POWERSAFE_OVERWRITE = 0x1000;

/** One open file as SQLite uses it: bytes at offsets, and SQLite's lock levels (NONE … EXCLUSIVE). */
export interface FacadeFile {
  /** Fills `dest` from `offset`; returns how many bytes exist there (fewer at the end of the file). */
  read(dest: Uint8Array, offset: number): number;
  write(src: Uint8Array, offset: number): void;
  truncate(size: number): void;
  sync(): void;
  size(): number;
  /** false: busy (another connection holds a conflicting lock). */
  lock(level: number): boolean;
  unlock(level: number): void;
  checkReserved(): boolean;
  close(): void;
}

/** What the VFS does with names: SQLite's flags (SQLITE_OPEN_*) are passed as they are. */
export interface FacadeHandler {
  /** `name` is '' for a nameless temporary file. Throws when the file cannot be opened. */
  open(name: string, flags: number): FacadeFile;
  /** Throws a Node error (code ENOENT when there was nothing to delete). */
  delete(name: string, syncDirectory: boolean): void;
  exists(name: string): boolean;
  fullPathname(name: string): string;
}

export interface Facade {
  /** SQLite's constants, for the handler's flag tests. */
  capi: LowLevelApi['capi'];
  /** The error behind the last failed callback, once. */
  takeLastError(): Error | undefined;
}

/** The errno xGetLastError returns: a Node error's (made positive), else 1 — any failure is non-zero. */
function errnoOf(error: Error): number {
  const errno = (error as NodeJS.ErrnoException).errno;
  return typeof errno === 'number' && errno !== 0 ? Math.abs(errno) : 1;
}

/** `text` as UTF-8 in at most `size` bytes with its terminating NUL, cut before a partial character. */
export function cString(text: string, size: number): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  let end = Math.min(bytes.length, size - 1);
  while (end > 0 && end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  const out = new Uint8Array(end + 1);
  out.set(bytes.subarray(0, end));
  return out;
}

/** Registers the VFS `name` with SQLite; each callback converts its arguments and calls the handler or the file. */
export function installFacade(sqlite3: Sqlite3, name: string, handler: FacadeHandler): Facade {
  const { capi, wasm, vfs: vfsApi } = lowLevel(sqlite3);
  const files = new Map<number, FacadeFile>();
  /** The last failure, as xGetLastError reports it (kept until the next one, like errno). */
  let lastError: Error | undefined;
  /** The same failure for the caller, until taken. */
  let untaken: Error | undefined;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));

  // The heap view is fetched afresh in every call: the heap can grow, and an old view is then detached.
  const heap = (pointer: number, n: number) => wasm.heap8u().subarray(pointer, pointer + n);
  const file = (pFile: number) => files.get(pFile) as FacadeFile;
  /** Runs `work`; an exception becomes `code`, and is kept as the last error. */
  const guard = (code: number, work: () => number): number => {
    try {
      return work();
    } catch (error) {
      lastError = untaken = error instanceof Error ? error : new Error(String(error));
      return code;
    }
  };

  const pMethodsOffset = capi.sqlite3_file.structInfo.members.pMethods.offset;
  const ioMethods = new capi.sqlite3_io_methods();
  ioMethods.$iVersion = 1;
  const io = {
    xClose(pFile: number): number {
      const open = files.get(pFile);
      files.delete(pFile);
      return guard(capi.SQLITE_IOERR_CLOSE, () => (open?.close(), 0));
    },
    xRead(pFile: number, pDest: number, n: number, offset: bigint): number {
      return guard(capi.SQLITE_IOERR_READ, () => {
        const dest = heap(pDest, n);
        const got = file(pFile).read(dest, Number(offset));
        if (got >= n) return 0;
        dest.fill(0, got);
        return capi.SQLITE_IOERR_SHORT_READ;
      });
    },
    xWrite(pFile: number, pSrc: number, n: number, offset: bigint): number {
      return guard(capi.SQLITE_IOERR_WRITE, () => (file(pFile).write(heap(pSrc, n), Number(offset)), 0));
    },
    xTruncate(pFile: number, size: bigint): number {
      return guard(capi.SQLITE_IOERR_TRUNCATE, () => (file(pFile).truncate(Number(size)), 0));
    },
    xSync(pFile: number): number {
      return guard(capi.SQLITE_IOERR_FSYNC, () => (file(pFile).sync(), 0));
    },
    xFileSize(pFile: number, pSize: number): number {
      return guard(capi.SQLITE_IOERR_FSTAT, () => (wasm.poke64(pSize, BigInt(file(pFile).size())), 0));
    },
    xLock(pFile: number, level: number): number {
      return guard(capi.SQLITE_IOERR_LOCK, () => (file(pFile).lock(level) ? 0 : capi.SQLITE_BUSY));
    },
    xUnlock(pFile: number, level: number): number {
      return guard(capi.SQLITE_IOERR_UNLOCK, () => (file(pFile).unlock(level), 0));
    },
    xCheckReservedLock(pFile: number, pOut: number): number {
      return guard(capi.SQLITE_IOERR_CHECKRESERVEDLOCK, () => (wasm.poke32(pOut, files.get(pFile)?.checkReserved() ? 1 : 0), 0));
    },
    xFileControl(): number {
      return capi.SQLITE_NOTFOUND;
    },
    xSectorSize(): number {
      return 4096;
    },
    // As SQLite's unix VFS: a write changes no byte outside its range (we write whole pages, and the journal's
    // byte ranges exactly as asked), so the journal header is 512 bytes, as the sqlcipher CLI writes it — one
    // 4 KiB block less to write and sync per commit than with a sector-sized header.
    xDeviceCharacteristics(): number {
      return SQLITE_IOCAP_POWERSAFE_OVERWRITE;
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
      return guard(capi.SQLITE_CANTOPEN, () => {
        files.set(pFile, handler.open(zName ? wasm.cstrToJs(zName) : '', flags));
        // The file's method table, written straight into SQLite's sqlite3_file: a struct wrapper object per open
        // (every journal of every commit) cost more than the write itself.
        wasm.pokePtr(pFile + pMethodsOffset, ioMethods.pointer);
        if (pOutFlags) wasm.poke32(pOutFlags, flags);
        return 0;
      });
    },
    xDelete(_pVfs: number, zName: number, syncDir: number): number {
      const name = wasm.cstrToJs(zName);
      try {
        handler.delete(name, syncDir !== 0);
        return 0;
      } catch (error) {
        // Not a failure to keep: SQLite asks to delete journals that may be gone already.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return capi.SQLITE_IOERR_DELETE_NOENT;
        return guard(capi.SQLITE_IOERR_DELETE, () => {
          throw error;
        });
      }
    },
    xAccess(_pVfs: number, zName: number, _flags: number, pOut: number): number {
      return guard(capi.SQLITE_IOERR_ACCESS, () => (wasm.poke32(pOut, handler.exists(wasm.cstrToJs(zName)) ? 1 : 0), 0));
    },
    xFullPathname(_pVfs: number, zName: number, nOut: number, pOut: number): number {
      return guard(capi.SQLITE_CANTOPEN, () => {
        const full = Buffer.from(`${handler.fullPathname(wasm.cstrToJs(zName))}\0`, 'utf8');
        if (full.length > nOut) throw new Error(`The path is longer than SQLite's ${nOut} bytes.`);
        heap(pOut, full.length).set(full);
        return 0;
      });
    },
    /** The last failure: its message into SQLite's buffer (when one is given), its errno returned; 0 when none. */
    xGetLastError(_pVfs: number, nBuf: number, zBuf: number): number {
      const error = lastError;
      if (zBuf && nBuf > 0) {
        const text = cString(error?.message ?? '', nBuf);
        heap(zBuf, text.length).set(text);
      }
      return error ? errnoOf(error) : 0;
    },
    /** SQLite's busy handler sleeps here between retries: a real blocking sleep (we are on a worker thread). */
    xSleep(_pVfs: number, microseconds: number): number {
      Atomics.wait(sleeper, 0, 0, Math.max(1, Math.round(microseconds / 1000)));
      return microseconds;
    },
  };
  vfsApi.installVfs({ vfs: { struct: vfs, methods, name } });

  return {
    capi,
    takeLastError() {
      const error = untaken;
      untaken = undefined;
      return error;
    },
  };
}
