// The engine itself: what runs inside the worker thread, and in-process for the CLI and unit tests.
import { statSync } from 'node:fs';
import path from 'node:path';
import { inspectFile } from '../cipher/fileFormat';
import { verifyPages } from '../cipher/verifyPages';
import type { DatabaseKey } from '../cipher/databaseKey';
import { Database } from '../database';
import { canonicalDatabasePath } from '../databasePath';
import type { StoreChange } from '../changes';
import { importedChanges } from '../changes';
import { StorageError } from '../errors';
import { importDesktopDatabase } from '../import/desktopImport';
import { appliedMigrations, migrate } from '../migrations/migrate';
import { migrations } from '../migrations';
import { rewriteDatabase } from '../rewriteDatabase';
import type { Store, StoreOptions } from '../store';
import { minerWorkerIn } from '../patterns/minerWorkerFile';
import { createStore, isRemoteMethod } from '../store';
import { loadSqlite } from '../sqliteWasm';
import { engineInfo } from './engineInfo';
import type { AsyncEngine, DatabaseStatus, EngineApi, Progress } from './protocol';
import { asyncEngine, fromWireKey } from './protocol';
import { importDesktopRequestSchema, openRequestSchema, wireKeySchema } from './requests';

export type ProgressSink = (progress: Progress) => void;

/** The engine as its host (the worker, the in-process wrapper) holds it: the API plus the changes to report. */
export interface Engine extends EngineApi {
  /** What committed since the last take (repositories record it per transaction; an import reports broadly). */
  takeChanges(): StoreChange[];
}

export function createEngine(report: ProgressSink = () => undefined): Engine {
  let db: Database | undefined;
  /** Changes of a connection closed since the last take, and the broad report of an import. */
  let pending: StoreChange[] = [];
  let connection = 0;
  let versionAtOpen = 0;
  let store: Store | undefined;
  // dist/dbWorker.js mines large logs' patterns on dist/logMiner.js's thread while it scans them.
  const minerWorkerFile = minerWorkerIn(__dirname);
  const minerOption: StoreOptions = minerWorkerFile ? { minerWorkerFile } : {};
  let storeOptions: StoreOptions = minerOption;
  let key: DatabaseKey | undefined;
  let busyTimeoutMs: number | undefined;

  const current = (): Database => {
    if (!db) throw new StorageError('IO', 'No database is open.');
    return db;
  };
  const status = (database: Database): DatabaseStatus => ({
    file: database.file,
    encrypted: database.encrypted,
    ...(database.cipherPageSize ? { cipherPageSize: database.cipherPageSize } : {}),
    sizeBytes: statSync(database.file).size,
    migrations: appliedMigrations(database),
  });
  const closeCurrent = () => {
    if (db) pending.push(...db.takeChanges());
    db?.close();
    db = undefined;
    store = undefined;
  };
  const attach = (database: Database) => {
    db = database;
    connection += 1;
    versionAtOpen = database.dataVersion();
    store = createStore(database, storeOptions);
  };

  return {
    takeChanges() {
      const taken = [...pending, ...(db?.takeChanges() ?? [])];
      pending = [];
      return taken;
    },

    dataVersion() {
      return db ? { connection, version: db.dataVersion(), atOpen: versionAtOpen } : null;
    },

    async info() {
      return engineInfo(await loadSqlite());
    },

    inspect(file) {
      const state = inspectFile(file);
      return { kind: state.kind, sizeBytes: state.kind === 'encrypted' ? state.size : state.kind === 'missing' || state.kind === 'empty' ? 0 : statSync(file).size };
    },

    async open(raw) {
      const request = openRequestSchema.parse(raw);
      const sqlite3 = await loadSqlite();
      closeCurrent();
      const opened = Database.openWith(sqlite3, request.file, { key: fromWireKey(request.key), create: request.create, busyTimeoutMs: request.busyTimeoutMs });
      try {
        const applied = migrate(opened, migrations);
        if (applied.length) report({ message: `Applied ${applied.length} migration(s)` });
      } catch (error) {
        opened.close();
        throw error;
      }
      storeOptions = { ...(request.credentialKeyHex ? { credentialKey: Buffer.from(request.credentialKeyHex, 'hex') } : {}), ...minerOption };
      attach(opened);
      key = fromWireKey(request.key);
      busyTimeoutMs = request.busyTimeoutMs;
      return status(opened);
    },

    status() {
      return db ? status(db) : null;
    },

    close: closeCurrent,

    query(sql, params) {
      return current().query(sql, params).map((row) => ({ ...row }));
    },

    async rekey(rawKey) {
      const newKey = fromWireKey(wireKeySchema.parse(rawKey));
      const sqlite3 = await loadSqlite();
      const database = current();
      const file = database.file;
      const oldKey = key as DatabaseKey;
      closeCurrent();
      try {
        rewriteDatabase(sqlite3, file, oldKey, newKey, {
          busyTimeoutMs,
          onProgress: (p) => report({ message: `Re-encrypting ${p.table}`, fraction: p.done / p.total }),
        });
      } finally {
        // Reopen with whichever key the file has now: the new one on success, the old one if anything failed.
        const reopenKey = await keyThatOpens(sqlite3, file, [newKey, oldKey]);
        attach(Database.openWith(sqlite3, file, { key: reopenKey, create: false, busyTimeoutMs }));
        key = reopenKey;
      }
      store?.audit.append({ action: 'database.rekeyed', entityType: 'database', entityId: path.basename(file), details: { key_kind: newKey.kind } });
      return status(current());
    },

    async encryptPlainFile(file, rawKey) {
      const newKey = fromWireKey(wireKeySchema.parse(rawKey));
      if (newKey.kind === 'plain') throw new StorageError('MISSING_KEY', 'Encrypting needs a key.');
      if (db?.file === canonicalDatabasePath(file)) closeCurrent(); // the open file is named by its real path
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const result = rewriteDatabase(await loadSqlite(), file, { kind: 'plain' }, newKey, {
        backupSuffix: `.plain-backup-${stamp}`,
        busyTimeoutMs,
        onProgress: (p) => report({ message: `Encrypting ${p.table}`, fraction: p.done / p.total }),
      });
      // The converted file records its own conversion (the backup's name, never its content).
      const converted = Database.openWith(await loadSqlite(), file, { key: newKey, create: false, busyTimeoutMs });
      try {
        migrate(converted, migrations);
        createStore(converted).audit.append({ action: 'database.encrypted', entityType: 'database', entityId: path.basename(file), details: { backup_file: result.backupFile ? path.basename(result.backupFile) : null } });
      } finally {
        converted.close();
      }
      return result.backupFile ? { backupFile: result.backupFile } : {};
    },

    check() {
      const database = current();
      const integrity = database.query<{ integrity_check: string }>('PRAGMA integrity_check').map((row) => row.integrity_check);
      if (!database.encrypted || !key || key.kind === 'plain') {
        return { integrity, pages: Math.floor(statSync(database.file).size / 4096), badPages: [] };
      }
      const pages = verifyPages(database.file, key);
      return { integrity, pages: pages.pages, badPages: pages.badPages };
    },

    async importDesktop(raw) {
      const request = importDesktopRequestSchema.parse(raw);
      const database = current();
      const imported = await importDesktopDatabase(await loadSqlite(), { db: database, audit: (store as Store).audit, credentialKey: storeOptions.credentialKey }, {
        file: request.file,
        key: fromWireKey(request.key),
        ...(request.desktopCredentialKeyHex ? { desktopCredentialKey: Buffer.from(request.desktopCredentialKeyHex, 'hex') } : {}),
        onProgress: report,
      });
      // One transaction over many tables: reported per entity, without naming rows.
      pending.push(...importedChanges(imported.tables));
      return imported;
    },

    storeCall(repository, method, args) {
      current();
      if (!isRemoteMethod(repository, method)) throw new StorageError('SQL', `No store method ${repository}.${method}.`);
      const target = (store as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[repository] as Record<string, (...a: unknown[]) => unknown>;
      return (target[method] as (...a: unknown[]) => unknown).apply(target, args);
    },

    holdWriteLock(ms) {
      const database = current();
      database.transaction(() => {
        database.exec('CREATE TABLE IF NOT EXISTS _lock_probe(x); DELETE FROM _lock_probe');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      });
      database.exec('DROP TABLE IF EXISTS _lock_probe');
    },
  };
}

async function keyThatOpens(sqlite3: Awaited<ReturnType<typeof loadSqlite>>, file: string, keys: DatabaseKey[]): Promise<DatabaseKey> {
  for (const candidate of keys) {
    try {
      Database.openWith(sqlite3, file, { key: candidate, create: false }).close();
      return candidate;
    } catch (error) {
      if (!(error instanceof StorageError) || !['WRONG_KEY', 'PLAIN_DATABASE', 'ENCRYPTED_DATABASE'].includes(error.code)) throw error;
    }
  }
  throw new StorageError('WRONG_KEY', `Neither the old nor the new key opens ${file}.`);
}

/**
 * The engine in this thread, behind the same async API as the worker; `onChanges` hears what each call changed
 * before the call's promise settles, as the worker's host does.
 */
export function createInProcessEngine(report?: ProgressSink, onChanges: (changes: StoreChange[]) => void = () => undefined): AsyncEngine {
  const engine = createEngine(report);
  return asyncEngine(async (method, args) => {
    try {
      return await (engine[method] as (...a: unknown[]) => unknown)(...args);
    } finally {
      const changes = engine.takeChanges();
      if (changes.length) onChanges(changes);
    }
  });
}
