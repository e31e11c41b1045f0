// xGetLastError reports the real error behind a failed VFS call: SQLite gets the errno, and a caller that gives a
// buffer gets the message — not SQLite's generic "unable to open database file".
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { loadSqlite, type Sqlite3 } from '../../../../src/storage/sqliteWasm';
import { installCipherVfs, VFS_NAME } from '../../../../src/storage/vfs/cipherVfs';
import { useTempDir } from '../testFiles';

interface Wasm {
  capi: { sqlite3_vfs_find(name: string): number; sqlite3_vfs: new (pointer: number) => { $xGetLastError: number; dispose(): void } };
  wasm: { functionEntry(pointer: number): (pVfs: number, nBuf: number, zBuf: number) => number; alloc(n: number): number; dealloc(p: number): void; cstrToJs(p: number): string };
  oo1: { DB: new (options: { filename: string; flags: string; vfs: string }) => { close(): void } };
}

/** Calls our VFS's xGetLastError as SQLite would, with a buffer of `size` bytes: its errno and the text written. */
function lastError(sqlite3: Sqlite3, size = 512): { errno: number; text: string } {
  const { capi, wasm } = sqlite3 as unknown as Wasm;
  const pVfs = capi.sqlite3_vfs_find(VFS_NAME);
  const vfs = new capi.sqlite3_vfs(pVfs);
  const buffer = wasm.alloc(size);
  try {
    const errno = wasm.functionEntry(vfs.$xGetLastError)(pVfs, size, buffer);
    return { errno, text: wasm.cstrToJs(buffer) };
  } finally {
    wasm.dealloc(buffer);
    vfs.dispose();
  }
}

describe('the VFS reports its last error (xGetLastError)', function () {
  this.timeout(60_000);
  const dir = useTempDir('trcaa-vfs-last-error-');
  let sqlite3: Sqlite3;
  const noLock = { lock: () => true, unlock: () => undefined, checkReserved: () => false, close: () => undefined };

  before(async () => {
    sqlite3 = await loadSqlite();
  });

  it('an open refused by the VFS: its message and a non-zero errno, while SQLite itself only says it cannot open', () => {
    installCipherVfs(sqlite3);
    const { oo1 } = sqlite3 as unknown as Wasm;
    // Not registered through Database: the VFS refuses it (an ATTACH of another file takes the same path).
    assert.throws(() => new oo1.DB({ filename: path.join(dir(), 'stranger.db'), flags: 'c', vfs: VFS_NAME }), /unable to open database file/);
    const reported = lastError(sqlite3);
    assert.notEqual(reported.errno, 0);
    assert.match(reported.text, /stranger\.db is not the open database: ATTACH of another file and VACUUM INTO are not supported/);
  });

  it('a file-system failure: the errno and message of node:fs (ENOENT for a missing folder)', () => {
    const vfs = installCipherVfs(sqlite3);
    const file = path.join(dir(), 'missing-folder', 'lost.db');
    vfs.registerDatabase(file, { codec: null, journalKey: null, openLock: () => noLock });
    try {
      const { oo1 } = sqlite3 as unknown as Wasm;
      assert.throws(() => new oo1.DB({ filename: file, flags: 'c', vfs: VFS_NAME }));
      const reported = lastError(sqlite3);
      assert.equal(reported.errno, 2, 'ENOENT');
      assert.match(reported.text, /^ENOENT: no such file or directory, open '.*lost\.db'/);
      // A short buffer gets the start of the message, NUL-terminated.
      assert.equal(lastError(sqlite3, 7).text, 'ENOENT');
      // The caller still gets the error object, once.
      assert.match(vfs.takeLastError()?.message ?? '', /ENOENT/);
      assert.equal(vfs.takeLastError(), undefined);
    } finally {
      vfs.unregisterDatabase(file);
    }
  });
});
