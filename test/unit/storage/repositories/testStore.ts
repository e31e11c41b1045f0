// A fresh, migrated plain database per test with every repository over it, and a clock the test controls.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../../../src/storage/clock';
import { Database } from '../../../../src/storage/database';
import { migrations } from '../../../../src/storage/migrations';
import { migrate } from '../../../../src/storage/migrations/migrate';
import type { Store } from '../../../../src/storage/store';
import { createStore } from '../../../../src/storage/store';

/** Stands still unless told: set() or advance(). */
export class TestClock implements Clock {
  constructor(private time = Date.UTC(2026, 0, 2, 3, 4, 5)) {}
  now(): Date {
    return new Date(this.time);
  }
  set(iso: string): void {
    this.time = Date.parse(iso);
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface TestStore {
  db: Database;
  store: Store;
  clock: TestClock;
  dir: string;
}

/** Registers mocha hooks; call the returned function inside a test for this test's store. */
export function useTestStore(prefix = 'trcaa-repo-'): () => TestStore {
  let current: TestStore | undefined;
  beforeEach(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    const db = await Database.open(path.join(dir, 'test.db'), { key: { kind: 'plain' } });
    migrate(db, migrations);
    const clock = new TestClock();
    current = { db, store: createStore(db, { clock }), clock, dir };
  });
  afterEach(() => {
    // Closed before its folder goes: the database holds lock files there.
    current?.db.close();
    if (current) rmSync(current.dir, { recursive: true, force: true });
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('useTestStore(): the store exists only inside a test');
    return current;
  };
}
