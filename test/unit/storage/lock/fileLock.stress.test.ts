import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LockLevel } from '../../../../src/storage/lock/lockLevel';
import type { StressResult } from './lockChild';
import { deadPid, ownerWith, plantRecords, tempDatabase } from './fixtures';
import { LockPeer } from './lockPeer';

describe('file lock: mutual exclusion under contention', function () {
  this.timeout(40000);
  const processes = 3;
  const iterations = 100;

  it(`lets ${processes} processes × ${iterations} increments of a counter file lose none`, async () => {
    const db = tempDatabase();
    const counter = path.join(path.dirname(db.dbPath), 'counter');
    writeFileSync(counter, '0');
    const peers = Array.from({ length: processes }, () => LockPeer.process());
    try {
      await Promise.all(peers.map((peer) => peer.ready));
      // A crashed writer's records and mutex record are waiting: every process races to break them at once.
      plantRecords(db.folder, ownerWith({ pid: deadPid() }), ['s', 'r', 'p', 'x', 'm']);

      const started = performance.now();
      const results = await Promise.all(
        peers.map((peer) => peer.call<StressResult>({ op: 'stress', path: db.dbPath, counter, iterations, limitMs: 15_000 })),
      );
      const seconds = (performance.now() - started) / 1000;
      const busy = results.reduce((sum, result) => sum + result.busy, 0);
      console.log(`      ${processes * iterations} exclusive sections in ${seconds.toFixed(2)} s, ${busy} busy answers`);

      assert.deepEqual(results.map((result) => result.done), Array(processes).fill(iterations), 'a process gave up (deadlock?)');
      assert.deepEqual(results.map((result) => result.overlaps), Array(processes).fill(0), 'two processes were inside at once');
      assert.equal(Number(readFileSync(counter, 'utf8')), processes * iterations);
      assert.deepEqual(readdirSync(db.folder), [], 'every record is gone, the dead writer\'s too');
    } finally {
      await Promise.all(peers.map((peer) => peer.exit()));
      db.cleanup();
    }
  });

  it('keeps LockLevel values equal to SQLITE_LOCK_*', () => {
    assert.deepEqual([LockLevel.None, LockLevel.Shared, LockLevel.Reserved, LockLevel.Pending, LockLevel.Exclusive], [0, 1, 2, 3, 4]);
  });
});
