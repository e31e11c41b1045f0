// The one name of a database file, whatever path reached it: the real path, with symlinks, `..` segments and a
// relative start resolved (and the real letter case where the platform can tell it). SQLite derives the
// journal's name from the database's name, and the lock folder is named after it too, so two spellings of one
// file must become one name — or a writer through a symlink and a writer through its target would each take
// their own lock and miss each other's journal.
import { readFileSync, realpathSync, statSync } from 'node:fs';
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

/**
 * Is `full` itself a mount point — a file bind-mounted under this name (Linux)? Such a file has one link but two
 * names, like a hard link. A mounted folder is not this case: its entries, the journal and lock folder included,
 * are the same entries through either path.
 */
export function isMountPoint(full: string): boolean {
  if (process.platform !== 'linux') return false;
  let table: string;
  try {
    table = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return false;
  }
  // Field 5 is the mount point, with space, tab, newline and backslash as octal escapes.
  const unescape = (field: string) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
  return table.split('\n').some((line) => unescape(line.split(' ')[4] ?? '') === full);
}
