// The process the crash tests kill. Usage: node writerChild.js <db-path> <seed>   (key in CRASH_DB_KEY, as
// `x'<64 hex>'` or a passphrase). It opens the encrypted database (rolling back a hot journal left by the previous
// victim), then runs the workload's transactions one after another without ever yielding, and after each COMMIT
// returns writes `ack <txn> <checksum>` to stdout with a synchronous write: once the parent can read an ack, the
// commit has returned. It stops on its own only after CRASH_MAX_MS (default 60 s) so no orphan outlives a parent.
import { writeSync } from 'node:fs';
import { SeededRandom } from '../../../../src/core/demo/random';
import { keyFromSqlCipherString } from '../../../../src/storage/cipher/databaseKey';
import { Database } from '../../../../src/storage/database';
import { apply, SCHEMA, transaction } from './workload';

function say(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(1, bytes, done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

async function main(): Promise<void> {
  const [file, seedText] = process.argv.slice(2);
  const keyText = process.env.CRASH_DB_KEY;
  if (!file || !seedText || !keyText) throw new Error('usage: CRASH_DB_KEY=<key> node writerChild.js <db-path> <seed>');
  const seed = Number(seedText);
  const deadline = Date.now() + Number(process.env.CRASH_MAX_MS ?? 60_000);

  const db = await Database.open(file, { key: keyFromSqlCipherString(keyText) });
  db.transaction(() => db.exec(SCHEMA));
  const next = Number(db.get('SELECT coalesce(max(txn), 0) + 1 AS next FROM acks')?.next);
  // Half the runs keep a tiny page cache: SQLite then spills dirty pages into the database file in the middle
  // of a transaction (after syncing the journal), a second path for a crash to interrupt.
  const cacheSize = new SeededRandom(seed ^ Math.imul(next, 2654435761)).chance(0.5) ? 10 : 2000;
  db.exec(`PRAGMA cache_size = ${cacheSize}`);
  say(`ready ${next} ${cacheSize}`);

  for (let txn = next; Date.now() < deadline; txn++) {
    const t = transaction(seed, txn);
    db.transaction(() => apply(db, t));
    say(`ack ${txn} ${t.checksum}`);
  }
  db.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`writerChild: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
