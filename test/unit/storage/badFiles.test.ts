// Bad keys and bad files: each gives its own clear error (a StorageError code, the page when one is damaged) and
// leaves the file byte-identical, with no journal or other file created next to it.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SeededRandom } from '../../../src/core/demo/random';
import type { DatabaseKey } from '../../../src/storage/cipher/databaseKey';
import { keyFromSqlCipherString } from '../../../src/storage/cipher/databaseKey';
import { verifyPages } from '../../../src/storage/cipher/verifyPages';
import { Database } from '../../../src/storage/database';
import type { StorageErrorCode } from '../../../src/storage/errors';
import { StorageError } from '../../../src/storage/errors';
import { findSqlcipher, runSqlcipher } from './interop/sqlcipherCli';
import { listFiles } from './interop/storageFolder';
import { useTempDir } from './testFiles';

const passphrase: DatabaseKey = { kind: 'passphrase', passphrase: 'the right passphrase' };
const rawKey: DatabaseKey = { kind: 'raw', key: createHash('sha256').update('the right raw key').digest() };
const PAGE = 4096;

/** Every file in the folder with its SHA-256: the "before" and "after" of each case. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((name) => [name, createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex')]));
}

function isStorageError(code: StorageErrorCode | readonly StorageErrorCode[], page?: number) {
  const codes: readonly StorageErrorCode[] = typeof code === 'string' ? [code] : code;
  return (error: unknown) => {
    assert.ok(error instanceof StorageError, `a StorageError, not ${String(error)}`);
    assert.ok(codes.includes(error.code), `code ${error.code} (${error.message}), expected ${codes.join(' or ')}`);
    if (page !== undefined) assert.equal(error.details.page, page, error.message);
    assert.ok(error.message.length > 20, 'a message that says what is wrong');
    return true;
  };
}

describe('bad keys and bad files', function () {
  this.timeout(60_000);
  const dir = useTempDir('trcaa-bad-files-');

  /** A database with enough rows for a few dozen pages. */
  async function makeDatabase(name: string, key: DatabaseKey, cipherPageSize?: 4096 | 16384): Promise<string> {
    const file = path.join(dir(), name);
    const db = await Database.open(file, { key, cipherPageSize });
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t(body) SELECT printf('row %d of the bad-files fixture', i) FROM n");
    db.close();
    return file;
  }

  /** Runs `attempt`, expects the error, and checks the folder is byte-for-byte what it was. */
  async function expectUntouched(attempt: () => Promise<unknown>, check: (error: unknown) => boolean): Promise<void> {
    const before = snapshot(dir());
    await assert.rejects(attempt, check);
    assert.deepEqual(snapshot(dir()), before, 'every file byte-identical, none created');
  }

  /** Opens and reads every page (integrity_check), closing whatever happens. */
  async function openAndRead(file: string, key: DatabaseKey): Promise<void> {
    const db = await Database.open(file, { key, create: false });
    try {
      db.query('PRAGMA integrity_check');
      db.query('SELECT * FROM t');
    } finally {
      db.close();
    }
  }

  describe('keys', () => {
    it('a wrong passphrase → WRONG_KEY', async () => {
      const file = await makeDatabase('a.db', passphrase);
      await expectUntouched(() => openAndRead(file, { kind: 'passphrase', passphrase: 'the wrong passphrase' }), isStorageError('WRONG_KEY'));
    });

    it('a wrong raw key → WRONG_KEY (also the raw key of another database, and a passphrase on a raw-key file)', async () => {
      const file = await makeDatabase('a.db', rawKey);
      await expectUntouched(() => openAndRead(file, { kind: 'raw', key: createHash('sha256').update('another key').digest() }), isStorageError('WRONG_KEY'));
      await expectUntouched(() => openAndRead(file, { kind: 'passphrase', passphrase: rawKey.kind === 'raw' ? rawKey.key.toString('hex') : '' }), isStorageError('WRONG_KEY'));
    });

    it('a wrong key on a 16384-byte-page database → WRONG_KEY', async () => {
      const file = await makeDatabase('a.db', passphrase, 16384);
      await expectUntouched(() => openAndRead(file, { kind: 'passphrase', passphrase: 'nope' }), isStorageError('WRONG_KEY'));
    });

    it('a plain database opened with a key → PLAIN_DATABASE', async () => {
      const file = await makeDatabase('a.db', { kind: 'plain' });
      await expectUntouched(() => openAndRead(file, passphrase), isStorageError('PLAIN_DATABASE'));
      await expectUntouched(() => openAndRead(file, rawKey), isStorageError('PLAIN_DATABASE'));
    });

    it('an encrypted database opened as plain → ENCRYPTED_DATABASE', async () => {
      const file = await makeDatabase('a.db', passphrase);
      await expectUntouched(() => openAndRead(file, { kind: 'plain' }), isStorageError('ENCRYPTED_DATABASE'));
    });

    it('no key: an empty passphrase is MISSING_KEY, a malformed raw key BAD_KEY_FORMAT', () => {
      assert.throws(() => keyFromSqlCipherString(''), isStorageError('MISSING_KEY'));
      assert.throws(() => keyFromSqlCipherString("x'0123'"), isStorageError('BAD_KEY_FORMAT'));
      assert.throws(() => keyFromSqlCipherString(`x'${'g'.repeat(64)}'`), isStorageError('BAD_KEY_FORMAT'));
    });

    it('Database.open with an empty passphrase → MISSING_KEY, on an existing file and for a new one (none created)', async () => {
      const file = await makeDatabase('a.db', passphrase);
      await expectUntouched(() => openAndRead(file, { kind: 'passphrase', passphrase: '' }), isStorageError('MISSING_KEY'));
      // SQLCipher reads an empty key as "no encryption": a database keyed so could never be opened by its CLI.
      await expectUntouched(() => Database.open(path.join(dir(), 'new.db'), { key: { kind: 'passphrase', passphrase: '' } }), isStorageError('MISSING_KEY'));
    });

    it('Database.open with a raw key that is not 32 bytes → BAD_KEY_FORMAT (none created)', async () => {
      const file = await makeDatabase('a.db', rawKey);
      await expectUntouched(() => openAndRead(file, { kind: 'raw', key: Buffer.alloc(16, 7) }), isStorageError('BAD_KEY_FORMAT'));
      await expectUntouched(() => Database.open(path.join(dir(), 'new.db'), { key: { kind: 'raw', key: Buffer.alloc(5) } }), isStorageError('BAD_KEY_FORMAT'));
    });
  });

  describe('files', () => {
    it('truncated in the middle of a page → TRUNCATED', async () => {
      const file = await makeDatabase('a.db', passphrase);
      const pages = readFileSync(file).length / PAGE;
      assert.ok(pages > 5);
      for (const size of [(pages - 1) * PAGE + 1000, PAGE + PAGE / 2, PAGE + 1]) {
        truncateSync(file, size);
        await expectUntouched(() => openAndRead(file, passphrase), isStorageError('TRUNCATED'));
        assert.throws(() => verifyPages(file, passphrase), isStorageError('TRUNCATED'));
      }
    });

    it('truncated to less than one page → TRUNCATED', async () => {
      const file = await makeDatabase('a.db', passphrase);
      for (const size of [PAGE - 1, 1000, 17]) {
        truncateSync(file, size);
        await expectUntouched(() => openAndRead(file, passphrase), isStorageError('TRUNCATED'));
      }
    });

    for (const [where, offset] of [
      ['its ciphertext', 100],
      ['its IV', PAGE - 80 + 3],
      ['its HMAC', PAGE - 64 + 10],
    ] as const) {
      it(`one flipped byte in ${where} → CORRUPT_PAGE naming the page, and verifyPages lists it`, async () => {
        const file = await makeDatabase('a.db', passphrase);
        const bytes = readFileSync(file);
        const page = Math.floor(bytes.length / PAGE / 2); // a page of table t (the only b-tree besides the schema)
        bytes[(page - 1) * PAGE + offset] ^= 0x10;
        writeFileSync(file, bytes);
        await expectUntouched(() => openAndRead(file, passphrase), isStorageError('CORRUPT_PAGE', page));
        assert.deepEqual(verifyPages(file, passphrase).badPages, [page]);
      });
    }

    it('one flipped byte in a 16384-byte page → CORRUPT_PAGE naming it', async () => {
      const file = await makeDatabase('a.db', rawKey, 16384);
      const bytes = readFileSync(file);
      const pages = bytes.length / 16384;
      assert.ok(pages >= 3);
      bytes[(pages - 1) * 16384 + 5000] ^= 0x01; // the last page
      writeFileSync(file, bytes);
      await expectUntouched(() => openAndRead(file, rawKey), isStorageError('CORRUPT_PAGE', pages));
      assert.deepEqual(verifyPages(file, rawKey).badPages, [pages]);
    });

    it('a flipped byte in page 1 → WRONG_KEY (page 1 is what proves the key)', async () => {
      const file = await makeDatabase('a.db', passphrase);
      for (const offset of [3, 500, PAGE - 1]) {
        const bytes = readFileSync(file);
        bytes[offset] ^= 0x80;
        writeFileSync(file, bytes);
        await expectUntouched(() => openAndRead(file, passphrase), isStorageError('WRONG_KEY'));
        bytes[offset] ^= 0x80;
        writeFileSync(file, bytes);
      }
    });

    it('random garbage → WRONG_KEY or NOT_A_DATABASE with a key, ENCRYPTED_DATABASE as plain', async () => {
      const random = new SeededRandom(404);
      const file = path.join(dir(), 'garbage.db');
      for (const size of [3 * PAGE, 5000, 16384 * 2]) {
        writeFileSync(file, Buffer.from(Array.from({ length: size }, () => random.int(0, 255))));
        await expectUntouched(() => openAndRead(file, passphrase), isStorageError(['WRONG_KEY', 'NOT_A_DATABASE']));
        await expectUntouched(() => openAndRead(file, rawKey), isStorageError(['WRONG_KEY', 'NOT_A_DATABASE']));
        await expectUntouched(() => openAndRead(file, { kind: 'plain' }), isStorageError('ENCRYPTED_DATABASE'));
      }
    });

    it('garbage behind a plain SQLite header → NOT_A_DATABASE as plain, PLAIN_DATABASE with a key', async () => {
      const random = new SeededRandom(405);
      const file = path.join(dir(), 'fake.db');
      const bytes = Buffer.from(Array.from({ length: 3 * PAGE }, () => random.int(0, 255)));
      bytes.write('SQLite format 3\0', 0, 'latin1');
      writeFileSync(file, bytes);
      await expectUntouched(() => openAndRead(file, { kind: 'plain' }), isStorageError('NOT_A_DATABASE'));
      await expectUntouched(() => openAndRead(file, passphrase), isStorageError('PLAIN_DATABASE'));
    });

    it('a hot journal beside a file opened with the wrong key is left alone, then rolled back by the right key', async () => {
      // A crash image: the database and its hot journal copied mid-transaction (a 10-page cache forces spills).
      const file = await makeDatabase('live.db', passphrase);
      const image = path.join(dir(), 'image');
      mkdirSync(image);
      const db = await Database.open(file, { key: passphrase });
      const committed = db.get('SELECT count(*) AS n, sum(length(body)) AS bytes FROM t');
      db.exec('PRAGMA cache_size = 10; BEGIN IMMEDIATE');
      db.exec("UPDATE t SET body = body || ' — changed by a transaction that never commits'");
      db.exec("INSERT INTO t(body) SELECT body FROM t WHERE id <= 500");
      assert.ok(existsSync(`${file}-journal`), 'the transaction has a journal');
      copyFileSync(file, path.join(image, 'crashed.db'));
      copyFileSync(`${file}-journal`, path.join(image, 'crashed.db-journal'));
      db.exec('ROLLBACK');
      db.close();

      const crashed = path.join(image, 'crashed.db');
      const before = snapshot(image);
      await assert.rejects(openAndRead(crashed, { kind: 'passphrase', passphrase: 'wrong' }), isStorageError('WRONG_KEY'));
      await assert.rejects(openAndRead(crashed, { kind: 'plain' }), isStorageError('ENCRYPTED_DATABASE'));
      assert.deepEqual(snapshot(image), before, 'database and journal untouched');

      const recovered = await Database.open(crashed, { key: passphrase, create: false });
      try {
        assert.deepEqual(recovered.get('SELECT count(*) AS n, sum(length(body)) AS bytes FROM t'), committed, 'rolled back to the last commit');
        assert.equal(recovered.get('PRAGMA integrity_check')?.integrity_check, 'ok');
      } finally {
        recovered.close();
      }
      assert.ok(!existsSync(`${crashed}-journal`), 'the hot journal was played back and removed');
      assert.deepEqual(verifyPages(crashed, passphrase).badPages, []);
    });

    it('a UTF-16 database (which the WASM build cannot read) → NOT_A_DATABASE, untouched', async function () {
      if (!findSqlcipher()) this.skip(); // the CLI (without a key) is how we make a UTF-16 SQLite file
      const file = path.join(dir(), 'utf16.db');
      runSqlcipher(file, 'plain', "PRAGMA encoding = 'UTF-16le'; CREATE TABLE t(body TEXT); INSERT INTO t VALUES ('x');");
      await expectUntouched(() => openAndRead(file, { kind: 'plain' }), isStorageError('NOT_A_DATABASE'));
    });

    it('a 0-byte file is not taken for a new database: NOT_A_DATABASE with or without create, left at 0 bytes', async () => {
      const file = path.join(dir(), 'empty.db');
      writeFileSync(file, '');
      for (const key of [passphrase, rawKey, { kind: 'plain' } as const]) {
        for (const create of [false, true]) {
          await expectUntouched(async () => (await Database.open(file, { key, create })).close(), (error) => {
            isStorageError('NOT_A_DATABASE')(error);
            assert.match((error as Error).message, /empty \(0 bytes\)/);
            return true;
          });
        }
      }
    });

    it('a folder at the path → NOT_A_DATABASE (no raw EISDIR)', async () => {
      const folder = path.join(dir(), 'folder.db');
      mkdirSync(folder);
      await expectUntouched(async () => (await Database.open(folder, { key: rawKey })).close(), isStorageError('NOT_A_DATABASE'));
      // A FIFO is tried in a child process (test/unit/cli/trcaaDb.test.ts): on today's code it would block this one.
    });
  });
});
