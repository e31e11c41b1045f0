// Breaking a dead owner's records. Two processes may look at the same dead record at once and both break it; that
// is harmless because a record is removed by its exact name, and the name holds a random per-handle token that no
// other (fresh) record can ever carry: the second remover gets ENOENT, and a fresh record made in between has a
// different name, so it is never touched. There is no "read the owner, then delete the fixed-name file" window.
import { removeRecord } from './lockFolder';
import type { LockRecord } from './lockRecord';

/** Removes exactly the given records (a snapshot someone judged dead). Returns how many this call removed. */
export function removeRecords(folder: string, records: readonly LockRecord[]): number {
  let removed = 0;
  for (const record of records) if (removeRecord(folder, record.name)) removed++;
  return removed;
}

