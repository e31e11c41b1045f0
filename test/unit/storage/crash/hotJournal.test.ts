// Hot journals after a SIGKILL, across SQLite builds, and damaged ones. A writer is killed in the middle of a
// transaction whose changed pages were already spilled into the database file, so the file holds half a
// transaction and only the journal can undo it:
// - the real sqlcipher CLI opening that database first must roll it back (our journal is in SQLCipher's own
//   layout), and our engine must roll back a journal the CLI left;
// - a journal damaged after the kill is refused with an error naming it, and no file changes (db, journal, lock
//   folder); undamaged again, it still rolls back; a journal in our earlier format still rolls back.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keyFromSqlCipherString } from '../../../../src/storage/cipher/databaseKey';
import { inspectFile, unlockExisting } from '../../../../src/storage/cipher/fileFormat';
import { verifyPages } from '../../../../src/storage/cipher/verifyPages';
import { Database } from '../../../../src/storage/database';
import { StorageError } from '../../../../src/storage/errors';
import { wasmPath } from '../../../../src/storage/sqliteWasm';
import { BlockCipherFile } from '../../../../src/storage/vfs/blockCipherFile';
import { SqlCipherJournalFile } from '../../../../src/storage/vfs/sqlcipherJournalFile';
import { useTempDir } from '../testFiles';
import type { CliKey } from '../interop/sqlcipherCli';
import { assertCliIntegrity, cliQuery, findSqlcipher, keyPragma } from '../interop/sqlcipherCli';

const rawKey = `x'${createHash('sha256').update('hot journal key').digest('hex')}'`;
const key = keyFromSqlCipherString(rawKey) as CliKey;
const ROWS = 3000;
const SUMMARY = "SELECT count(*) AS n, sum(length(body)) AS len, sum(body LIKE '%x') AS changed FROM t";
const JOURNAL_MAGIC = Buffer.from('d9d505f920a163d7', 'hex');
const body = (i: number) => createHash('sha256').update(String(i)).digest('hex').repeat(2);
const expected = { n: ROWS, len: ROWS * 128, changed: 0 };

/** Every entry under `dir` (lock folder included) with the SHA-256 of each file's bytes. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(dir, name);
    entries[name] = statSync(full).isDirectory() ? 'folder' : createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return entries;
}

describe('hot journals: another SQLite build, and a damaged journal', function () {
  this.timeout(120_000);
  const dir = useTempDir('trcaa-hot-journal-');
  const file = () => path.join(dir(), 'crash.db');
  const journal = () => `${file()}-journal`;
  let childDir = '';
  let childScript = '';

  before(() => {
    const built = path.join(__dirname, 'hotJournalChild.js');
    assert.ok(existsSync(built), `${built} is built by npm run build`);
    childDir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-hot-journal-child-'));
    childScript = path.join(childDir, 'hotJournalChild.js');
    copyFileSync(built, childScript);
    copyFileSync(wasmPath(), path.join(childDir, 'sqlite3.wasm'));
  });
  after(() => rmSync(childDir, { recursive: true, force: true }));

  async function createTable(): Promise<void> {
    const db = await Database.open(file(), { key });
    try {
      db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
      db.transaction(() => {
        for (let i = 1; i <= ROWS; i++) db.exec('INSERT INTO t VALUES (?, ?)', [i, body(i)]);
      });
    } finally {
      db.close();
    }
  }

  /** Runs `command` until it prints `spilled`, then SIGKILLs it (by its pid). */
  function killAfterSpill(command: string, args: string[], input?: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { env: { ...process.env, CRASH_DB_KEY: rawKey }, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let killed = false;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (!killed && out.includes('spilled')) {
          killed = true;
          child.kill('SIGKILL');
        }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      child.on('error', reject);
      child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`${path.basename(command)} ended on its own: ${err.trim()}`))));
      if (input !== undefined) child.stdin.write(input); // stdin stays open: the CLI waits for more
      else child.stdin.end();
    });
  }

  /** Our writer killed mid-transaction: a hot journal and a database file holding half the transaction. */
  async function killOurWriter(): Promise<void> {
    await createTable();
    const before = readFileSync(file());
    await killAfterSpill(process.execPath, [childScript, file()]);
    assert.ok(existsSync(journal()), 'the kill left a journal');
    assert.ok(!readFileSync(file()).equals(before), 'the database file holds spilled pages of the unfinished transaction');
  }

  async function ourSummary(): Promise<unknown> {
    const db = await Database.open(file(), { key, create: false });
    try {
      assert.deepEqual(db.query('PRAGMA integrity_check').map((row) => ({ ...row })), [{ integrity_check: 'ok' }]);
      return { ...db.get(SUMMARY) };
    } finally {
      db.close();
    }
  }

  it('the sqlcipher CLI opening the database first rolls back the hot journal our engine left', async function () {
    if (!findSqlcipher()) return this.skip();
    await killOurWriter();
    assert.deepEqual(cliQuery(file(), { key }, SUMMARY), [expected], 'the CLI sees the rows as before the transaction');
    assert.ok(!existsSync(journal()), 'the CLI rolled the journal back and deleted it');
    assertCliIntegrity(file(), { key });
    assert.deepEqual(await ourSummary(), expected);
    assert.deepEqual(verifyPages(file(), key).badPages, []);
  });

  it('our engine rolls back the hot journal our engine left', async () => {
    await killOurWriter();
    assert.deepEqual(await ourSummary(), expected);
    assert.ok(!existsSync(journal()));
    assert.deepEqual(verifyPages(file(), key).badPages, []);
    if (findSqlcipher()) assertCliIntegrity(file(), { key });
  });

  it('our engine rolls back a hot journal the sqlcipher CLI left', async function () {
    const cli = findSqlcipher();
    if (!cli) return this.skip();
    await createTable();
    const script = ['.bail on', keyPragma(key), 'PRAGMA cache_size = 10;', 'BEGIN IMMEDIATE;', "UPDATE t SET body = body || 'x';", "SELECT 'spilled';", ''].join('\n');
    await killAfterSpill(cli, ['-batch', file()], script);
    assert.ok(readFileSync(journal()).subarray(0, 8).equals(JOURNAL_MAGIC), 'the CLI left a hot journal');
    assert.deepEqual(await ourSummary(), expected);
    assert.ok(!existsSync(journal()));
    assert.deepEqual(verifyPages(file(), key).badPages, []);
    assertCliIntegrity(file(), { key });
  });

  // Damage a journal SQLite had synced (the first segment's header and records): each must be refused.
  const P = 4096;
  // The first record follows the header, one journal sector long (its size is in the header: 512 from our VFS as from the CLI).
  const records = (bytes: Buffer) => bytes.readUInt32BE(20);
  const flip = (at: (bytes: Buffer) => number) => (bytes: Buffer) => {
    bytes[at(bytes)] = (bytes[at(bytes)] as number) ^ 0x5a;
    return bytes;
  };
  for (const [what, damage] of [
    ['a byte of a page it holds changed', flip((bytes) => records(bytes) + 4 + 1000)],
    ['a byte of a record checksum changed', flip((bytes) => records(bytes) + 4 + P + 3)],
    ['a record page number changed', flip((bytes) => records(bytes) + 3)],
    ['its header magic changed', flip(() => 1)],
    ['its header page size changed', flip(() => 26)],
    ['it cut short inside the synced records', (bytes: Buffer) => bytes.subarray(0, records(bytes) + (P + 8) + 100)],
  ] as const) {
    it(`a hot journal with ${what} is refused, naming the journal, and no file changes`, async () => {
      await killOurWriter();
      const original = readFileSync(journal());
      writeFileSync(journal(), damage(Buffer.from(original)));
      const before = snapshot(dir());
      for (let attempt = 1; attempt <= 2; attempt++) {
        await assert.rejects(Database.open(file(), { key, create: false }), (error: unknown) => {
          assert.ok(error instanceof StorageError, String(error));
          assert.equal(error.code, 'CORRUPT_JOURNAL', error.message);
          assert.match(error.message, /crash\.db-journal/);
          return true;
        });
        assert.deepEqual(snapshot(dir()), before, `attempt ${attempt} changed no file`);
      }
      // Nothing was lost: the journal as it was rolls the transaction back.
      writeFileSync(journal(), original);
      assert.deepEqual(await ourSummary(), expected);
    });
  }

  it('a damaged hot journal that appears while the database is open fails the next statement, changing neither file', async () => {
    await killOurWriter();
    const damaged = flip((bytes) => records(bytes) + 4 + 1000)(readFileSync(journal()));
    rmSync(journal());
    const db = await Database.open(file(), { key, create: false }); // the half-written file, without its journal
    try {
      writeFileSync(journal(), damaged);
      const before = [readFileSync(file()), readFileSync(journal())];
      assert.throws(() => db.get('SELECT count(*) AS n FROM t'), (error: unknown) => error instanceof StorageError && error.code === 'CORRUPT_JOURNAL');
      assert.deepEqual([readFileSync(file()), readFileSync(journal())], before);
    } finally {
      db.close();
    }
  });

  it('a hot journal in our earlier format (AES-GCM blocks) is still rolled back', async () => {
    await killOurWriter();
    const state = inspectFile(file());
    assert.equal(state.kind, 'encrypted');
    if (state.kind !== 'encrypted') return;
    const { codec, journalKey } = unlockExisting(file(), state, key);
    // The same journal as SQLite wrote it (plain pages, checksums over them), stored in the earlier block format.
    const bytes = readFileSync(journal());
    const plain = Buffer.from(bytes);
    const reader = new SqlCipherJournalFile(openSync(journal(), 'r'), codec, 'crash.db-journal');
    const sectorSize = bytes.readUInt32BE(20);
    let segments = 0;
    for (let at = 0; at + sectorSize <= bytes.length && bytes.subarray(at, at + 8).equals(JOURNAL_MAGIC); segments++) {
      const nRec = bytes.readUInt32BE(at + 8);
      at += sectorSize;
      for (let i = 0; i < nRec; i++, at += P + 8) {
        reader.read(plain.subarray(at + 4, at + 4 + P), at + 4);
        reader.read(plain.subarray(at + 4 + P, at + 8 + P), at + 4 + P);
      }
      at = Math.ceil(at / sectorSize) * sectorSize;
    }
    reader.close();
    assert.ok(segments > 1, 'the journal has several synced segments');
    rmSync(journal());
    const writer = new BlockCipherFile(openSync(journal(), 'w+'), journalKey);
    writer.write(plain, 0);
    writer.close();
    assert.ok(!readFileSync(journal()).subarray(0, 8).equals(JOURNAL_MAGIC));
    assert.deepEqual(await ourSummary(), expected);
    assert.ok(!existsSync(journal()));
  });

  it('a journal left before it was synced (not hot) is no error: SQLite ignores it', async () => {
    await createTable();
    // What a writer killed before its first journal sync leaves: a header without the magic, records after it.
    const sector = 512;
    const stale = Buffer.alloc(sector + 2 * (P + 8));
    stale.writeUInt32BE(0x12345678, 12);
    stale.writeUInt32BE(1, 16);
    stale.writeUInt32BE(sector, 20);
    stale.writeUInt32BE(P, 24);
    stale.fill(0xa7, sector);
    writeFileSync(journal(), stale);
    truncateSync(journal(), stale.length - 50); // torn too
    assert.deepEqual(await ourSummary(), expected);
  });
});
