// SQLite writes a journal record in three calls (page number, page, checksum); our SQLCipher-layout journal makes
// them one write. Nothing stays held when anything else happens: a read, the size, a sync, a truncation, another
// write, a flush (the database file calls it before it changes) all find the bytes in the file.
import * as assert from 'node:assert/strict';
import type * as NodeFs from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { openSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SALT_SIZE, SqlCipherCodec } from '../../../../src/storage/cipher/sqlcipherCodec';
import { Database } from '../../../../src/storage/database';
import { SqlCipherJournalFile } from '../../../../src/storage/vfs/sqlcipherJournalFile';
import { useTempDir } from '../testFiles';

const P = 4096;
// The module object itself: the bundled VFS calls writeSync through its properties.
const fs = createRequire(__filename)('node:fs') as typeof NodeFs;

describe('journal records reach the file in one write', function () {
  this.timeout(60_000);
  const dir = useTempDir('trcaa-journal-writes-');

  it('a commit writes the header, one call per record and the header update: no 4-byte writes', async () => {
    const file = path.join(dir(), 'one.db');
    const db = await Database.open(file, { key: { kind: 'raw', key: Buffer.alloc(32, 3) } });
    db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)');
    db.exec('CREATE INDEX t_v ON t(v)');
    for (let i = 0; i < 50; i++) db.exec(`INSERT INTO t VALUES (${i}, '${'v'.repeat(300)}${i}')`);
    const journal = `${file}-journal`;
    const sizes: number[] = [];
    const original = fs.writeSync;
    let journalFd = -1;
    const openSync = fs.openSync;
    fs.openSync = ((name: string, ...rest: never[]) => {
      const fd = (openSync as (...args: unknown[]) => number)(name, ...rest);
      if (name === journal) journalFd = fd;
      return fd;
    }) as typeof fs.openSync;
    fs.writeSync = ((fd: number, buffer: Uint8Array, ...rest: never[]) => {
      const n = (original as (...args: unknown[]) => number)(fd, buffer, ...rest);
      if (fd === journalFd) sizes.push(n);
      return n;
    }) as typeof fs.writeSync;
    try {
      db.exec(`INSERT INTO t VALUES (1000, '${'w'.repeat(300)}')`);
    } finally {
      fs.writeSync = original;
      fs.openSync = openSync;
      db.close();
    }
    const records = sizes.filter((n) => n === P + 8).length;
    assert.ok(records >= 3, `records: ${JSON.stringify(sizes)}`); // page 1, the table's leaf, the index's leaf
    assert.deepEqual(sizes, [512, ...Array<number>(records).fill(P + 8), 12], 'header, records, header update');
  });

  describe('SqlCipherJournalFile holds a record only while SQLite writes it', () => {
    let fd: number;
    let journal: SqlCipherJournalFile;
    let name: string;
    const codec = new SqlCipherCodec(P, randomBytes(SALT_SIZE), { encryptionKey: createHash('sha256').update('e').digest(), hmacKey: createHash('sha256').update('m').digest() });
    const pageNumber = (n: number) => Buffer.from([0, 0, 0, n]);
    const onDisk = () => readFileSync(name);

    beforeEach(() => {
      name = path.join(dir(), 'x.db-journal');
      fd = openSync(name, 'w+');
      journal = new SqlCipherJournalFile(fd, codec, 'x.db-journal');
      journal.write(Buffer.alloc(512), 0); // a header, not synced
    });
    afterEach(() => {
      try {
        journal.close();
      } catch {
        // closed by the test already
      }
    });

    it('a whole record is written at once, with its page encrypted for its number and the checksum moved', () => {
      journal.write(pageNumber(5), 512);
      assert.equal(statSync(name).size, 512, 'the page number waits for its page');
      const page = randomBytes(P);
      journal.write(page, 516);
      assert.equal(statSync(name).size, 512);
      journal.write(Buffer.from([0, 0, 1, 0]), 516 + P);
      const bytes = onDisk();
      assert.equal(bytes.length, 512 + P + 8);
      assert.deepEqual(bytes.subarray(512, 516), pageNumber(5));
      const plain = Buffer.alloc(P);
      codec.decrypt(5, bytes.subarray(516, 516 + P), plain);
      assert.deepEqual(plain.subarray(0, P - 80), page.subarray(0, P - 80));
      // Read back through the journal, SQLite sees its own checksum and page again.
      const readPage = Buffer.alloc(P);
      assert.equal(journal.read(readPage, 516), P);
      const checksum = Buffer.alloc(4);
      assert.equal(journal.read(checksum, 516 + P), 4);
      assert.deepEqual(checksum, Buffer.from([0, 0, 1, 0]));
    });

    for (const [what, act] of [
      ['a read', () => journal.read(Buffer.alloc(4), 512)],
      ['the size', () => assert.equal(journal.size(), 516)],
      ['a sync', () => journal.sync()],
      ['a flush (the database file is about to change)', () => journal.flush()],
      ['a lock change of the database', () => journal.forgetSize()],
      ['a truncation', () => journal.truncate(4096)],
      ['another write', () => journal.write(Buffer.alloc(12, 1), 0)],
      ['closing', () => journal.close()],
    ] as const) {
      it(`a page number held is in the file before ${what}`, () => {
        journal.write(pageNumber(9), 512);
        act();
        assert.deepEqual(onDisk().subarray(512, 516), pageNumber(9));
      });
    }
  });
});
