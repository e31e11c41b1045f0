// The folder `<database>-lock/` next to the database holds the lock records. These are the only file-system calls
// the lock makes, all synchronous, all atomic on their own: exclusive create, readdir, unlink.
import { closeSync, mkdirSync, openSync, readdirSync, unlinkSync } from 'node:fs';
import { canonicalDatabasePath } from '../databasePath';
import path from 'node:path';
import { errorCode } from './fsErrors';
import { parseRecordName, type LockRecord } from './lockRecord';
import { sleepMs } from './sleep';

/**
 * `<real path of the database>-lock`: symlinks, `..` segments and relative paths resolved (databasePath.ts), so
 * every path to one database file meets in the same lock folder.
 */
export function lockFolderFor(databasePath: string): string {
  return `${canonicalDatabasePath(databasePath)}-lock`;
}

export function ensureFolder(folder: string): void {
  mkdirSync(folder, { recursive: true });
}

/** Every record in the folder; an absent folder holds none. */
export function listRecords(folder: string): LockRecord[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
  const records: LockRecord[] = [];
  for (const name of names) {
    const record = parseRecordName(name);
    if (record) records.push(record);
  }
  return records;
}

/** Creates an empty record file. Names are unique per handle, so EEXIST can only mean "ours already". */
export function createRecord(folder: string, name: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      closeSync(openSync(path.join(folder, name), 'wx'));
      return;
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EEXIST') return;
      // Someone removed the folder (a user cleaning up): put it back once and retry.
      if (code === 'ENOENT' && attempt === 0) {
        ensureFolder(folder);
        continue;
      }
      throw error;
    }
  }
}

/**
 * Removes a record by its exact name; false when it was already gone (another breaker got there first).
 * On Windows a file briefly opened by someone else (an indexer, an antivirus) refuses deletion: retry a little.
 */
export function removeRecord(folder: string, name: string): boolean {
  for (let attempt = 0; ; attempt++) {
    try {
      unlinkSync(path.join(folder, name));
      return true;
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return false;
      if ((code === 'EPERM' || code === 'EBUSY' || code === 'EACCES') && process.platform === 'win32' && attempt < 50) {
        sleepMs(2);
        continue;
      }
      throw error;
    }
  }
}
