// Cross-process, cross-thread SQLite locking with lock files (Node has no fcntl/flock).
//
// Layout: a folder `<database>-lock/` next to the database (e.g. `tftsr.db-lock/`), holding only empty files whose
// names are the lock state (lockRecord.ts):
//
//   <kind>_<token>_<host>_<pid>_<threadId>_<boot>-<start>_<created>
//
//   kind      s SHARED, r RESERVED, p PENDING (or EXCLUSIVE) held by one handle; m the short-lived internal mutex;
//             x (EXCLUSIVE) is no longer made, and still respected wherever p is
//   token     24 random hex digits per handle (per connection), so handles in one process meet by the same rules
//             as handles in different processes, and no two owners ever make the same name
//   host      os.hostname(), lower case, bytes outside [a-z0-9-] as %XX
//   pid, threadId, and on Linux the boot id prefix and the process start time (pid reuse detection), else "0-0"
//   created   Date.now() when the record was made
//
// A handle's level records are cumulative: SHARED = {s}; RESERVED = {s, r}; PENDING and EXCLUSIVE = {s, [r,] p}.
// EXCLUSIVE needs no record of its own: every other handle refuses exactly the same things whether we hold
// PENDING or EXCLUSIVE (a new SHARED, RESERVED, PENDING or EXCLUSIVE), so the difference lives in memory only.
// Decisions follow SQLite's rules (os_unix.c, unixLock), each made on a listing of the folder recent enough to be safe:
//   SHARED and PENDING are claimed: create the record, then list; withdraw it (busy) if a conflicting live record
//     is there (p or x for SHARED; p or x for PENDING). Of two conflicting claims, the later lister sees the other.
//   EXCLUSIVE: a PENDING holder lists (after its p exists) and is granted when no other s, r, p or x is there. A
//     SHARED claimed after that listing sees our p and withdraws; every other handle with any level holds an s.
//   RESERVED: takes the internal mutex (mutex.ts) and decides on the listing that proved the mutex ours.
// So a commit's locking (SHARED, RESERVED, PENDING, EXCLUSIVE, back to NONE) is 11 file operations. Lowering never
// needs the mutex: it only removes this handle's own records, highest first, which can only make other handles'
// decisions more permissive. So unlock and close cannot be busy. After every handle has closed, the folder is empty
// (the folder itself stays). Every handle meeting in a folder must follow these same rules.
//
// Holding on (why: those 11 file operations were most of what a small commit cost over native SQLCipher's fcntl
// locks). When SQLite lowers its lock, the records stay on disk while this thread keeps running — a burst of
// transactions — and SQLite's next raise up to what the records stand for is granted in memory. That is exactly as
// if the handle had let go and taken the lock again at once: at no instant do the records on disk say less than
// what the handle uses, so every other handle's decision stays safe. Only SHARED (s) or EXCLUSIVE (s, [r,] p) is
// held on — never a lone RESERVED or PENDING, whose in-memory raise could not be decided without looking. The
// records go:
//   - when the thread's current task ends (setImmediate): an idle VS Code window holds nothing;
//   - when another handle asks: a handle refused SHARED makes a w record (its request), kept until its
//     transaction ends or SQLite gives up (unlock to NONE); one waiting for EXCLUSIVE shows its p. The holder looks
//     for them at most every askCheckMs while it keeps using its lock, lets go when it sees one, and then yields:
//     its own SHARED is refused while another live w is there, for at most yieldMs, so the waiter — sleeping in
//     SQLite's busy handler — gets a whole transaction before the holder takes the lock back. A listing made to
//     take a lock that shows a waiter means no holding on after that transaction, so two busy writers alternate;
//   - at once for another handle of the same thread (it cannot wait for this one: one thread, no event loop).
//
// Dead owners (ownerLiveness.ts): a record from this host whose pid no longer exists (process.kill(pid, 0) gives
// ESRCH; on Linux also a zombie, a reused pid or an earlier boot) is removed by whoever it blocks. A record from
// another host is never broken unless options.staleAfterMs is set and it is older than that.
import { createRecord, ensureFolder, listRecords, lockFolderFor, removeRecord } from './lockFolder';
import { LockLevel, lockLevelName } from './lockLevel';
import { newToken, recordName, type LockRecord, type Owner, type RecordKind } from './lockRecord';
import { acquireMutex, releaseMutex } from './mutex';
import { currentProcess } from './processInfo';
import { isOwnerDead } from './ownerLiveness';
import { sleepMs } from './sleep';
import { removeRecords } from './staleRecords';

export interface FileLock {
  /** SQLite xLock semantics: raise to `level` (Shared, Reserved or Exclusive; SQLite never asks for Pending directly).
   *  Returns true when granted, false when busy (the caller — SQLite's busy handler — retries later). Never blocks for
   *  long: at most the few milliseconds needed to take the internal mutex, or to see a holder let go when first
   *  refused SHARED (2 × askCheckMs). Throws only on real I/O errors. */
  lock(level: LockLevel): boolean;
  /** SQLite xUnlock semantics: lower to `level` (Shared or None). The records may stay a while (see above). */
  unlock(level: LockLevel): void;
  /** SQLite xCheckReservedLock: does any connection (this process or another) hold Reserved or higher? */
  checkReserved(): boolean;
  /** The level SQLite holds (the records on disk may stand for more while this handle holds on). */
  readonly level: LockLevel;
  /** Releases everything this handle holds (also called when the connection closes). */
  close(): void;
}

export interface FileLockOptions {
  /** Records made on another host older than this count as dead. Default Infinity: never (see ownerLiveness.ts). */
  staleAfterMs?: number;
  /** How long lock() may wait for the internal mutex before answering busy. Default 10 ms. */
  mutexWaitMs?: number;
  /** Hold on to the records between transactions of one task (see above). Default true. */
  holdOn?: boolean;
  /** While holding on, how often to look for a handle asking for the lock. Default 4 ms. */
  askCheckMs?: number;
  /** After letting go for a waiter, how long this handle leaves it the first turn. Default 500 ms. */
  yieldMs?: number;
}

export function openFileLock(databasePath: string, options: FileLockOptions = {}): FileLock {
  const settings: LockSettings = {
    staleAfterMs: options.staleAfterMs ?? Infinity,
    mutexWaitMs: options.mutexWaitMs ?? 10,
    holdOn: options.holdOn ?? true,
    askCheckMs: options.askCheckMs ?? 4,
    yieldMs: options.yieldMs ?? 500,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (typeof value === 'number' && !(value >= 0)) throw new RangeError(`${name} must be >= 0`);
  }
  const folder = lockFolderFor(databasePath);
  ensureFolder(folder);
  return new FolderFileLock(folder, { ...currentProcess(), token: newToken() }, settings);
}

/**
 * Removes every record left by a worker thread of *this* process that has exited without closing its locks (it
 * was terminated, or crashed). Other processes cannot tell a dead thread from a live one, so the thread that
 * started the worker calls this from the worker's 'exit' event.
 */
export function releaseThreadLocks(databasePath: string, threadId: number): number {
  const self = currentProcess();
  const folder = lockFolderFor(databasePath);
  let removed = 0;
  for (const record of listRecords(folder)) {
    const ours = record.host === self.host && record.pid === self.pid && record.start === self.start;
    if (ours && record.threadId === threadId && removeRecord(folder, record.name)) removed++;
  }
  return removed;
}

interface LockSettings {
  staleAfterMs: number;
  mutexWaitMs: number;
  holdOn: boolean;
  askCheckMs: number;
  yieldMs: number;
}

/** Lock levels from the highest, with the record that stands for each. */
const levelKinds: ReadonlyArray<readonly [LockLevel, Exclude<RecordKind, 'm' | 'w'>]> = [
  [LockLevel.Exclusive, 'x'],
  [LockLevel.Pending, 'p'],
  [LockLevel.Reserved, 'r'],
  [LockLevel.Shared, 's'],
];

/** The open handles of this thread, per lock folder: the ones that must let go for a sibling at once. */
const threadHandles = new Map<string, Set<FolderFileLock>>();

class FolderFileLock implements FileLock {
  /** What SQLite holds. */
  #level = LockLevel.None;
  /** What the records on disk stand for: #level, or more while holding on. */
  #disk = LockLevel.None;
  /** The records this handle holds, by kind. */
  readonly #held = new Map<RecordKind, string>();
  #closed = false;
  /** The last lock() answered busy: the next one starts with a look before it writes anything. */
  #polling = false;
  /** Our request (a w record) while refused SHARED. */
  #asking: string | undefined;
  /** The last listing that took a lock showed another handle waiting: let go at the end of this transaction. */
  #waiterSeen = false;
  /** After letting go for a waiter: until when a live w of another handle refuses our SHARED. */
  #yieldUntil = 0;
  /** When we last looked for handles asking, while holding on. */
  #lastLook = 0;
  #letGoLater: NodeJS.Immediate | undefined;

  constructor(
    readonly folder: string,
    private readonly owner: Owner,
    private readonly settings: LockSettings,
  ) {
    let siblings = threadHandles.get(folder);
    if (!siblings) threadHandles.set(folder, (siblings = new Set()));
    siblings.add(this);
  }

  get level(): LockLevel {
    return this.#level;
  }

  lock(level: LockLevel): boolean {
    if (this.#closed) throw new Error('lock(): this file lock is closed');
    if (level <= this.#level) return true;
    // SQLite's own preconditions (asserted in unixLock): misuse is a bug in the caller, not a busy lock.
    if (level > LockLevel.Exclusive || (this.#level === LockLevel.None && level !== LockLevel.Shared)) {
      throw new RangeError(`lock(${lockLevelName(level)}) from ${lockLevelName(this.#level)}`);
    }
    if (level <= this.#disk) {
      if (!this.#askedToLetGo()) {
        this.#level = level;
        return true;
      }
      this.#dropTo(this.#level);
      this.#yieldUntil = performance.now() + this.settings.yieldMs;
    }
    this.#siblingsLetGo();
    if (this.#disk === LockLevel.None) this.#waiterSeen = false;
    let granted = this.#raise(level);
    if (!granted && this.#disk === LockLevel.None && this.#asking === undefined) {
      this.#ask();
      granted = this.#awaitHandOver();
    }
    this.#polling = !granted;
    if (granted) {
      this.#level = level;
    } else if (this.#disk === LockLevel.Pending) {
      this.#level = LockLevel.Pending; // as unixLock: PENDING stays, so no new reader starts and the writer is not starved
    }
    return granted;
  }

  /**
   * Just refused SHARED, and asking: a holder that holds on lets go within askCheckMs, so watch for that a little
   * (2 × askCheckMs) before answering busy, rather than leave it to SQLite's busy handler, whose pauses grow.
   */
  #awaitHandOver(): boolean {
    const deadline = performance.now() + 2 * this.settings.askCheckMs;
    while (performance.now() < deadline) {
      sleepMs(0.5);
      const others = this.#others();
      const yielding = performance.now() < this.#yieldUntil && this.#blocked(others, 'w');
      if (!yielding && !this.#blocked(others, 'p', 'x') && this.#claim('s', LockLevel.Shared, 'p', 'x')) return true;
    }
    return false;
  }

  #raise(level: LockLevel): boolean {
    // A handle that was just refused is polling (SQLite's busy handler): refuse without touching anything when a
    // live holder is plainly in the way (busy is always a correct answer), so pollers waiting for a writer leave
    // the mutex and the folder to the handles that can make progress. A first attempt goes straight on.
    if (this.#polling && this.#blocked(this.#others(), ...this.#firstObstacles(level))) return false;
    if (level === LockLevel.Shared) return this.#claim('s', LockLevel.Shared, 'p', 'x') !== undefined;
    if (level === LockLevel.Reserved) {
      // RESERVED is the one level two handles race for in every write transaction: it is decided under the mutex,
      // where a contender waits a little instead of both withdrawing.
      const mutex = acquireMutex(this.folder, this.owner, { staleAfterMs: this.settings.staleAfterMs, waitMs: this.settings.mutexWaitMs });
      if (mutex === undefined) return false;
      try {
        const others = mutex.levelRecords.filter((record) => record.token !== this.owner.token);
        this.#noteWaiters(others);
        return !this.#blocked(others, 'r', 'p', 'x') && this.#add('r', LockLevel.Reserved);
      } finally {
        releaseMutex(this.folder, mutex.name);
      }
    }
    let others: LockRecord[] | undefined;
    if (this.#disk < LockLevel.Pending) {
      others = this.#claim('p', LockLevel.Pending, 'p', 'x');
      if (others === undefined) return false;
    }
    if (level === LockLevel.Pending) return true;
    // Our p was on disk before this listing began, so no SHARED can be claimed after it (see #claim).
    // Readers still hold SHARED: busy, but PENDING stays so no new reader starts and the writer is not starved.
    others ??= this.#others();
    this.#noteWaiters(others);
    if (this.#blocked(others, 's', 'r', 'p', 'x')) return false;
    this.#disk = LockLevel.Exclusive; // p stands for it (see above)
    return true;
  }

  /**
   * Create first, then look: makes the record of `kind`, lists the folder, and keeps the record only when no live
   * owner holds any of `conflicts`; else withdraws it (busy). Two handles claiming conflicting records at once
   * cannot both win: whichever lists second sees the other's record, created before that listing began (both may
   * withdraw, which only costs a retry). The claims are SHARED (against PENDING and EXCLUSIVE) and PENDING (against
   * another PENDING or EXCLUSIVE); EXCLUSIVE is only ever granted to a PENDING holder after a listing made once its
   * p existed, and RESERVED under the mutex. Returns the other handles' records from that listing when granted.
   */
  #claim(kind: 's' | 'p', level: LockLevel, ...conflicts: RecordKind[]): LockRecord[] | undefined {
    const name = recordName(kind, this.owner, Date.now());
    createRecord(this.folder, name);
    let others: LockRecord[];
    try {
      others = this.#others();
      // Having let go for a waiter, leave it the first turn (see above).
      const yielding = kind === 's' && performance.now() < this.#yieldUntil && this.#blocked(others, 'w');
      if (yielding || this.#blocked(others, ...conflicts)) {
        removeRecord(this.folder, name);
        return undefined;
      }
    } catch (error) {
      removeRecord(this.folder, name);
      throw error;
    }
    this.#noteWaiters(others);
    this.#held.set(kind, name);
    this.#disk = level;
    return others;
  }

  unlock(level: LockLevel): void {
    // SQLite gives up waiting (or ends a transaction) by unlocking to NONE: no longer asking.
    if (level === LockLevel.None) this.#withdrawRequest();
    if (level >= this.#level) return;
    this.#level = level;
    if (!this.settings.holdOn || this.#waiterSeen || this.#closed) {
      this.#dropTo(level);
      return;
    }
    // Hold on to SHARED or EXCLUSIVE only (see above); whatever is held goes when this task ends.
    if (this.#disk !== LockLevel.Exclusive) this.#dropTo(Math.max(level, Math.min(this.#disk, LockLevel.Shared)));
    if (this.#disk > this.#level && !this.#letGoLater) {
      this.#letGoLater = setImmediate(() => {
        this.#letGoLater = undefined;
        this.#dropTo(this.#level);
      });
      this.#letGoLater.unref();
    }
  }

  checkReserved(): boolean {
    if (this.#level >= LockLevel.Reserved) return true;
    this.#siblingsLetGo();
    // No mutex: a snapshot answer is all SQLite expects (it re-checks under its own locks before acting).
    return this.#blocked(this.#others(), 'r', 'p', 'x');
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#level = LockLevel.None;
    this.#withdrawRequest();
    this.#dropTo(LockLevel.None);
    threadHandles.get(this.folder)?.delete(this);
    if (threadHandles.get(this.folder)?.size === 0) threadHandles.delete(this.folder);
  }

  /** Removes the records above `level`, highest first, so that at every instant the records left say a level this handle really holds. */
  #dropTo(level: LockLevel): void {
    if (this.#letGoLater && level <= this.#level) {
      clearImmediate(this.#letGoLater);
      this.#letGoLater = undefined;
    }
    if (level >= this.#disk) return;
    for (const [recordLevel, kind] of levelKinds) {
      const name = this.#held.get(kind);
      if (recordLevel <= level || name === undefined) continue;
      removeRecord(this.folder, name);
      this.#held.delete(kind);
    }
    this.#disk = level;
  }

  /** While holding on: has another handle asked for the lock since we last looked? Looks at most every askCheckMs. */
  #askedToLetGo(): boolean {
    const now = performance.now();
    if (now - this.#lastLook < this.settings.askCheckMs) return false;
    this.#lastLook = now;
    return this.#blocked(this.#others(), 'w', 'p', 'x');
  }

  /** A listing that took a lock: does another handle wait (a w, or a p while we take less than EXCLUSIVE)? */
  #noteWaiters(others: LockRecord[]): void {
    this.#lastLook = performance.now();
    if (others.some((record) => record.kind === 'w' || record.kind === 'p')) this.#waiterSeen = true;
  }

  /** Handles of this thread cannot wait for one another: their held-on records go at once. */
  #siblingsLetGo(): void {
    for (const sibling of threadHandles.get(this.folder) ?? []) if (sibling !== this) sibling.#dropTo(sibling.#level);
  }

  #ask(): void {
    if (this.#asking !== undefined) return;
    this.#asking = recordName('w', this.owner, Date.now());
    createRecord(this.folder, this.#asking);
  }

  #withdrawRequest(): void {
    if (this.#asking === undefined) return;
    removeRecord(this.folder, this.#asking);
    this.#asking = undefined;
  }

  /** The records that would refuse the next step towards `level` (for EXCLUSIVE: PENDING first, then the rest). */
  #firstObstacles(level: LockLevel): RecordKind[] {
    if (level === LockLevel.Shared) return ['p', 'x'];
    if (level === LockLevel.Reserved) return ['r', 'p', 'x'];
    return this.#disk < LockLevel.Pending ? ['p', 'x'] : ['s', 'r', 'p', 'x'];
  }

  /** Every other handle's records (our own state is in memory; mutex records are mutex.ts's business). */
  #others(): LockRecord[] {
    return listRecords(this.folder).filter((record) => record.kind !== 'm' && record.token !== this.owner.token);
  }

  /**
   * Does a live owner hold any of these kinds? A dead owner met on the way loses all its records at once (removed
   * by exact name from this snapshot, see staleRecords.ts) and drops out of `others`.
   */
  #blocked(others: LockRecord[], ...kinds: RecordKind[]): boolean {
    const tokens = new Set(others.filter((record) => kinds.includes(record.kind)).map((record) => record.token));
    for (const token of tokens) {
      const records = others.filter((record) => record.token === token);
      if (!isOwnerDead(records[0]!, { staleAfterMs: this.settings.staleAfterMs, now: Date.now() })) return true;
      removeRecords(this.folder, records);
      others.splice(0, others.length, ...others.filter((record) => record.token !== token));
    }
    return false;
  }

  #add(kind: Exclude<RecordKind, 'm' | 'w'>, level: LockLevel): true {
    const name = recordName(kind, this.owner, Date.now());
    createRecord(this.folder, name);
    this.#held.set(kind, name);
    this.#disk = level;
    return true;
  }
}
