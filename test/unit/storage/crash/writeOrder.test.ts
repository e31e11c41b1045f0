// Power-loss ordering, which SIGKILL trials cannot see: a killed process loses no write it made, a power cut can
// lose or tear any write not yet fsynced. A rollback journal is safe only if every journal byte SQLite relies on is
// durable before the database file changes. So: a journal write that rewrites bytes already fsynced (SQLite's own
// header updates) must itself be fsynced before the next write to the database file. Our encrypted journal writes
// exactly the byte ranges SQLite asks for (SQLCipher's layout: same sizes, same offsets), so it must keep the rule.
// The test records the VFS's file-system calls (node:fs, patched in-process) and checks that rule.
import * as assert from 'node:assert/strict';
import type * as NodeFs from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DatabaseKey } from '../../../../src/storage/cipher/databaseKey';
import { Database } from '../../../../src/storage/database';
import { useTempDir } from '../testFiles';

type FsModule = typeof NodeFs;
// The module object itself (not an ES-module view of it): the bundled VFS calls through its properties.
const fs = createRequire(__filename)('node:fs') as FsModule;

type FsEvent = { kind: 'write'; file: string; start: number; end: number } | { kind: 'sync' | 'unlink'; file: string } | { kind: 'truncate'; file: string; size: number };

/** Records writes, fsyncs, truncations and unlinks by file while installed. */
class FsRecorder {
  readonly events: FsEvent[] = [];
  private readonly files = new Map<number, string>();
  private readonly saved: Partial<FsModule> = {};

  install(): void {
    const patch = <K extends 'openSync' | 'closeSync' | 'writeSync' | 'fsyncSync' | 'fdatasyncSync' | 'unlinkSync' | 'ftruncateSync'>(name: K, wrap: (original: FsModule[K]) => FsModule[K]) => {
      const original = fs[name];
      (this.saved as Record<string, unknown>)[name] = original;
      (fs as unknown as Record<string, unknown>)[name] = wrap(original.bind(fs) as FsModule[K]);
    };
    patch('openSync', (original) => ((file: string, ...rest: never[]) => {
      const fd = (original as (...args: unknown[]) => number)(file, ...rest);
      this.files.set(fd, path.resolve(String(file)));
      return fd;
    }) as FsModule['openSync']);
    patch('closeSync', (original) => ((fd: number) => {
      this.files.delete(fd);
      original(fd);
    }) as FsModule['closeSync']);
    patch('writeSync', (original) => ((fd: number, buffer: never, offset?: never, length?: never, position?: never) => {
      const n = (original as (...args: unknown[]) => number)(fd, buffer, offset, length, position);
      const file = this.files.get(fd);
      if (file && typeof position === 'number') this.events.push({ kind: 'write', file, start: position, end: position + n });
      return n;
    }) as FsModule['writeSync']);
    patch('fsyncSync', (original) => ((fd: number) => {
      original(fd);
      const file = this.files.get(fd);
      if (file) this.events.push({ kind: 'sync', file });
    }) as FsModule['fsyncSync']);
    // Files are synced with fdatasync (as SQLite's unix VFS does), folders with fsync: both make writes durable.
    patch('fdatasyncSync', (original) => ((fd: number) => {
      original(fd);
      const file = this.files.get(fd);
      if (file) this.events.push({ kind: 'sync', file });
    }) as FsModule['fdatasyncSync']);
    patch('ftruncateSync', (original) => ((fd: number, size?: number) => {
      original(fd, size);
      const file = this.files.get(fd);
      if (file) this.events.push({ kind: 'truncate', file, size: size ?? 0 });
    }) as FsModule['ftruncateSync']);
    patch('unlinkSync', (original) => ((file: string) => {
      original(file);
      this.events.push({ kind: 'unlink', file: path.resolve(String(file)) });
    }) as FsModule['unlinkSync']);
  }

  uninstall(): void {
    Object.assign(fs, this.saved);
  }
}

interface Report {
  /** Database writes that came while a rewrite of durable journal bytes was not yet fsynced. */
  violations: string[];
  durableRewrites: number;
  /** Database writes made while a journal existed (spills and commits). */
  databaseWrites: number;
}

/** Replays the recorded calls against the rule above. */
function checkOrdering(events: readonly FsEvent[], database: string): Report {
  const journal = `${database}-journal`;
  let written: [number, number][] = []; // journal byte ranges written since it was created
  let durable: [number, number][] = []; // of those, the ones covered by a journal fsync
  let pendingRewrite: string | undefined;
  const report: Report = { violations: [], durableRewrites: 0, databaseWrites: 0 };
  events.forEach((event, i) => {
    if (event.file === journal) {
      if (event.kind === 'write') {
        if (durable.some(([start, end]) => event.start < end && start < event.end)) {
          report.durableRewrites++;
          pendingRewrite = `journal bytes ${event.start}-${event.end} (call ${i})`;
        }
        written.push([event.start, event.end]);
      } else if (event.kind === 'sync') {
        durable = [...written];
        pendingRewrite = undefined;
      } else {
        written = [];
        durable = [];
        pendingRewrite = undefined;
      }
    } else if (event.file === database && event.kind === 'write' && written.length > 0) {
      report.databaseWrites++;
      if (pendingRewrite) report.violations.push(`database bytes ${event.start}-${event.end} (call ${i}) written before the rewrite of ${pendingRewrite} was fsynced`);
    }
  });
  return report;
}

describe('power-loss ordering of journal and database writes', function () {
  this.timeout(60_000);
  const dir = useTempDir('trcaa-write-order-');

  /** Small commits, then a transaction big enough to spill pages from a 10-page cache (a new journal segment per spill). */
  async function record(key: DatabaseKey): Promise<Report> {
    const file = path.join(dir(), 'order.db');
    const body = (i: number) => createHash('sha256').update(String(i)).digest('hex').repeat(4);
    const recorder = new FsRecorder();
    recorder.install(); // before open: the database file's descriptor must be known
    const db = await Database.open(file, { key }).catch((error: unknown) => {
      recorder.uninstall();
      throw error;
    });
    try {
      db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)');
      db.transaction(() => {
        for (let i = 1; i <= 3000; i++) db.exec('INSERT INTO t VALUES (?, ?)', [i, body(i)]);
      });
      for (let i = 1; i <= 20; i++) db.exec("UPDATE t SET body = body || '.' WHERE id = ?", [i * 97]);
      db.exec('PRAGMA cache_size = 10');
      db.transaction(() => {
        for (let i = 1; i <= 3000; i += 3) db.exec("UPDATE t SET body = body || 'x' WHERE id = ?", [i]);
      });
    } finally {
      recorder.uninstall();
      db.close();
    }
    return checkOrdering(recorder.events, file);
  }

  it('control: plain SQLite journals (the identity codec) follow the rule', async () => {
    const report = await record({ kind: 'plain' });
    assert.ok(report.databaseWrites > 100 && report.durableRewrites > 10, JSON.stringify({ ...report, violations: report.violations.length }));
    assert.deepEqual(report.violations, []);
  });

  it('our encrypted journal follows it too: a rewrite of synced journal bytes is fsynced before the database is written', async () => {
    const report = await record({ kind: 'raw', key: createHash('sha256').update('write order').digest() });
    assert.ok(report.databaseWrites > 100 && report.durableRewrites > 10, JSON.stringify({ ...report, violations: report.violations.length }));
    assert.deepEqual(report.violations.slice(0, 3), [], `${report.violations.length} database writes could outrun a torn journal write`);
  });
});
