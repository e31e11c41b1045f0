// The one name of a database file, whatever path reached it: the real path, with symlinks, `..` segments and a
// relative start resolved (and the real letter case where the platform can tell it). SQLite derives the
// journal's name from the database's name, and the lock folder is named after it too, so two spellings of one
// file must become one name — or a writer through a symlink and a writer through its target would each take
// their own lock and miss each other's journal.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** The real path of `file`; for a file that does not exist yet, the real path of its folder plus its name. */
export function canonicalDatabasePath(file: string): string {
  const absolute = path.resolve(file);
  try {
    return realpathSync.native(absolute);
  } catch {
    // Not there (yet), or not reachable: the folder's real path, and whoever opens it next reports the problem.
  }
  try {
    return path.join(realpathSync.native(path.dirname(absolute)), path.basename(absolute));
  } catch {
    return absolute; // the folder does not exist either: the caller says so
  }
}

/** The hard-link count of an existing file (1 for an ordinary file). */
export function linkCount(file: string): number {
  return statSync(file).nlink;
}
