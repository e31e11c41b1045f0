// The internal mutex that makes "read the lock state, decide, write a record" atomic across processes and threads.
//
// There is no fixed-name mutex file (breaking one safely after its owner died is the classic lock-file race).
// Instead each contender creates its own uniquely named `m_…` record and then lists the folder: it holds the mutex
// iff it sees no other live `m_…` record; otherwise it withdraws (removes its own) and retries after a random
// pause. Two contenders can never both win: whichever lists second sees the other's record, which was created
// before that listing began. Both may withdraw at once, which only costs a retry, and the random pauses break the
// tie. Dead contenders' records are removed by their exact names (see staleRecords.ts).
import { createRecord, listRecords, removeRecord } from './lockFolder';
import { recordName, type LockRecord, type Owner } from './lockRecord';
import { isOwnerDead, type LivenessOptions } from './ownerLiveness';
import { sleepMs } from './sleep';

export interface MutexOptions extends Omit<LivenessOptions, 'now'> {
  /** Give up (busy) after trying this long. */
  readonly waitMs: number;
}

/** The name of our mutex record when acquired, undefined when still contended after `waitMs`. */
export function tryAcquireMutex(folder: string, owner: Owner, options: MutexOptions): string | undefined {
  return acquireMutex(folder, owner, options)?.name;
}

export interface HeldMutex {
  /** Our mutex record. */
  readonly name: string;
  /**
   * The folder's level records (kinds s, r, p, x) as listed once the mutex was held. Every raise that took the
   * mutex before us had finished (created its record) before that listing began, and every later one waits for our
   * release, so this is the snapshot to decide on: no second listing is needed.
   */
  readonly levelRecords: LockRecord[];
}

/** Like tryAcquireMutex, and hands over the listing that proved the mutex ours. */
export function acquireMutex(folder: string, owner: Owner, options: MutexOptions): HeldMutex | undefined {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const now = Date.now();
    const mine = recordName('m', owner, now);
    createRecord(folder, mine);
    let contended = false;
    const levelRecords: LockRecord[] = [];
    for (const record of listRecords(folder)) {
      if (record.kind !== 'm') {
        levelRecords.push(record);
        continue;
      }
      if (record.name === mine) continue;
      // An older record of ours is a leftover of a failed release; a dead owner's record is garbage.
      if (record.token === owner.token || isOwnerDead(record, { staleAfterMs: options.staleAfterMs, now })) {
        removeRecord(folder, record.name);
      } else {
        contended = true;
      }
    }
    if (!contended) return { name: mine, levelRecords };
    removeRecord(folder, mine);
    if (Date.now() >= deadline) return undefined;
    sleepMs(0.05 + Math.random() * 0.5);
  }
}

export function releaseMutex(folder: string, name: string): void {
  removeRecord(folder, name);
}
