// Crash-safety soak: the unit test's kill-and-check trials, many more of them.
//   npm run build && npm run soak:crash -- [trials=1000] [--seed N] [--chains 2] [--keep]
// Prints progress every 100 trials and a summary; exits 1 on the first failed trial (its database folder is
// copied aside and named in the message). The writer child and the SQLite wasm are copied to the soak's own
// folder first, so a rebuild of out/ during a long run cannot pull them away.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wasmPath } from '../src/storage/sqliteWasm';
import { assertCliIntegrity, cliQuery, findSqlcipher } from '../test/unit/storage/interop/sqlcipherCli';
import type { CrashStats } from '../test/unit/storage/crash/harness';
import { runCrashChains } from '../test/unit/storage/crash/harness';

function parseArgs(argv: string[]): { trials: number; seed: number; chains: number; keep: boolean } {
  let trials = 1000;
  let chains = 2;
  let seed = Date.now() % 1_000_000;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--seed') seed = Number(argv[++i]);
    else if (arg === '--chains') chains = Number(argv[++i]);
    else if (arg === '--keep') keep = true;
    else if (/^\d+$/.test(arg)) trials = Number(arg);
    else throw new Error(`unknown argument ${arg}\nusage: soak-crash [trials=1000] [--seed N] [--chains 2] [--keep]`);
  }
  if (!Number.isSafeInteger(seed) || trials < 1 || !(chains >= 1)) throw new Error('trials and chains must be ≥ 1, the seed an integer');
  return { trials, seed, chains, keep };
}

function summary(stats: CrashStats): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `trials (SIGKILLs)                      ${stats.trials}`,
    `  checked by the parent                ${stats.checked}`,
    `  recovered by the next child instead  ${stats.trials - stats.checked}`,
    `  killed during start-up/recovery      ${stats.killedBeforeReady}`,
    `  left a hot journal (rolled back)     ${stats.hotJournals}`,
    `  left a stale journal (not yet hot)   ${stats.staleJournals}`,
    `  killed in a big transaction          ${stats.killedInBigTransaction}`,
    `  runs with a 10-page cache (spills)   ${stats.smallCacheRuns}`,
    `  last txn committed, ack lost         ${stats.committedUnacknowledged}`,
    `transactions acknowledged              ${stats.acknowledged}`,
    `transactions committed (all databases) ${stats.lastTransaction}`,
    `largest database file                  ${(stats.maxFileBytes / 1024 / 1024).toFixed(2)} MB`,
    `sqlcipher CLI checks                   ${stats.externalChecks}`,
    `hot journals rolled back by the CLI    ${stats.externalRecoveries}`,
    `elapsed                                ${s(stats.elapsedMs)} (${(stats.elapsedMs / stats.trials).toFixed(0)} ms a trial, checks ${s(stats.checkMs)})`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { trials, seed, chains, keep } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-soak-crash-'));
  const childScript = path.join(dir, 'writerChild.js');
  copyFileSync(path.join(__dirname, '../test/unit/storage/crash/writerChild.js'), childScript);
  copyFileSync(wasmPath(), path.join(dir, 'sqlite3.wasm'));
  const key = `x'${Buffer.from(Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 97) & 0xff)).toString('hex')}'`;
  const cli = findSqlcipher();
  const cliKey = { kind: 'raw' as const, key: Buffer.from(key.slice(2, -1), 'hex') };
  console.log(`crash soak: ${trials} trials on ${chains} databases at once, seed ${seed}, ${dir}${cli ? '' : ' (no sqlcipher CLI on PATH: its checks are skipped)'}`);

  let ok = false;
  try {
    let done = 0;
    const stats = await runCrashChains({
      childScript,
      dir: path.join(dir, 'db'),
      chains,
      trials,
      seed,
      key,
      externalCheck: cli ? (f) => assertCliIntegrity(f, { key: cliKey }) : undefined,
      externalRecovery: cli ? (f) => void cliQuery(f, { key: cliKey }, 'SELECT count(*) AS n FROM sqlite_schema') : undefined,
      externalCheckEvery: 50,
      onTrial: () => {
        if (++done % 100 === 0 && done !== trials) console.log(`  ${done} trials, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      },
    });
    console.log(`\nPASS: every kill left a database that opens, passes integrity_check and every page's HMAC, and holds exactly the acknowledged transactions.\n${summary(stats)}`);
    ok = true;
  } finally {
    if (ok && !keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`\nFAIL: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
