// Crash safety: writer processes are SIGKILLed at random moments, 200+ times, on encrypted databases; after
// each kill the database must open (rolling back the hot journal through our VFS — or, a quarter of the time, the
// sqlcipher CLI opens it first and rolls it back: the journal is in SQLCipher's layout), pass integrity_check and every
// page's HMAC, and hold exactly the transactions the writer acknowledged (+ at most the one in flight, whole).
// The details of a trial are in harness.ts; scripts/soak-crash.ts runs the same trials 1,000 times.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keyFromSqlCipherString } from '../../../../src/storage/cipher/databaseKey';
import { wasmPath } from '../../../../src/storage/sqliteWasm';
import { useTempDir } from '../testFiles';
import { assertCliIntegrity, cliQuery, findSqlcipher } from '../interop/sqlcipherCli';
import { CrashFailure, runCrashChains, runCrashTrials } from './harness';

const TRIALS = Number(process.env.TRCAA_CRASH_TRIALS ?? 200);
const builtChild = path.join(__dirname, 'writerChild.js');
const rawKey = `x'${createHash('sha256').update('crash test key').digest('hex')}'`;

describe('crash safety: SIGKILL during writes', function () {
  this.timeout(600_000);
  const dir = useTempDir('trcaa-crash-');
  // The child runs from a copy (with the wasm beside it): a rebuild of out/ during the minute of trials cannot
  // pull it away.
  let childDir = '';
  let childScript = '';
  before(() => {
    assert.ok(existsSync(builtChild), `${builtChild} is built by npm run build`);
    childDir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-crash-child-'));
    childScript = path.join(childDir, 'writerChild.js');
    copyFileSync(builtChild, childScript);
    copyFileSync(wasmPath(), path.join(childDir, 'sqlite3.wasm'));
  });
  after(() => rmSync(childDir, { recursive: true, force: true }));

  it(`${TRIALS} kills at random moments lose no acknowledged transaction and half-apply none`, async function () {
    const key = keyFromSqlCipherString(rawKey);
    const cli = findSqlcipher() && key.kind !== 'plain' ? (f: string) => assertCliIntegrity(f, { key }) : undefined;
    if (!cli) console.warn('      (the sqlcipher CLI is not on PATH: the final SQLCipher check is skipped)');
    const recover = cli && key.kind !== 'plain' ? (f: string) => void cliQuery(f, { key }, 'SELECT count(*) AS n FROM sqlite_schema') : undefined;
    const stats = await runCrashChains({ childScript, dir: dir(), chains: 2, trials: TRIALS, seed: 20241, key: rawKey, externalCheck: cli, externalCheckEvery: 25, externalRecovery: recover });
    console.log(
      `      ${stats.trials} kills in ${(stats.elapsedMs / 1000).toFixed(1)} s (2 databases at once): ${stats.checked} checked by the parent, ` +
        `${stats.trials - stats.checked} recovered by the next child; ${stats.hotJournals} left a hot journal, ${stats.staleJournals} a stale one, ` +
        `${stats.killedBeforeReady} during start-up, ${stats.killedInBigTransaction} in a big transaction, ` +
        `${stats.committedUnacknowledged} committed but unacknowledged; ${stats.acknowledged} transactions acknowledged; ` +
        `${stats.externalChecks} sqlcipher CLI checks, ${stats.externalRecoveries} hot journals rolled back by the CLI`,
    );
    // The trials must really have covered the interesting moments, or a pass would prove little.
    assert.equal(stats.trials, TRIALS);
    assert.ok(stats.acknowledged > TRIALS, 'the writers got real work done');
    assert.ok(stats.hotJournals >= TRIALS / 10, `kills left hot journals to roll back (${stats.hotJournals})`);
    assert.ok(stats.staleJournals > 0, 'kills landed mid-transaction too');
    assert.ok(stats.killedBeforeReady > 0 && stats.killedInBigTransaction > 0 && stats.smallCacheRuns > 0);
    if (cli) assert.ok(stats.externalChecks >= 2, 'the final database was checked by the sqlcipher CLI');
    if (cli) assert.ok(stats.externalRecoveries >= 3, `the sqlcipher CLI rolled back hot journals we left (${stats.externalRecoveries})`);
  });

  // Controls: the same trials with the database damaged before each check must fail, or the checks prove nothing.
  for (const [what, damage, expected] of [
    ['an acknowledged transaction lost', 'DELETE FROM acks WHERE txn = (SELECT max(txn) FROM acks)', /is missing|does not equal/],
    ['a transaction half applied', 'UPDATE data SET val = val || 1 WHERE id = (SELECT max(id) FROM data)', /does not equal/],
  ] as const) {
    it(`the checks notice ${what} (control)`, async function () {
      await assert.rejects(
        runCrashTrials({ childScript, file: path.join(dir(), 'control.db'), trials: 30, seed: 7, key: rawKey, keepFailures: false, sabotage: (db) => db.exec(damage) }),
        (error: unknown) => error instanceof CrashFailure && expected.test(error.message),
      );
    });
  }
});
