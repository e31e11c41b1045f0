// (g) The other process: commits one row per transaction without a pause (its event loop never runs, so only
// another process asking makes it let go of the lock between transactions), for <ms> milliseconds.
//   node committer.js <db> <raw key hex> <ms>
// Prints "ready" once open, starts on a line on stdin, and prints one JSON line {transactions, began, ended}.
import { Database } from '../../src/storage/database';

async function main(): Promise<void> {
  const [file, keyHex, ms] = process.argv.slice(2) as [string, string, string];
  const db = await Database.open(file, { key: { kind: 'raw', key: Buffer.from(keyHex, 'hex') }, create: false, busyTimeoutMs: 30_000 });
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const began = Date.now();
  let transactions = 0;
  while (Date.now() - began < Number(ms)) db.exec('INSERT INTO burst(writer, n) VALUES (?, ?)', ['committer', transactions++]);
  const ended = Date.now();
  db.close();
  process.stdout.write(`${JSON.stringify({ transactions, began, ended })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
