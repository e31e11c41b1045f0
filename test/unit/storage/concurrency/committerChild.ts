// A separate process that commits one row per transaction, without a pause, for a while: it never lets its event
// loop run, so only another process asking makes it let go of the lock between transactions (fileLock.ts).
//   node committerChild.js <db> <keyHex> <ms> <start-file>
// Prints "ready" once open, starts when <start-file> exists, and prints "done <n> <began-ms> <ended-ms>".
import { existsSync } from 'node:fs';
import { Database } from '../../../../src/storage/database';

async function main(): Promise<void> {
  const [file, keyHex, ms, startFile] = process.argv.slice(2) as [string, string, string, string];
  const db = await Database.open(file, { key: { kind: 'raw', key: Buffer.from(keyHex, 'hex') }, create: false, busyTimeoutMs: 30_000 });
  process.stdout.write('ready\n');
  while (!existsSync(startFile)) await new Promise((resolve) => setTimeout(resolve, 2));
  const began = Date.now();
  let n = 0;
  while (Date.now() - began < Number(ms)) db.exec('INSERT INTO hits(writer, n, pid) VALUES (?, ?, ?)', ['burst', n++, process.pid]);
  const ended = Date.now();
  db.close();
  process.stdout.write(`done ${n} ${began} ${ended}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
