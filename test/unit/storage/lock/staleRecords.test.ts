import * as assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { openFileLock, type FileLock } from '../../../../src/storage/lock/fileLock';
import { ensureFolder, listRecords } from '../../../../src/storage/lock/lockFolder';
import { LockLevel } from '../../../../src/storage/lock/lockLevel';
import { newToken, parseRecordName, recordName } from '../../../../src/storage/lock/lockRecord';
import { releaseMutex, tryAcquireMutex } from '../../../../src/storage/lock/mutex';
import { isOwnerDead } from '../../../../src/storage/lock/ownerLiveness';
import { currentProcess, encodeHost } from '../../../../src/storage/lock/processInfo';
import { removeRecords } from '../../../../src/storage/lock/staleRecords';
import { deadPid, lockRecords, ownerWith, plantRecords, recordNames, tempDatabase } from './fixtures';

describe('file lock: dead owners and the stale-record race', () => {
  let db: ReturnType<typeof tempDatabase>;
  let handles: FileLock[];
  const open = (options?: { staleAfterMs?: number }): FileLock => {
    const handle = openFileLock(db.dbPath, options);
    handles.push(handle);
    return handle;
  };
  const liveness = { staleAfterMs: Infinity, now: Date.now() };

  beforeEach(() => {
    db = tempDatabase();
    handles = [];
  });
  afterEach(() => {
    for (const handle of handles) handle.close();
    db.cleanup();
  });

  describe('two breakers acting on one stale snapshot', () => {
    it('never remove the fresh level records made after the first one broke it', () => {
      const stale = plantRecords(db.folder, ownerWith({ pid: deadPid() }), ['s', 'r', 'p', 'x']);
      // Both breakers list the folder and judge the same records dead…
      const seenByFirst = listRecords(db.folder);
      const seenBySecond = listRecords(db.folder);
      assert.ok(seenByFirst.every((record) => isOwnerDead(record, liveness)));
      // …the first breaks them, and a live writer takes EXCLUSIVE at once…
      assert.equal(removeRecords(db.folder, seenByFirst), stale.length);
      const writer = open();
      assert.ok(writer.lock(LockLevel.Shared) && writer.lock(LockLevel.Reserved) && writer.lock(LockLevel.Exclusive));
      const fresh = recordNames(db.folder);
      // …then the second, late, breaks what it saw: nothing of the writer's may go.
      assert.equal(removeRecords(db.folder, seenBySecond), 0);
      assert.deepEqual(recordNames(db.folder), fresh);
      assert.equal(open().lock(LockLevel.Shared), false, 'the writer still excludes readers');
    });

    it('never remove a fresh internal mutex taken after the first one broke the dead one', () => {
      const stale = plantRecords(db.folder, ownerWith({ pid: deadPid() }), ['m']);
      const seenBySecond = listRecords(db.folder);
      const options = { staleAfterMs: Infinity, waitMs: 5 };
      // The first breaker is a contender that finds the dead mutex record and takes the mutex.
      const held = tryAcquireMutex(db.folder, ownerWith({}), options);
      assert.ok(held);
      assert.deepEqual(recordNames(db.folder), [held]);
      assert.equal(removeRecords(db.folder, seenBySecond), 0);
      assert.equal(removeRecords(db.folder, stale), 0);
      assert.deepEqual(recordNames(db.folder), [held]);
      assert.equal(tryAcquireMutex(db.folder, ownerWith({}), options), undefined, 'the mutex is still held');
      const handle = open();
      assert.ok(handle.lock(LockLevel.Shared), 'SHARED is claimed without the mutex');
      assert.equal(handle.lock(LockLevel.Reserved), false);
      releaseMutex(db.folder, held);
      assert.ok(handle.lock(LockLevel.Reserved));
    });

    it('remove each stale record once between them', () => {
      const stale = plantRecords(db.folder, ownerWith({ pid: deadPid() }), ['s', 'p', 'm']);
      assert.equal(removeRecords(db.folder, stale) + removeRecords(db.folder, stale), 3);
    });
  });

  describe('through lock()', () => {
    it('breaks a dead process\'s EXCLUSIVE, and only the records in its way', () => {
      plantRecords(db.folder, ownerWith({ pid: deadPid() }), ['s', 'r', 'p', 'x']);
      const deadReader = plantRecords(db.folder, ownerWith({ pid: deadPid() }), ['s']);
      const a = open();
      assert.equal(a.lock(LockLevel.Shared), true);
      assert.deepEqual(recordNames(db.folder).filter((name) => !name.includes(`_${deadReader[0]!.token}_`)).length, 1,
        'the dead writer is gone');
      assert.equal(listRecords(db.folder).filter((record) => record.token === deadReader[0]!.token).length, 1,
        'a dead reader blocks nobody yet, so it stays until a writer needs it gone');
      assert.equal(a.lock(LockLevel.Reserved), true);
      assert.equal(a.lock(LockLevel.Exclusive), true);
      assert.equal(listRecords(db.folder).every((record) => record.token !== deadReader[0]!.token), true);
    });

    it('never breaks a live process\'s records', () => {
      plantRecords(db.folder, ownerWith({ pid: process.ppid, start: currentProcess().start.replace(/-\d+$/, '-0') }), ['s', 'r', 'p', 'x']);
      assert.equal(open().lock(LockLevel.Shared), false);
      assert.equal(lockRecords(db.folder).length, 4);
    });

    it('leaves another host\'s records alone by default, and breaks them after staleAfterMs when asked to', () => {
      const foreign = ownerWith({ host: encodeHost(`not-${hostname()}`), pid: deadPid() });
      plantRecords(db.folder, foreign, ['s', 'r', 'p', 'x'], Date.now() - 60_000);
      assert.equal(open().lock(LockLevel.Shared), false, 'the pid means nothing on another host');
      assert.equal(open({ staleAfterMs: 120_000 }).lock(LockLevel.Shared), false, 'not old enough');
      assert.equal(open({ staleAfterMs: 30_000 }).lock(LockLevel.Shared), true);
      assert.equal(lockRecords(db.folder).length, 1);
    });

    it('ignores files that are not records, and never deletes them', () => {
      const stray = recordName('x', ownerWith({ pid: deadPid() }), Date.now()).replace(/^x_/, 'y_');
      ensureFolder(db.folder);
      writeFileSync(path.join(db.folder, stray), '');
      writeFileSync(path.join(db.folder, 'README'), 'hello');
      const a = open();
      assert.ok(a.lock(LockLevel.Shared) && a.lock(LockLevel.Reserved) && a.lock(LockLevel.Exclusive));
      a.close();
      assert.deepEqual(readdirSync(db.folder).sort(), ['README', stray].sort());
    });
  });

  describe('owner liveness', () => {
    it('parses the record names it makes, and nothing else', () => {
      const owner = ownerWith({});
      const name = recordName('p', owner, 1_700_000_000_000);
      assert.deepEqual(parseRecordName(name), { ...owner, kind: 'p', created: 1_700_000_000_000, name });
      for (const bad of ['README', `q${name.slice(1)}`, `${name}.tmp`, name.replace(owner.token, 'xyz')]) {
        assert.equal(parseRecordName(bad), undefined, bad);
      }
    });

    it('encodes host names without the separator, in lower case, bounded', () => {
      assert.equal(encodeHost('My_Host.local'), 'my%5fhost%2elocal');
      assert.equal(encodeHost('h'.repeat(300)).length, 64);
      assert.equal(encodeHost(''), 'unknown');
    });

    const recordOf = (fields: Parameters<typeof ownerWith>[0], created = Date.now()) =>
      parseRecordName(recordName('s', ownerWith(fields), created))!;

    it('is alive for this process, dead for an exited one', () => {
      assert.equal(isOwnerDead(recordOf({ start: currentProcess().start }), liveness), false);
      assert.equal(isOwnerDead(recordOf({ start: currentProcess().start, threadId: 99 }), liveness), false, 'no thread death across threads');
      assert.equal(isOwnerDead(recordOf({ pid: deadPid() }), liveness), true);
    });

    it('sees through a reused pid and an earlier boot on Linux', function () {
      if (process.platform !== 'linux' || currentProcess().start.startsWith('0-')) this.skip();
      const [boot, ticks] = currentProcess().start.split('-') as [string, string];
      assert.equal(isOwnerDead(recordOf({ start: `${boot}-${ticks}` }), liveness), false);
      assert.equal(isOwnerDead(recordOf({ start: `${boot}-${Number(ticks) + 1}` }), liveness), true, 'same pid, later start: reused');
      const otherBoot = boot === 'deadbeef' ? 'feedface' : 'deadbeef';
      assert.equal(isOwnerDead(recordOf({ pid: process.ppid, start: `${otherBoot}-0` }), liveness), true, 'previous boot');
    });

    it('judges another host only by age, and only when asked to', () => {
      const foreign = recordOf({ host: 'elsewhere', pid: deadPid() }, Date.now() - 10_000);
      assert.equal(isOwnerDead(foreign, liveness), false);
      assert.equal(isOwnerDead(foreign, { staleAfterMs: 60_000, now: Date.now() }), false);
      assert.equal(isOwnerDead(foreign, { staleAfterMs: 5_000, now: Date.now() }), true);
    });

    it('makes unique tokens', () => {
      assert.equal(new Set(Array.from({ length: 1000 }, newToken)).size, 1000);
    });
  });
});
