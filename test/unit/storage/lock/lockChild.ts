// A process (child_process.fork) or worker thread that holds locks on command, for the cross-process tests.
// Protocol: it posts {ready: true}, then answers each {id, op, …} with {id, ok, value | error}.
import { readFileSync, writeFileSync, openSync, closeSync, unlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { openFileLock, type FileLock } from '../../../../src/storage/lock/fileLock';
import { lockFolderFor } from '../../../../src/storage/lock/lockFolder';
import { LockLevel } from '../../../../src/storage/lock/lockLevel';
import { newToken } from '../../../../src/storage/lock/lockRecord';
import { tryAcquireMutex } from '../../../../src/storage/lock/mutex';
import { currentProcess } from '../../../../src/storage/lock/processInfo';
import { sleepMs } from '../../../../src/storage/lock/sleep';

export type ChildRequest =
  | { op: 'open'; path: string }
  | { op: 'lock'; level: LockLevel }
  | { op: 'unlock'; level: LockLevel }
  | { op: 'checkReserved' }
  | { op: 'close' }
  /** Takes the internal mutex with a fresh owner and never lets it go. */
  | { op: 'holdMutex'; path: string }
  /** Write transactions (SHARED, RESERVED, EXCLUSIVE, a short pause, NONE) without a pause between them for `ms`. */
  | { op: 'burst'; path: string; ms: number }
  /** Increments the counter file `iterations` times, each under EXCLUSIVE. */
  | { op: 'stress'; path: string; counter: string; iterations: number; limitMs: number };

export interface StressResult {
  busy: number;
  /** Times another process was found inside the critical section: must stay 0. */
  overlaps: number;
  /** Increments done before the time limit (a broken lock can deadlock: the test must fail, not hang). */
  done: number;
}

const send = (message: unknown): void => {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
};

let handle: FileLock | undefined;
const opened = (): FileLock => {
  if (!handle) throw new Error('no handle open');
  return handle;
};

function stress(path: string, counter: string, iterations: number, limitMs: number): StressResult {
  const lock = openFileLock(path);
  const inside = `${counter}.inside`;
  const result: StressResult = { busy: 0, overlaps: 0, done: 0 };
  const deadline = Date.now() + limitMs;
  /** A busy answer: pause a little; false once past the time limit. */
  const busy = (): boolean => {
    result.busy++;
    sleepMs(0.1 + Math.random() * 0.4);
    return Date.now() < deadline;
  };
  try {
    for (; result.done < iterations; result.done++) {
      // What SQLite does for a write transaction: SHARED, RESERVED, then EXCLUSIVE. A reader that cannot get
      // RESERVED must let go (SQLite returns SQLITE_BUSY without waiting there, or it would deadlock the writer).
      for (;;) {
        if (!lock.lock(LockLevel.Shared)) {
          if (!busy()) return result;
          continue;
        }
        if (!lock.lock(LockLevel.Reserved)) {
          lock.unlock(LockLevel.None);
          if (!busy()) return result;
          continue;
        }
        while (!lock.lock(LockLevel.Exclusive)) if (!busy()) return result;
        break;
      }
      // A marker only one process may hold at a time, then a deliberately slow read-modify-write.
      try {
        closeSync(openSync(inside, 'wx'));
      } catch {
        result.overlaps++;
      }
      const value = Number(readFileSync(counter, 'utf8'));
      sleepMs(0.05);
      writeFileSync(counter, String(value + 1));
      try {
        unlinkSync(inside);
      } catch {
        result.overlaps++;
      }
      lock.unlock(LockLevel.None);
    }
    return result;
  } finally {
    lock.close();
  }
}

export interface BurstResult {
  transactions: number;
  /** Date.now() when the burst began and ended. */
  began: number;
  ended: number;
}

/** A writer that never lets its event loop run: only the other handles asking make it let go (fileLock.ts). */
function burst(path: string, ms: number): BurstResult {
  const lock = openFileLock(path);
  const began = Date.now();
  const result: BurstResult = { transactions: 0, began, ended: began };
  try {
    while (Date.now() - began < ms) {
      // As SQLite: a write transaction refused RESERVED lets go of SHARED before it waits (else a deadlock).
      for (;;) {
        if (!lock.lock(LockLevel.Shared)) {
          sleepMs(1);
          continue;
        }
        if (!lock.lock(LockLevel.Reserved)) {
          lock.unlock(LockLevel.None);
          sleepMs(1);
          continue;
        }
        while (!lock.lock(LockLevel.Exclusive)) sleepMs(1);
        break;
      }
      sleepMs(0.3); // the commit's own work
      lock.unlock(LockLevel.None);
      result.transactions++;
    }
    result.ended = Date.now();
    return result;
  } finally {
    lock.close();
  }
}

function run(request: ChildRequest): unknown {
  switch (request.op) {
    case 'open':
      handle = openFileLock(request.path);
      return undefined;
    case 'lock':
      return opened().lock(request.level);
    case 'unlock':
      opened().unlock(request.level);
      return undefined;
    case 'checkReserved':
      return opened().checkReserved();
    case 'close':
      opened().close();
      return undefined;
    case 'holdMutex': {
      const owner = { ...currentProcess(), token: newToken() };
      return tryAcquireMutex(lockFolderFor(request.path), owner, { staleAfterMs: Infinity, waitMs: 1000 });
    }
    case 'burst':
      return burst(request.path, request.ms);
    case 'stress':
      return stress(request.path, request.counter, request.iterations, request.limitMs);
  }
}

function onMessage(message: { id: number } & ChildRequest): void {
  let reply: unknown;
  try {
    reply = { id: message.id, ok: true, value: run(message) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: String(error) };
  }
  // Once this task has ended, as a real caller's reply would be: a lock held on between transactions (fileLock.ts)
  // has let go by then.
  setImmediate(() => send(reply));
}

if (parentPort) parentPort.on('message', onMessage);
else process.on('message', onMessage);
send({ ready: true, pid: process.pid });
