// A new database file appears in one step, already holding its first page: it is built under a temporary name
// and then linked to its real name, which fails rather than replaces when that name exists. So a database file
// TRCAA made is never empty, and an empty file at the path is never TRCAA's own interrupted creation — it is
// refused, not "created over" (see Database.openWith).
import { linkSync, renameSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { errorCode } from './lock/fsErrors';
import { lockFolderFor } from './lock/lockFolder';
import { removeEmptyFolder, sideFileName } from './sideFiles';
import { fsyncPath } from './vfs/vfsFile';

/**
 * Builds the database with `build(temp)` and puts it at `full`. Returns false when another process created `full`
 * first (then ours is discarded and theirs is the database).
 */
export function createDatabaseFile(full: string, build: (temp: string) => void): boolean {
  const temp = sideFileName(full, 'create');
  try {
    build(temp);
    fsyncPath(temp);
    try {
      linkSync(temp, full);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EEXIST') return false;
      // A file system without hard links: rename, after a last look (the window is as small as we can make it).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
      if (existsSync(full)) return false;
      renameSync(temp, full);
    }
    fsyncPath(path.dirname(full));
    return true;
  } finally {
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
    removeEmptyFolder(lockFolderFor(temp));
  }
}
