// Interop, SQLCipher → our side: databases the real CLI writes (passphrase, raw key, 16384-byte cipher pages —
// the desktop app's setting — each with an FTS5 table and rows larger than a page) must be read by our engine
// row for row, answer MATCH queries, take our writes, and then still pass the CLI's integrity checks with the
// CLI reading exactly our rows.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { SeededRandom } from '../../../../src/core/demo/random';
import { verifyPages } from '../../../../src/storage/cipher/verifyPages';
import { Database } from '../../../../src/storage/database';
import { useTempDir } from '../testFiles';
import { document, expectedMatches, VOCABULARY } from './fts';
import type { ItemRow } from './rows';
import { CREATE_ITEMS, insertStatement, ITEM_COLUMNS, ItemsModel, readItems, RowGenerator } from './rows';
import type { CliKey, CliOptions } from './sqlcipherCli';
import { leftovers } from './storageFolder';
import { assertCliIntegrity, canonicalSelect, cliQuery, findSqlcipher, runSqlcipher, SKIP_MESSAGE } from './sqlcipherCli';

const QUERIES: readonly (readonly string[])[] = [['timeout'], ['disk', 'latency'], ['journal', 'fsync'], ['oom', 'killed', 'kernel'], ['zebra']];

/** The MATCH answers for all QUERIES as `q:id` strings, from SQL that both engines run. */
function matchSql(): string {
  return QUERIES.map((terms, q) => `SELECT '${q}:' || rowid AS hit FROM notes WHERE notes MATCH '${terms.join(' AND ')}'`).join(' UNION ALL ');
}

function expectedHits(notes: ReadonlyMap<number, string>): string[] {
  return QUERIES.flatMap((terms, q) => expectedMatches(notes, terms).map((id) => `${q}:${id}`)).sort();
}

describe('interop: the sqlcipher CLI writes, our engine reads and writes back', function () {
  this.timeout(180_000);
  const dir = useTempDir('trcaa-interop-');

  before(function () {
    if (!findSqlcipher()) {
      console.warn(`      skipped: ${SKIP_MESSAGE}`);
      this.skip();
    }
  });

  interface Fixture {
    items: ItemsModel;
    notes: Map<number, string>;
  }

  /** The CLI creates the database from SQL literals: our engine plays no part in writing it. */
  function createWithCli(file: string, options: CliOptions, seed: number): Fixture {
    const gen = new RowGenerator(seed);
    const items = new ItemsModel();
    const notes = new Map<number, string>();
    const script = [CREATE_ITEMS + ';', 'CREATE INDEX items_num ON items(num);', 'CREATE VIRTUAL TABLE notes USING fts5(body);', 'BEGIN;'];
    const edge: ItemRow = [1, '', new Uint8Array(0), -(2n ** 63n), -0.5, new Uint8Array(0)];
    items.rows.set(1, edge);
    script.push(insertStatement('items', edge));
    for (let id = 2; id <= 300; id++) {
      const row = gen.row(id, id % 97 === 0);
      items.rows.set(id, row);
      script.push(insertStatement('items', row));
    }
    for (let id = 1; id <= 400; id++) {
      const body = document(gen.random);
      notes.set(id, body);
      script.push(`INSERT INTO notes(rowid, body) VALUES (${id}, '${body}');`);
    }
    script.push('COMMIT;');
    runSqlcipher(file, options, script.join('\n'));
    return { items, notes };
  }

  /** Our engine reads everything, checks it against what the CLI was given, then writes in several transactions. */
  function readAndWrite(db: Database, fixture: Fixture, seed: number): void {
    assert.deepEqual(readItems(db), fixture.items.expected(), 'our engine reads every row the CLI wrote');
    assert.deepEqual(db.query(matchSql()).map((row) => row.hit).sort(), expectedHits(fixture.notes), 'our MATCH answers');
    assert.equal(db.get('PRAGMA integrity_check')?.integrity_check, 'ok');

    const gen = new RowGenerator(seed);
    const random = new SeededRandom(seed + 1);
    let nextId = 1000;
    let nextNote = 1000;
    for (let t = 0; t < 12; t++) {
      db.transaction(() => {
        for (let n = random.int(1, 15); n > 0; n--) {
          const ids = [...fixture.items.rows.keys()];
          const op = random.int(0, 5);
          if (op <= 1) fixture.items.insert(db, gen.row(nextId++, random.chance(0.1)));
          else if (op === 2) fixture.items.update(db, gen.row(random.pick(ids), random.chance(0.1)));
          else if (op === 3) fixture.items.delete(db, random.pick(ids));
          else if (op === 4) {
            const body = `${document(random)} ${random.pick(VOCABULARY)}`;
            db.exec('INSERT INTO notes(rowid, body) VALUES (?, ?)', [nextNote, body]);
            fixture.notes.set(nextNote++, body);
          } else {
            const id = random.pick([...fixture.notes.keys()]);
            db.exec('DELETE FROM notes WHERE rowid = ?', [id]);
            fixture.notes.delete(id);
          }
        }
      });
    }
    assert.deepEqual(readItems(db), fixture.items.expected());
    assert.deepEqual(db.query(matchSql()).map((row) => row.hit).sort(), expectedHits(fixture.notes));
  }

  async function roundTrip(name: string, options: CliOptions, seed: number): Promise<void> {
    const file = path.join(dir(), name);
    const pageSize = options.cipherPageSize ?? 4096; // SQLCipher 4's default
    const fixture = createWithCli(file, options, seed);
    assert.equal(statSync(file).size % pageSize, 0);

    // Opened without naming the page size: our engine finds it from page 1.
    const db = await Database.open(file, { key: options.key, create: false });
    let ours: Record<string, unknown>[];
    try {
      assert.ok(db.encrypted);
      assert.equal(db.cipherPageSize, pageSize);
      readAndWrite(db, fixture, seed + 100);
      ours = db.query(canonicalSelect('items', ITEM_COLUMNS, 'id')).map((row) => ({ ...row }));
    } finally {
      db.close();
    }
    assert.deepEqual(leftovers(file), [], 'no journal is left behind');
    assert.equal(statSync(file).size % pageSize, 0);
    assert.deepEqual(verifyPages(file, options.key).badPages, []);

    assertCliIntegrity(file, options);
    assert.deepEqual(cliQuery(file, options, canonicalSelect('items', ITEM_COLUMNS, 'id')), ours, 'the CLI reads our rows');
    assert.deepEqual(
      cliQuery(file, options, matchSql()).map((row) => row.hit).sort(),
      expectedHits(fixture.notes),
      'the CLI answers MATCH over the rows we added',
    );
    cliQuery(file, options, "INSERT INTO notes(notes) VALUES ('integrity-check')"); // throws on an inconsistent FTS index
    assert.deepEqual(cliQuery(file, options, 'PRAGMA page_count'), [{ page_count: statSync(file).size / pageSize }]);
  }

  it('a passphrase database with an FTS5 table', async () => {
    await roundTrip('passphrase.db', { key: { kind: 'passphrase', passphrase: 'desktop app passphrase ✓' } }, 11);
  });

  it("a raw-key database (PRAGMA key = \"x'…'\") with an FTS5 table", async () => {
    const key: CliKey = { kind: 'raw', key: createHash('sha256').update('cli raw key').digest() };
    await roundTrip('raw.db', { key }, 12);
  });

  it('a database with PRAGMA cipher_page_size = 16384 (the desktop app’s setting)', async () => {
    await roundTrip('pages16k.db', { key: { kind: 'passphrase', passphrase: 'sixteen k' }, cipherPageSize: 16384 }, 13);
  });

  it('a 16384-byte raw-key database, opened with the page size named', async () => {
    const key: CliKey = { kind: 'raw', key: createHash('sha256').update('cli raw key 16k').digest() };
    const file = path.join(dir(), 'named.db');
    const fixture = createWithCli(file, { key, cipherPageSize: 16384 }, 14);
    const db = await Database.open(file, { key, create: false, cipherPageSize: 16384 });
    try {
      assert.equal(db.cipherPageSize, 16384);
      readAndWrite(db, fixture, 114);
    } finally {
      db.close();
    }
    assertCliIntegrity(file, { key, cipherPageSize: 16384 });
  });
});
