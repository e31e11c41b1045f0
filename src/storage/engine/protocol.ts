// The one small typed API between the extension host's main thread and the database worker.
import type { DatabaseKey } from '../cipher/databaseKey';
import type { StoreChange } from '../changes';
import type { Row, SqlValue } from '../database';
import type { DesktopImportReport } from '../import/desktopImport';
import type { EngineInfo } from './engineInfo';
import type { ImportDesktopRequest, OpenRequest, WireKey } from './requests';

// The requests' schemas live in requests.ts: the worker validates with them, and the main thread, which only
// sends, does not load zod for that.
export type { ImportDesktopRequest, OpenRequest, WireKey } from './requests';

export function toWireKey(key: DatabaseKey): WireKey {
  return key.kind === 'raw' ? { kind: 'raw', keyHex: key.key.toString('hex') } : key;
}

export function fromWireKey(key: WireKey): DatabaseKey {
  return key.kind === 'raw' ? { kind: 'raw', key: Buffer.from(key.keyHex, 'hex') } : key;
}

export type FileKind = { kind: 'missing' | 'empty' | 'plain' | 'encrypted'; sizeBytes: number };

export interface DatabaseStatus {
  file: string;
  encrypted: boolean;
  cipherPageSize?: number;
  sizeBytes: number;
  migrations: string[];
}

export interface CheckReport {
  /** SQLite's integrity_check lines: ['ok'] when sound. */
  integrity: string[];
  pages: number;
  /** Pages whose HMAC failed (encrypted databases). */
  badPages: number[];
}

export interface EncryptResult {
  backupFile?: string;
}

export interface Progress {
  message: string;
  /** 0..1 when known. */
  fraction?: number;
}

/** Every method the engine offers. The worker implements it; the main thread calls it asynchronously. */
export interface EngineApi {
  info(): EngineInfo | Promise<EngineInfo>;
  /** What kind of file sits at `file` (missing, empty, plain SQLite or encrypted), without opening it. */
  inspect(file: string): FileKind;
  /** Opens (creating if allowed) and migrates the database; the engine holds one database at a time. */
  open(request: OpenRequest): DatabaseStatus | Promise<DatabaseStatus>;
  status(): DatabaseStatus | null;
  close(): void;
  /** Read-only SQL for diagnostics and tests; features use repositories, never SQL from the UI. */
  query(sql: string, params?: SqlValue[]): Row[];
  /** Re-encrypts the open database under `newKey` (new file + rename) and reopens it. */
  rekey(newKey: WireKey): DatabaseStatus | Promise<DatabaseStatus>;
  /** Converts a plain database file to an encrypted one, keeping a backup of the original; the file must not be open. */
  encryptPlainFile(file: string, key: WireKey): EncryptResult | Promise<EncryptResult>;
  check(): CheckReport;
  /** Merges a desktop TRCAA database into the open one (storage/import/desktopImport.ts), with progress. */
  importDesktop(request: ImportDesktopRequest): DesktopImportReport | Promise<DesktopImportReport>;
  /** Calls one repository method (store.ts REMOTE_METHODS) on the open database. */
  storeCall(repository: string, method: string, args: unknown[]): unknown;
  /** Test hook: holds a write lock on the open database for `ms` (proves the main thread stays responsive). */
  holdWriteLock(ms: number): void;
  /**
   * The open database's PRAGMA data_version: it changes when another connection (window, process) commits to the
   * file, never for this engine's own writes. Null when no database is open (polling never opens one).
   */
  dataVersion(): DataVersion | null;
}

export interface DataVersion {
  /** Counts the engine's opens: a new connection has versions of its own. */
  connection: number;
  /** PRAGMA data_version now. */
  version: number;
  /** PRAGMA data_version when this connection opened: what was written since then is new to the views. */
  atOpen: number;
}

export type EngineMethod = keyof EngineApi;

export const ENGINE_METHODS: readonly EngineMethod[] = ['info', 'inspect', 'open', 'status', 'close', 'query', 'rekey', 'encryptPlainFile', 'check', 'importDesktop', 'storeCall', 'holdWriteLock', 'dataVersion'];

/** Builds the async API from one function that performs a call: the worker client and in-process engine share it. */
export function asyncEngine(call: (method: EngineMethod, args: unknown[]) => Promise<unknown>): AsyncEngine {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of ENGINE_METHODS) api[method] = (...args) => call(method, args);
  return api as unknown as AsyncEngine;
}

/** The same API as seen from the caller: every result is a promise. */
export type AsyncEngine = {
  [M in EngineMethod]: (...args: Parameters<EngineApi[M]>) => Promise<Awaited<ReturnType<EngineApi[M]>>>;
};

export interface EngineRequest {
  id: number;
  method: EngineMethod;
  args: unknown[];
}

export interface EngineFailure {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

/**
 * The worker's messages. A reply carries what the call's committed transactions changed (`changes`, absent when
 * nothing): the caller hears of them before its promise settles (docs/storage.md "Change reports").
 */
export type EngineMessage =
  | { id: number; ok: true; value: unknown; changes?: StoreChange[] }
  | { id: number; ok: false; error: EngineFailure; changes?: StoreChange[] }
  | { id: number; progress: Progress };

/** An error raised inside the engine, re-created on the calling side with its name, code and details kept. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    name = 'EngineError',
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = name;
  }
}

export function toFailure(error: unknown): EngineFailure {
  if (error instanceof Error) {
    const { code, details } = error as { code?: unknown; details?: unknown };
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(details && typeof details === 'object' ? { details: details as Record<string, unknown> } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}
