// Shared helpers for the lock tests: temporary database paths and fabricated records of dead or foreign owners.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRecord, listRecords, lockFolderFor } from '../../../../src/storage/lock/lockFolder';
import { newToken, recordName, type LockRecord, type Owner, type RecordKind } from '../../../../src/storage/lock/lockRecord';
import { currentProcess } from '../../../../src/storage/lock/processInfo';

/** A fresh folder per test, and the database path inside it (the database file itself is never needed). */
export function tempDatabase(): { dbPath: string; folder: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'trcaa-lock-'));
  const dbPath = path.join(dir, 'tftsr.db');
  return { dbPath, folder: lockFolderFor(dbPath), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The pid of a process that has run, exited and been reaped: certainly dead (reuse within a test is unlikely). */
export function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined) throw new Error('could not start a process');
  return pid;
}

/** An owner on this host as another process would describe itself. */
export function ownerWith(fields: Partial<Owner>): Owner {
  const self = currentProcess();
  return { ...self, start: `${self.start.split('-')[0]}-0`, token: newToken(), ...fields };
}

/** Writes records of `owner` for the given kinds, as if it held that lock; returns them. */
export function plantRecords(folder: string, owner: Owner, kinds: RecordKind[], created = Date.now()): LockRecord[] {
  for (const kind of kinds) createRecord(folder, recordName(kind, owner, created));
  return listRecords(folder).filter((record) => record.token === owner.token);
}

export const recordNames = (folder: string): string[] => listRecords(folder).map((record) => record.name).sort();

/** The records that hold something (not a waiting handle's request, w). */
export const lockRecords = (folder: string): LockRecord[] => listRecords(folder).filter((record) => record.kind !== 'w');
