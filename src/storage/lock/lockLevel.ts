/** SQLite's lock levels (SQLITE_LOCK_NONE … SQLITE_LOCK_EXCLUSIVE): the numbers the VFS's xLock/xUnlock receive. */
export const enum LockLevel {
  None = 0,
  Shared = 1,
  Reserved = 2,
  Pending = 3,
  Exclusive = 4,
}

const names = ['None', 'Shared', 'Reserved', 'Pending', 'Exclusive'];

/** For messages and logs. */
export function lockLevelName(level: LockLevel): string {
  return names[level] ?? `LockLevel(${String(level)})`;
}
