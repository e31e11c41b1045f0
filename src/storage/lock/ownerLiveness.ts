// Deciding that a record's owner is dead is what lets a crashed process's locks go away. Getting it wrong in the
// "dead" direction breaks mutual exclusion, so every uncertain case answers "alive": the cost is a busy lock, not
// a corrupt database.
import { errorCode } from './fsErrors';
import type { LockRecord } from './lockRecord';
import { currentProcess, readProcStat } from './processInfo';

export interface LivenessOptions {
  /**
   * A record made on another host (a shared network folder) cannot be checked: it counts as dead only once it is
   * older than this, by the creating host's clock against ours. Infinity (the default) never breaks one.
   */
  readonly staleAfterMs: number;
  /** Date.now() at the time of the check. */
  readonly now: number;
}

export function isOwnerDead(record: LockRecord, options: LivenessOptions): boolean {
  const self = currentProcess();
  if (record.host !== self.host) return options.now - record.created > options.staleAfterMs;
  // This very process (any thread): alive by definition. A thread that died holding records is cleaned up by the
  // one that started it (releaseThreadLocks), since no other thread can observe its death.
  if (record.pid === self.pid && record.start === self.start) return false;
  const [recordBoot, recordTicks] = record.start.split('-');
  const [selfBoot] = self.start.split('-');
  // Made during an earlier boot of this machine: its pid may belong to anyone now.
  if (recordBoot !== '0' && selfBoot !== '0' && recordBoot !== selfBoot) return true;
  if (!pidExists(record.pid)) return true;
  const stat = readProcStat(record.pid);
  if (stat === 'gone') return true;
  if (stat === undefined) return false;
  if (stat.zombie) return true;
  // The pid was reused by a process that started later than the record's owner.
  return recordTicks !== '0' && stat.startTicks !== recordTicks;
}

/** Signal 0 checks existence without signalling: ESRCH = no such process, EPERM = exists but not ours. */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
}
