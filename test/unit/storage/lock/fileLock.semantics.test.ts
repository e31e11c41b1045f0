import * as assert from 'node:assert/strict';
import { readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { openFileLock, type FileLock, type FileLockOptions } from '../../../../src/storage/lock/fileLock';
import { listRecords } from '../../../../src/storage/lock/lockFolder';
import { LockLevel } from '../../../../src/storage/lock/lockLevel';
import { lockRecords, recordNames, tempDatabase } from './fixtures';

// Several handles in one process and thread meet by the same rules as handles in different processes.
describe('file lock: SQLite semantics between handles of one process', () => {
  let db: ReturnType<typeof tempDatabase>;
  let handles: FileLock[];
  const open = (options?: FileLockOptions): FileLock => {
    const handle = openFileLock(db.dbPath, options);
    handles.push(handle);
    return handle;
  };

  beforeEach(() => {
    db = tempDatabase();
    handles = [];
  });
  afterEach(() => {
    for (const handle of handles) handle.close();
    // Clean shutdown leaves no records behind.
    assert.deepEqual(readdirSync(db.folder), []);
    db.cleanup();
  });

  it('grants SHARED to many handles at once', () => {
    const [a, b, c] = [open(), open(), open()];
    assert.equal(a.lock(LockLevel.Shared), true);
    assert.equal(b.lock(LockLevel.Shared), true);
    assert.equal(c.lock(LockLevel.Shared), true);
    assert.equal(a.level, LockLevel.Shared);
    assert.equal(listRecords(db.folder).length, 3);
  });

  it('treats a request at or below the held level as already granted', () => {
    const a = open();
    assert.equal(a.lock(LockLevel.Shared), true);
    assert.equal(a.lock(LockLevel.Shared), true);
    assert.equal(a.lock(LockLevel.None), true);
    assert.equal(a.level, LockLevel.Shared);
  });

  it('lets one RESERVED coexist with readers, and excludes a second RESERVED', () => {
    const [a, b, c] = [open(), open(), open()];
    assert.ok(a.lock(LockLevel.Shared) && b.lock(LockLevel.Shared));
    assert.equal(a.lock(LockLevel.Reserved), true);
    assert.equal(b.lock(LockLevel.Reserved), false);
    assert.equal(b.level, LockLevel.Shared, 'a refused raise keeps the level held before');
    assert.equal(c.lock(LockLevel.Shared), true, 'new readers may still start under RESERVED');
    a.unlock(LockLevel.Shared);
    assert.equal(b.lock(LockLevel.Reserved), true);
  });

  it('keeps PENDING when EXCLUSIVE is busy: new readers are refused, old ones drain, then the writer wins', () => {
    const [writer, reader, late] = [open(), open(), open()];
    assert.ok(writer.lock(LockLevel.Shared) && reader.lock(LockLevel.Shared));
    assert.equal(writer.lock(LockLevel.Reserved), true);
    assert.equal(writer.lock(LockLevel.Exclusive), false, 'a reader still holds SHARED');
    assert.equal(writer.level, LockLevel.Pending);
    assert.equal(late.lock(LockLevel.Shared), false, 'PENDING blocks new SHARED locks');
    assert.equal(late.level, LockLevel.None);
    assert.equal(reader.lock(LockLevel.Reserved), false);
    reader.unlock(LockLevel.None);
    assert.equal(writer.lock(LockLevel.Exclusive), true);
    assert.equal(writer.level, LockLevel.Exclusive);
    assert.equal(late.lock(LockLevel.Shared), false, 'EXCLUSIVE blocks SHARED');
    writer.unlock(LockLevel.Shared);
    assert.equal(late.lock(LockLevel.Shared), true, 'back to SHARED, readers are welcome again');
  });

  it('goes from SHARED straight to EXCLUSIVE (hot journal rollback) only when alone', () => {
    const [a, b] = [open(), open()];
    assert.ok(a.lock(LockLevel.Shared) && b.lock(LockLevel.Shared));
    assert.equal(a.lock(LockLevel.Exclusive), false);
    assert.equal(a.level, LockLevel.Pending);
    assert.equal(b.lock(LockLevel.Exclusive), false, 'only one PENDING at a time');
    assert.equal(b.level, LockLevel.Shared);
    b.unlock(LockLevel.None);
    assert.equal(a.lock(LockLevel.Exclusive), true);
  });

  it('refuses RESERVED while another handle holds PENDING', () => {
    const [a, b] = [open(), open()];
    assert.ok(a.lock(LockLevel.Shared) && b.lock(LockLevel.Shared));
    assert.equal(a.lock(LockLevel.Exclusive), false);
    assert.equal(b.lock(LockLevel.Reserved), false);
  });

  it('answers checkReserved for every handle, including the holder itself', () => {
    const [a, b] = [open(), open()];
    assert.equal(a.checkReserved(), false);
    assert.ok(a.lock(LockLevel.Shared) && b.lock(LockLevel.Shared));
    assert.equal(b.checkReserved(), false);
    assert.equal(a.lock(LockLevel.Reserved), true);
    assert.equal(a.checkReserved(), true);
    assert.equal(b.checkReserved(), true);
    assert.equal(a.lock(LockLevel.Exclusive), false);
    assert.equal(b.checkReserved(), true, 'PENDING counts');
    b.unlock(LockLevel.None);
    assert.equal(a.lock(LockLevel.Exclusive), true);
    assert.equal(b.checkReserved(), true, 'EXCLUSIVE counts');
    a.unlock(LockLevel.Shared);
    assert.equal(b.checkReserved(), false);
  });

  it('unlocks to SHARED and to NONE, releasing exactly the higher levels', () => {
    const [a, b] = [open({ holdOn: false }), open()];
    assert.ok(a.lock(LockLevel.Shared) && a.lock(LockLevel.Reserved) && a.lock(LockLevel.Exclusive));
    assert.deepEqual(listRecords(db.folder).map((record) => record.kind).sort(), ['p', 'r', 's'], 'SHARED, RESERVED and PENDING records (which stands for EXCLUSIVE too)');
    assert.equal(b.lock(LockLevel.Shared), false, 'no reader while a holds EXCLUSIVE');
    a.unlock(LockLevel.Shared);
    assert.equal(a.level, LockLevel.Shared);
    assert.deepEqual(lockRecords(db.folder).map((record) => record.kind), ['s'], 'and b asks for SHARED (w)');
    assert.equal(b.lock(LockLevel.Shared), true);
    assert.equal(b.lock(LockLevel.Reserved), true);
    a.unlock(LockLevel.None);
    assert.equal(a.level, LockLevel.None);
    assert.equal(b.lock(LockLevel.Exclusive), true);
    a.unlock(LockLevel.Shared);
    assert.equal(a.level, LockLevel.None, 'unlock never raises');
  });

  it('releases everything on close, and refuses to lock afterwards', () => {
    const [a, b] = [open(), open()];
    assert.ok(a.lock(LockLevel.Shared) && a.lock(LockLevel.Reserved) && a.lock(LockLevel.Exclusive));
    assert.equal(b.lock(LockLevel.Shared), false);
    a.close();
    a.close();
    assert.equal(a.level, LockLevel.None);
    assert.throws(() => a.lock(LockLevel.Shared), /closed/);
    assert.equal(b.lock(LockLevel.Shared), true);
    assert.equal(b.lock(LockLevel.Reserved), true);
    assert.equal(b.lock(LockLevel.Exclusive), true);
  });

  describe('holding on between transactions', () => {
    /** One write transaction as SQLite locks it. */
    const transaction = (handle: FileLock) => {
      assert.ok(handle.lock(LockLevel.Shared) && handle.lock(LockLevel.Reserved) && handle.lock(LockLevel.Exclusive));
      handle.unlock(LockLevel.Shared);
      handle.unlock(LockLevel.None);
    };
    const kinds = () => lockRecords(db.folder).map((record) => record.kind).sort();

    it('keeps its records through a burst of transactions, touching nothing, and lets go when the task ends', async () => {
      const a = open();
      transaction(a);
      assert.equal(a.level, LockLevel.None, 'SQLite holds nothing…');
      assert.deepEqual(kinds(), ['p', 'r', 's'], '…while the records still exclude everyone else');
      const held = recordNames(db.folder);
      for (let i = 0; i < 50; i++) transaction(a);
      assert.deepEqual(recordNames(db.folder), held, 'the very same records: no file was made or removed');
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(readdirSync(db.folder), [], 'gone once the task ended');
      transaction(a);
      assert.deepEqual(kinds(), ['p', 'r', 's'], 'and taken again by the next burst');
    });

    it('holds on to SHARED after a read, and never to a lone RESERVED or PENDING', () => {
      const [a, b] = [open(), open()];
      assert.ok(a.lock(LockLevel.Shared));
      a.unlock(LockLevel.None);
      assert.deepEqual(kinds(), ['s']);
      assert.ok(a.lock(LockLevel.Shared) && a.lock(LockLevel.Reserved));
      a.unlock(LockLevel.None);
      assert.deepEqual(kinds(), ['s'], 'a RESERVED nobody uses is not kept');
      assert.ok(b.lock(LockLevel.Shared), 'b (same thread) takes SHARED: a let go at once');
      assert.deepEqual(kinds(), ['s']);
      assert.ok(a.lock(LockLevel.Shared) && a.lock(LockLevel.Reserved));
      assert.equal(a.lock(LockLevel.Exclusive), false, 'b reads');
      a.unlock(LockLevel.None);
      assert.deepEqual(kinds(), ['s', 's'], "b's SHARED and a's, held on: a's PENDING is not kept");
    });

    it('lets go at once for another handle of the same thread', () => {
      const [a, b] = [open(), open()];
      transaction(a);
      assert.equal(b.checkReserved(), false, 'nobody writes');
      assert.ok(b.lock(LockLevel.Shared) && b.lock(LockLevel.Reserved) && b.lock(LockLevel.Exclusive));
      assert.equal(a.lock(LockLevel.Shared), false, 'b holds EXCLUSIVE');
    });

    it('with holdOn: false, lets go at every unlock', () => {
      const a = open({ holdOn: false });
      transaction(a);
      assert.deepEqual(readdirSync(db.folder), []);
    });
  });

  it('rejects the raises SQLite never makes', () => {
    const a = open();
    assert.throws(() => a.lock(LockLevel.Reserved), RangeError);
    assert.throws(() => a.lock(LockLevel.Exclusive), RangeError);
    assert.equal(a.level, LockLevel.None);
  });

  it('recreates the lock folder when someone deleted it', () => {
    const a = open();
    rmSync(db.folder, { recursive: true });
    assert.equal(a.lock(LockLevel.Shared), true);
    assert.equal(listRecords(db.folder).length, 1);
  });

  it('uses one lock folder for two spellings of the same path (through a symlink)', function () {
    if (process.platform === 'win32') this.skip();
    const link = `${path.dirname(db.dbPath)}-link`;
    symlinkSync(path.dirname(db.dbPath), link);
    after(() => rmSync(link));
    const a = open();
    const b = openFileLock(path.join(link, 'tftsr.db'));
    handles.push(b);
    assert.ok(a.lock(LockLevel.Shared) && a.lock(LockLevel.Reserved));
    assert.ok(b.lock(LockLevel.Shared));
    assert.equal(b.lock(LockLevel.Reserved), false);
  });
});
