// A lock record is an empty file whose *name* says everything: what it holds and who holds it. Nobody ever needs
// to open another process's record (no half-written contents, no Windows sharing violations), one readdir gives
// the whole lock state, and because every name contains its handle's random token, no two owners ever produce the
// same name: removing a record by its exact name can only ever remove that one owner's record.
import { randomBytes } from 'node:crypto';
import type { ProcessIdentity } from './processInfo';

/** m = the internal mutex; s, r, p = SHARED, RESERVED, PENDING (p also for EXCLUSIVE) held by one handle; x = EXCLUSIVE,
 *  no longer made (see fileLock.ts) but still respected where met; w = a handle waiting for SHARED asks a handle that
 *  holds on to its lock between transactions to let go (fileLock.ts). */
export type RecordKind = 'm' | 's' | 'r' | 'p' | 'x' | 'w';

export interface Owner extends ProcessIdentity {
  /** 24 hex digits, random per handle. */
  readonly token: string;
}

export interface LockRecord extends Owner {
  readonly kind: RecordKind;
  /** Date.now() of the creating host when the record was made. */
  readonly created: number;
  /** The file name inside the lock folder. */
  readonly name: string;
}

export function newToken(): string {
  return randomBytes(12).toString('hex');
}

/** `<kind>_<token>_<host>_<pid>_<threadId>_<boot>-<start>_<created>` */
export function recordName(kind: RecordKind, owner: Owner, created: number): string {
  return [kind, owner.token, owner.host, owner.pid, owner.threadId, owner.start, created].join('_');
}

const pattern = /^([msrpxw])_([0-9a-f]{24})_([a-z0-9%-]{1,64})_(\d{1,10})_(\d{1,10})_([0-9a-f]{1,8}-\d{1,20})_(\d{1,16})$/;

/** Undefined for anything that is not a record (a stray file someone put there is ignored, never deleted). */
export function parseRecordName(name: string): LockRecord | undefined {
  const match = pattern.exec(name);
  if (!match) return undefined;
  const [, kind, token, host, pid, threadId, start, created] = match as unknown as [string, RecordKind, string, string, string, string, string, string];
  return { kind, token, host, pid: Number(pid), threadId: Number(threadId), start, created: Number(created), name };
}
