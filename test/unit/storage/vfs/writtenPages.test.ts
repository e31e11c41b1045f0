// A journal record of a page the connection wrote last reuses the stored bytes it wrote (writtenPages.ts): no second
// encryption of the same page, only ever for exactly the same plaintext, and the journal still rolls back.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RESERVE_SIZE, SALT_SIZE } from '../../../../src/storage/cipher/sqlcipherCodec';
import { JOURNAL_MAGIC } from '../../../../src/storage/vfs/sqlcipherJournalFile';
import { Database } from '../../../../src/storage/database';
import { assertCliIntegrity, cliQuery, findSqlcipher } from '../interop/sqlcipherCli';
import { WrittenPages } from '../../../../src/storage/vfs/writtenPages';
import { useTempDir } from '../testFiles';

const P = 4096;
const KEY = { kind: 'raw' as const, key: Buffer.alloc(32, 7) };

function page(fill: number): { plain: Buffer; stored: Buffer } {
  return { plain: Buffer.alloc(P, fill), stored: randomBytes(P) };
}

describe('WrittenPages: the stored bytes of the pages written last', () => {
  it('gives the stored bytes back only for the same plaintext of the same page', () => {
    const written = new WrittenPages(P);
    const { plain, stored } = page(1);
    written.remember(5, plain, stored);
    assert.deepEqual(written.storedFor(5, Buffer.from(plain)), stored);
    assert.equal(written.storedFor(6, plain), undefined, 'another page number');
    const changed = Buffer.from(plain);
    changed[P - RESERVE_SIZE - 1] = 2; // the last byte the cipher covers
    assert.equal(written.storedFor(5, changed), undefined);
    changed[P - RESERVE_SIZE - 1] = 1;
    changed[0] = 9;
    assert.equal(written.storedFor(5, changed), undefined, 'the first byte');
  });

  it('keeps copies: the buffers SQLite passes may change afterwards', () => {
    const written = new WrittenPages(P);
    const { plain, stored } = page(1);
    const kept = Buffer.from(stored);
    written.remember(3, plain, stored);
    stored.fill(0);
    plain.fill(4);
    assert.equal(written.storedFor(3, plain), undefined);
    assert.deepEqual(written.storedFor(3, Buffer.alloc(P, 1)), kept);
  });

  it("ignores what the cipher does not cover: page 1's first 16 bytes and every page's reserved bytes", () => {
    const written = new WrittenPages(P);
    const one = page(1);
    written.remember(1, one.plain, one.stored);
    const header = Buffer.from(one.plain);
    header.fill(0, 0, SALT_SIZE);
    header.fill(0, P - RESERVE_SIZE);
    assert.deepEqual(written.storedFor(1, header), one.stored);
    const two = page(2);
    written.remember(2, two.plain, two.stored);
    const other = Buffer.from(two.plain);
    other.fill(0, 0, SALT_SIZE); // covered on any page but 1
    assert.equal(written.storedFor(2, other), undefined);
  });

  it('forgets the least recently written page first, within its size', () => {
    const written = new WrittenPages(P, 3 * 2 * P); // three pages
    const pages = [1, 2, 3].map((n) => ({ n, ...page(n) }));
    for (const { n, plain, stored } of pages) written.remember(n, plain, stored);
    const [first, second, third] = pages as [(typeof pages)[0], (typeof pages)[0], (typeof pages)[0]];
    written.remember(first.n, first.plain, first.stored); // written again: now the most recent
    const fourth = page(4);
    written.remember(4, fourth.plain, fourth.stored);
    assert.equal(written.storedFor(second.n, second.plain), undefined, 'page 2 was the least recent');
    assert.deepEqual(written.storedFor(first.n, first.plain), first.stored);
    assert.deepEqual(written.storedFor(third.n, third.plain), third.stored);
    assert.deepEqual(written.storedFor(4, fourth.plain), fourth.stored);
    // The newest version of a page replaces the older one.
    const again = page(9);
    written.remember(4, again.plain, again.stored);
    assert.equal(written.storedFor(4, fourth.plain), undefined);
    assert.deepEqual(written.storedFor(4, again.plain), again.stored);
  });
});

describe('the rollback journal reuses what the database file stored last', function () {
  this.timeout(60_000);
  const dir = useTempDir('trcaa-written-');
  const row = (i: number) => `'${String(i).padStart(6, '0')}${'x'.repeat(200)}'`;

  /** A journal's records, segment by segment (a segment whose header is not synced yet: all its whole records). */
  function records(journal: string): Array<{ pgno: number; stored: Buffer }> {
    const bytes = readFileSync(journal);
    const sector = bytes.readUInt32BE(20);
    const out: Array<{ pgno: number; stored: Buffer }> = [];
    for (let segment = 0; segment + sector <= bytes.length; ) {
      const synced = bytes.subarray(segment, segment + 8).equals(JOURNAL_MAGIC);
      if (segment > 0 && !synced) break;
      const count = synced ? bytes.readUInt32BE(segment + 8) : Math.floor((bytes.length - segment - sector) / (P + 8));
      let at = segment + sector;
      for (let i = 0; i < count; i++, at += P + 8) out.push({ pgno: bytes.readUInt32BE(at), stored: Buffer.from(bytes.subarray(at + 4, at + 4 + P)) });
      segment = Math.ceil(at / sector) * sector;
    }
    return out;
  }
  const storedPage = (file: string, pgno: number) => readFileSync(file).subarray((pgno - 1) * P, pgno * P);

  it('journals the pages this connection wrote as the bytes it stored, the others encrypted afresh', async () => {
    const file = path.join(dir(), 'reuse.db');
    const db = await Database.open(file, { key: KEY });
    db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)');
    for (let i = 0; i < 40; i++) db.exec(`INSERT INTO t VALUES (${i}, ${row(i)})`);
    db.exec('BEGIN');
    db.exec(`INSERT INTO t VALUES (1000, ${row(1000)})`);
    const journal = `${file}-journal`;
    const mine = records(journal);
    assert.ok(mine.length > 0, 'the open transaction journaled pages');
    for (const { pgno, stored } of mine) assert.deepEqual(stored, storedPage(file, pgno), `page ${pgno}: the bytes the database file holds`);
    db.exec('ROLLBACK');
    db.close();

    // A new connection has written nothing yet: its records are encrypted afresh (a new IV), never the same bytes.
    const other = await Database.open(file, { key: KEY });
    other.exec('BEGIN');
    other.exec(`INSERT INTO t VALUES (1001, ${row(1001)})`);
    const theirs = records(journal);
    assert.ok(theirs.length > 0);
    for (const { pgno, stored } of theirs) assert.notDeepEqual(stored, storedPage(file, pgno), `page ${pgno}`);
    other.exec('ROLLBACK');
    other.close();
  });

  it('a hot journal of reused records rolls back in our engine and in the sqlcipher CLI', async function () {
    const file = path.join(dir(), 'crash.db');
    const db = await Database.open(file, { key: KEY });
    db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)');
    for (let i = 0; i < 200; i++) db.exec(`INSERT INTO t VALUES (${i}, ${row(i)})`);
    const before = db.query('SELECT count(*) AS n, sum(length(v)) AS len, max(v) AS last FROM t').map((summary) => ({ ...summary }));
    const original = readFileSync(file);
    // A tiny page cache: the transaction spills changed pages into the database file (journal synced first), so
    // the files copied now hold half a transaction that only the journal undoes — what a crash would leave.
    db.exec('PRAGMA cache_size = 2');
    db.exec('BEGIN');
    db.exec(`UPDATE t SET v = v || 'changed'`);
    const journal = `${file}-journal`;
    const journaled = records(journal);
    assert.ok(journaled.length > 5, `${journaled.length} records synced`);
    for (const { pgno, stored } of journaled) assert.deepEqual(stored, original.subarray((pgno - 1) * P, pgno * P), `page ${pgno} reused`);
    const copies = ['ours', 'cli'].map((name) => {
      const copy = path.join(dir(), `${name}.db`);
      copyFileSync(file, copy);
      copyFileSync(journal, `${copy}-journal`);
      return copy;
    }) as [string, string];
    db.exec('ROLLBACK');
    db.close();
    assert.notDeepEqual(readFileSync(copies[0]), readFileSync(file), 'the copy holds spilled pages');

    const ours = await Database.open(copies[0], { key: KEY });
    assert.deepEqual(ours.query('SELECT count(*) AS n, sum(length(v)) AS len, max(v) AS last FROM t').map((summary) => ({ ...summary })), before);
    ours.close();
    assert.equal(existsSync(`${copies[0]}-journal`), false, 'our engine played the journal back');
    if (!findSqlcipher()) return this.skip();
    assert.deepEqual(cliQuery(copies[1], { key: KEY }, 'SELECT count(*) AS n, sum(length(v)) AS len, max(v) AS last FROM t'), before);
    assertCliIntegrity(copies[1], { key: KEY });
  });
});
