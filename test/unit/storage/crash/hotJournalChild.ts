// The process the hot-journal tests kill. Usage: node hotJournalChild.js <db-path>   (key in CRASH_DB_KEY).
// It opens the database, keeps a 10-page cache and rewrites every row of `t` in one transaction, so SQLite spills
// changed pages into the database file (after syncing the journal) long before the commit; then it says
// `spilled` and waits to be killed, leaving a hot journal and a database file holding half a transaction.
import { writeSync } from 'node:fs';
import { keyFromSqlCipherString } from '../../../../src/storage/cipher/databaseKey';
import { Database } from '../../../../src/storage/database';

async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  const keyText = process.env.CRASH_DB_KEY;
  if (!file || !keyText) throw new Error('usage: CRASH_DB_KEY=<key> node hotJournalChild.js <db-path>');
  const db = await Database.open(file, { key: keyFromSqlCipherString(keyText), create: false });
  db.exec('PRAGMA cache_size = 10');
  db.exec('BEGIN IMMEDIATE');
  db.exec("UPDATE t SET body = body || 'x'");
  writeSync(1, 'spilled\n');
  // Never commits: the parent kills us. Give up after a minute so no orphan outlives a failed parent.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  process.exit(2);
}

main().catch((error: unknown) => {
  process.stderr.write(`hotJournalChild: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
