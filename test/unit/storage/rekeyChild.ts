// A separate process that re-keys a database and kills itself (SIGKILL: no cleanup runs) at a chosen point.
//   node rekeyChild.js <db> <fromKeyHex> <toKeyHex|plain> <killAt>
// killAt: `table:<n>` once the n-th table is copied, or a step rewriteDatabase reports ('copied', 'written').
// Exits 0 only when the re-key finished without reaching killAt.
import type { DatabaseKey } from '../../../src/storage/cipher/databaseKey';
import { rewriteDatabase } from '../../../src/storage/rewriteDatabase';
import { loadSqlite } from '../../../src/storage/sqliteWasm';

const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

async function main(): Promise<void> {
  const [file, fromHex, to, killAt] = process.argv.slice(2) as [string, string, string, string];
  const fromKey: DatabaseKey = { kind: 'raw', key: Buffer.from(fromHex, 'hex') };
  const toKey: DatabaseKey = to === 'plain' ? { kind: 'plain' } : { kind: 'raw', key: Buffer.from(to, 'hex') };
  rewriteDatabase(await loadSqlite(), file, fromKey, toKey, {
    onProgress: (p) => (killAt === `table:${p.done}` ? die() : undefined),
    onStep: (step: string) => (killAt === step ? die() : undefined),
  } as Parameters<typeof rewriteDatabase>[4]);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
