import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../host/paths';
import { useTempDir } from '../storage/testFiles';

const cli = path.join(repoRoot, 'dist', 'trcaa-db.js');
const rawKey = `x'${'3c'.repeat(32)}'`;

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, lines: result.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('trcaa-db CLI', () => {
  const dir = useTempDir('trcaa-cli-');

  it('creates, executes, checks, exports and re-keys a database', () => {
    const file = path.join(dir(), 'x.db');
    const env = { TEST_PASS: 'hunter2 but longer' };
    assert.equal(run(['create', file, '--passphrase-env', 'TEST_PASS'], env).code, 0);
    const exec = run(['exec', file, "CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 'semi;colon'), (2, x'00ff'); SELECT a, b FROM t ORDER BY a; SELECT count(*) AS n FROM t", '--passphrase-env', 'TEST_PASS'], env);
    assert.equal(exec.code, 0, exec.stderr);
    assert.deepEqual(exec.lines, [{ a: 1, b: 'semi;colon' }, { a: 2, b: { $blob: 'AP8=' } }, { n: 2 }]);
    const check = run(['check', file, '--passphrase-env', 'TEST_PASS'], env);
    assert.equal(check.code, 0);
    assert.equal(check.lines[0]?.ok, true);
    const exported = run(['export-json', file, '--passphrase-env', 'TEST_PASS'], env).lines[0] as { tables: Record<string, unknown[]> };
    assert.equal(exported.tables.t?.length, 2);
    assert.ok('_migrations' in exported.tables);

    assert.equal(run(['rekey', file, '--passphrase-env', 'TEST_PASS', '--new-key', rawKey], env).code, 0);
    const old = run(['check', file, '--passphrase-env', 'TEST_PASS'], env);
    assert.equal(old.code, 1);
    assert.match(old.stderr, /WRONG_KEY/);
    assert.equal(run(['check', file, '--key', rawKey]).code, 0);
  });

  it('check fails (exit 1) and names the page when a byte is flipped', () => {
    const file = path.join(dir(), 'y.db');
    run(['create', file, '--key', rawKey]);
    run(['exec', file, "CREATE TABLE t(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 3000) INSERT INTO t SELECT hex(randomblob(40)) FROM n", '--key', rawKey]);
    const bytes = readFileSync(file);
    bytes[4 * 4096 + 7] ^= 0x80; // page 5
    writeFileSync(file, bytes);
    const result = run(['check', file, '--key', rawKey]);
    assert.equal(result.code, 1);
    assert.equal(result.lines[0]?.ok, false);
    assert.deepEqual(result.lines[0]?.badPages, [5]);
  });

  it('rejects bad usage with exit 2 and a usage text on stderr', () => {
    const noKey = run(['create', path.join(dir(), 'z.db')]);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /exactly one of --key/);
    const badKey = run(['create', path.join(dir(), 'z.db'), '--key', "x'1234'"]);
    assert.notEqual(badKey.code, 0);
    assert.match(badKey.stderr, /64 hexadecimal/);
    assert.equal(run(['frobnicate', 'f.db', '--plain']).code, 2);
  });
});
