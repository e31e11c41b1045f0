// What the next open removes: the side files (sideFiles.ts) a killed re-key or creation left beside a database.
// The caller holds the database's write lock while this runs, which a live re-key would hold for as long as its
// new file exists, so every `.rewrite-` leftover it finds is abandoned. A creation holds no lock on a file that
// does not exist yet: its `.create-` file is only taken once it is old enough that no creation is still at work.
import { findSideFiles, removeSideFile } from './sideFiles';

/** Creating a database takes well under a second; ten minutes is "abandoned" beyond doubt. */
const CREATE_ABANDONED_AFTER_MS = 10 * 60_000;

function leftovers(full: string, now: number): string[] {
  return [
    ...findSideFiles(full, 'rewrite'),
    ...findSideFiles(full, 'create').filter(({ mtimeMs }) => now - mtimeMs > CREATE_ABANDONED_AFTER_MS),
  ].map(({ name }) => name);
}

/** Anything to remove? (A plain listing of the folder: cheap enough for every open.) */
export function hasLeftovers(full: string, now = Date.now()): boolean {
  return leftovers(full, now).length > 0;
}

/** Removes the leftovers; the caller holds the database's write lock (RESERVED). Returns the names removed. */
export function removeAbandonedLeftovers(full: string, now = Date.now()): string[] {
  const abandoned = leftovers(full, now);
  // The temporary files first, their journals and lock folders after: a half-done removal still looks like ours.
  abandoned.sort((a, b) => Number(/-(journal|lock)$/.test(a)) - Number(/-(journal|lock)$/.test(b)));
  for (const name of abandoned) removeSideFile(full, name);
  return abandoned;
}
