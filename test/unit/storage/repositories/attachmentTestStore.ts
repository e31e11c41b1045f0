// The attachment and document tests' store: a fresh migrated database per test (plain, or encrypted with a raw
// key when the cost of the cipher matters), every repository over it, a clock the test controls, and issues
// inserted with plain SQL so these tests do not depend on the issues repository.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseKey } from '../../../../src/storage/cipher/databaseKey';
import type { Clock } from '../../../../src/storage/clock';
import { sqlTimestamp } from '../../../../src/storage/clock';
import { Database } from '../../../../src/storage/database';
import { newId } from '../../../../src/storage/ids';
import { migrations } from '../../../../src/storage/migrations';
import { migrate } from '../../../../src/storage/migrations/migrate';
import type { Store, StoreOptions } from '../../../../src/storage/store';
import { createStore } from '../../../../src/storage/store';

export class ManualClock implements Clock {
  constructor(public time = Date.UTC(2026, 0, 2, 3, 4, 5)) {}
  now(): Date {
    return new Date(this.time);
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface AttachmentTestStore {
  db: Database;
  store: Store;
  clock: ManualClock;
  dir: string;
  /** Inserts an issue row with plain SQL; returns its id. */
  addIssue(title?: string): string;
}

/** Registers mocha hooks; call the returned function inside a test for this test's store. */
export function useAttachmentStore(options: { encrypted?: boolean; store?: StoreOptions } = {}): () => AttachmentTestStore {
  let current: AttachmentTestStore | undefined;
  beforeEach(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-attach-'));
    const key: DatabaseKey = options.encrypted ? { kind: 'raw', key: randomBytes(32) } : { kind: 'plain' };
    const db = await Database.open(path.join(dir, 'test.db'), { key });
    migrate(db, migrations);
    const clock = new ManualClock();
    const store = createStore(db, { ...options.store, clock });
    const addIssue = (title = 'Checkout latency spike') => {
      const id = newId();
      const now = sqlTimestamp(clock.now());
      db.exec("INSERT INTO issues(id, title, severity, status, created_at, updated_at) VALUES (?, ?, 'high', 'open', ?, ?)", [id, title, now, now]);
      return id;
    };
    current = { db, store, clock, dir, addIssue };
  });
  afterEach(async () => {
    await current?.store.logFiles.closeAllContent();
    // Closed before its folder goes: the database holds lock files there.
    current?.db.close();
    if (current) rmSync(current.dir, { recursive: true, force: true });
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('useAttachmentStore(): the store exists only inside a test');
    return current;
  };
}

/** Drains an async iterable into one Buffer. */
export async function collect(content: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of content) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Asserts `fn` fails with an error whose code is `code`; returns the error for further checks. */
export async function failsWith(fn: () => unknown, code: string): Promise<Error & { code: string; details: Record<string, unknown> }> {
  try {
    await fn();
  } catch (error) {
    const actual = (error as { code?: unknown }).code;
    if (actual !== code) throw new Error(`expected an error with code ${code}, got ${String(actual)}: ${(error as Error).message}`);
    return error as Error & { code: string; details: Record<string, unknown> };
  }
  throw new Error(`expected an error with code ${code}, but it succeeded`);
}
