// Every repository over one open database. Features reach them from the main thread through the engine
// (storeCall / RemoteStore below), in-process in the CLI and unit tests.
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { Database } from './database';
import { AuditLog } from './repositories/auditLog';
import { TimelineRepository } from './repositories/timeline';

export interface StoreOptions {
  clock?: Clock;
  /** AES-256 key for integration credentials (DESIGN.md "Keys"); without it credentials cannot be read or saved. */
  credentialKey?: Buffer;
}

export function createStore(db: Database, options: StoreOptions = {}) {
  const clock = options.clock ?? systemClock;
  const audit = new AuditLog(db, clock);
  return {
    audit,
    timeline: new TimelineRepository(db, audit, clock),
  };
}

export type Store = ReturnType<typeof createStore>;

/**
 * The repository methods the main thread may call, by name. Anything else on a repository (helpers, private
 * methods) stays inside the worker.
 */
export const REMOTE_METHODS = {
  audit: ['append', 'list', 'verify'],
  timeline: ['record', 'list'],
} as const satisfies { [R in keyof Store]: readonly (keyof Store[R])[] };

type Remote = typeof REMOTE_METHODS;
type Method<R extends keyof Remote, M extends Remote[R][number]> = M extends keyof Store[R]
  ? Store[R][M] extends (...args: infer A) => infer T
    ? (...args: A) => Promise<Awaited<T>>
    : never
  : never;

/** The store as the main thread sees it: the same methods, asynchronous. */
export type RemoteStore = { [R in keyof Remote]: { [M in Remote[R][number]]: Method<R, M> } };

export function isRemoteMethod(repository: string, method: string): boolean {
  const methods = (REMOTE_METHODS as Record<string, readonly string[]>)[repository];
  return !!methods && methods.includes(method);
}

/** Builds a RemoteStore from one function that performs the call (through the worker, or in-process). */
export function remoteStore(call: (repository: string, method: string, args: unknown[]) => Promise<unknown>): RemoteStore {
  const store: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const [repository, methods] of Object.entries(REMOTE_METHODS)) {
    store[repository] = {};
    for (const method of methods) (store[repository] as Record<string, unknown>)[method] = (...args: unknown[]) => call(repository, method, args);
  }
  return store as unknown as RemoteStore;
}
