import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

describe('trcaa-db CLI: files and options it refuses', function () {
  this.timeout(60_000);
  const dir = useTempDir('trcaa-cli-refuse-');

  it('a 0-byte file is not a database: check and exec refuse it and leave it at 0 bytes; create refuses it too', () => {
    const file = path.join(dir(), 'empty.db');
    writeFileSync(file, '');
    for (const args of [['check', file, '--key', rawKey], ['exec', file, 'CREATE TABLE t(x)', '--key', rawKey], ['create', file, '--key', rawKey], ['check', file, '--plain']]) {
      const result = run(args);
      assert.equal(result.code, 1, `${args[0]} exits 1: ${result.stdout}`);
      assert.match(result.stderr, /empty \(0 bytes\).*NOT_A_DATABASE/s, args[0]);
      assert.equal(statSync(file).size, 0, `${args[0]} wrote nothing`);
    }
    assert.deepEqual(readdirSync(dir()), ['empty.db'], 'no journal, lock folder or other file left');
  });

  it('PRAGMA key and its siblings through exec are refused with a pointer to rekey, before any statement runs', () => {
    const file = path.join(dir(), 'k.db');
    assert.equal(run(['create', file, '--key', rawKey]).code, 0);
    for (const pragma of ["PRAGMA key = 'x'", "PRAGMA rekey = 'new'", "/* c */ pragma main.REKEY=\"x'00'\"", "PRAGMA hexkey = '00'", "PRAGMA hexrekey='00'", "PRAGMA textkey = 'a'", "PRAGMA textrekey('a')"]) {
      const result = run(['exec', file, `CREATE TABLE before_${Math.random().toString(36).slice(2)}(x); ${pragma}`, '--key', rawKey]);
      assert.equal(result.code, 2, `${pragma}: ${result.stderr}`);
      assert.match(result.stderr, /trcaa-db rekey/, pragma);
    }
    const tables = run(['exec', file, "SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE 'before_%'", '--key', rawKey]);
    assert.deepEqual(tables.lines, [{ n: 0 }], 'nothing in a refused script ran');
    // SQLCipher's other pragmas do nothing in our build either: no rows from cipher_integrity_check would read as "ok".
    for (const [pragma, pointer] of [['PRAGMA cipher_integrity_check', /trcaa-db check/], ['PRAGMA cipher_page_size = 16384', /--cipher-page-size/], ['PRAGMA kdf_iter = 64000', /SQLCipher 4/], ['PRAGMA cipher_migrate', /SQLCipher 4/]] as const) {
      const result = run(['exec', file, pragma, '--key', rawKey]);
      assert.equal(result.code, 2, `${pragma}: ${result.stderr}`);
      assert.match(result.stderr, pointer, pragma);
    }
    // Another file through SQL (ATTACH, VACUUM INTO) would be opened without a key of its own: refused, none made.
    for (const sql of [`ATTACH '${path.join(dir(), 'other.db')}' AS o`, `VACUUM INTO '${path.join(dir(), 'copy.db')}'`]) {
      const result = run(['exec', file, sql, '--key', rawKey]);
      assert.equal(result.code, 1, sql);
      assert.match(result.stderr, /not supported.*export-json/s, sql);
    }
    assert.deepEqual(readdirSync(dir()).sort(), ['k.db', 'k.db-lock']);
    // A value that only mentions a key is fine.
    assert.equal(run(['exec', file, "SELECT 'PRAGMA key = 1' AS s", '--key', rawKey]).code, 0);
  });

  it('a folder, a FIFO or a second --key is refused with a clear message, without hanging', () => {
    const folder = path.join(dir(), 'folder.db');
    mkdirSync(folder);
    const onFolder = run(['check', folder, '--key', rawKey]);
    assert.equal(onFolder.code, 1);
    assert.match(onFolder.stderr, /is a folder, not a database file/);
    assert.doesNotMatch(onFolder.stderr, /EISDIR/);

    const fifo = path.join(dir(), 'pipe.db');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    for (const command of ['check', 'exec', 'create']) {
      const started = Date.now();
      const result = spawnSync(process.execPath, [cli, command, fifo, 'SELECT 1', '--key', rawKey], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(result.signal, null, `${command} on a FIFO must not hang (${Date.now() - started} ms)`);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /not a regular file/);
    }

    const twice = run(['check', path.join(dir(), 'x.db'), '--key', rawKey, '--key', `x'${'00'.repeat(32)}'`]);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /--key is given twice/);
    const mixed = run(['rekey', path.join(dir(), 'x.db'), '--key', rawKey, '--new-plain', '--new-plain']);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /--new-plain is given twice/);
  });
});
