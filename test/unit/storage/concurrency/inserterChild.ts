// A separate process that inserts rows one transaction at a time into a shared database.
//   node inserterChild.js <db> <keyHex> <writer> <rows> <start-file>
// Prints "ready" once open, starts writing when <start-file> exists (so all writers start together), and prints
// "done <n> <began-ms> <ended-ms>" when every row is committed; any error goes to stderr with exit code 1.
import { existsSync } from 'node:fs';
import { Database } from '../../../../src/storage/database';

async function main(): Promise<void> {
  const [file, keyHex, writer, rows, startFile] = process.argv.slice(2) as [string, string, string, string, string];
  const db = await Database.open(file, { key: { kind: 'raw', key: Buffer.from(keyHex, 'hex') }, create: false, busyTimeoutMs: 30_000 });
  process.stdout.write('ready\n');
  while (!existsSync(startFile)) await new Promise((resolve) => setTimeout(resolve, 2));
  const began = Date.now();
  for (let i = 0; i < Number(rows); i++) {
    db.transaction(() => {
      db.exec('INSERT INTO hits(writer, n, pid) VALUES (?, ?, ?)', [writer, i, process.pid]);
      // A read inside the write transaction: every writer also sees the others' commits.
      db.get('SELECT count(*) AS n FROM hits');
    });
  }
  db.close();
  process.stdout.write(`done ${rows} ${began} ${Date.now()}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
