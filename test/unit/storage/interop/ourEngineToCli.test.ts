// Interop, our side → SQLCipher: databases written by our engine (fresh, after many small transactions, after
// growth to several MB, after VACUUM) must pass the real CLI's cipher_integrity_check and integrity_check, and the
// CLI must read exactly the rows we read — every storage class, overflow pages, an index, a WITHOUT ROWID table
// and an FTS5 index included.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CipherPageSize } from '../../../../src/storage/cipher/fileFormat';
import { verifyPages } from '../../../../src/storage/cipher/verifyPages';
import { Database } from '../../../../src/storage/database';
import { useTempDir } from '../testFiles';
import { document, expectedMatches } from './fts';
import { CREATE_ITEMS, ITEM_COLUMNS, ItemsModel, readItems, RowGenerator } from './rows';
import type { CliKey, CliOptions } from './sqlcipherCli';
import { leftovers } from './storageFolder';
import { assertCliIntegrity, canonicalSelect, cliQuery, findSqlcipher, SKIP_MESSAGE } from './sqlcipherCli';

type Stage = 'fresh' | 'incremental' | 'growth' | 'vacuum';

/** What the database should hold, kept beside it as the workload runs. */
interface Expected {
  items: ItemsModel;
  notes: Map<number, string>;
  kv: Map<string, string>;
}

const TABLES = [
  { name: 'items', columns: ITEM_COLUMNS, orderBy: 'id' },
  { name: 'kv', columns: ['k', 'v'], orderBy: 'k' },
  { name: 'notes', columns: ['body'], orderBy: 'rowid' },
] as const;

const MATCH_QUERIES = [['timeout'], ['kernel', 'panic'], ['journal'], ['fsync', 'rollback', 'disk'], ['oom']] as const;

function matchSql(): string {
  return MATCH_QUERIES.map((terms, q) => `SELECT ${q} AS q, rowid AS id FROM notes WHERE notes MATCH '${terms.join(' AND ')}'`).join(' UNION ALL ') + ' ORDER BY q, id';
}

class Workload {
  private readonly gen: RowGenerator;
  private nextId = 1;
  private nextNote = 1;
  readonly expected: Expected = { items: new ItemsModel(), notes: new Map(), kv: new Map() };

  constructor(
    private readonly db: Database,
    seed: number,
  ) {
    this.gen = new RowGenerator(seed);
  }

  private get random() {
    return this.gen.random;
  }

  private insertItem(big = false): void {
    this.expected.items.insert(this.db, this.gen.row(this.nextId++, big));
  }

  private insertNote(): void {
    const body = document(this.random);
    const id = this.nextNote++;
    this.db.exec('INSERT INTO notes(rowid, body) VALUES (?, ?)', [id, body]);
    this.expected.notes.set(id, body);
  }

  private existingItem(): number | undefined {
    const ids = [...this.expected.items.rows.keys()];
    return ids.length ? this.random.pick(ids) : undefined;
  }

  fresh(): void {
    this.db.exec(`${CREATE_ITEMS}; CREATE INDEX items_txt ON items(txt);
      CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
      CREATE VIRTUAL TABLE notes USING fts5(body);`);
    this.db.transaction(() => {
      // The edges: empty text and BLOBs (not NULL), the smallest 64-bit integer, a negative real.
      this.expected.items.insert(this.db, [this.nextId++, '', new Uint8Array(0), -(2n ** 63n), -0.5, new Uint8Array(0)]);
      for (let i = 0; i < 40; i++) this.insertItem(i === 5 || i === 17);
      for (let i = 0; i < 30; i++) this.putKv();
      for (let i = 0; i < 50; i++) this.insertNote();
    });
  }

  private putKv(): void {
    const k = `key-${this.random.int(0, 200)}-${this.gen.text(1)}`;
    const v = this.gen.text(this.random.int(1, 6));
    this.db.exec('INSERT INTO kv(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v', [k, v]);
    this.expected.kv.set(k, v);
  }

  /** Many small transactions mixing inserts, updates (some growing a row past a page) and deletes. */
  incremental(transactions = 60): void {
    for (let t = 0; t < transactions; t++) {
      const ops = () => {
        for (let n = this.random.int(1, 12); n > 0; n--) {
          const op = this.random.int(0, 9);
          const id = this.existingItem();
          if (op <= 2 || id === undefined) this.insertItem(this.random.chance(0.08));
          else if (op <= 4) this.expected.items.update(this.db, this.gen.row(id, this.random.chance(0.1)));
          else if (op === 5) this.expected.items.delete(this.db, id);
          else if (op === 6) this.putKv();
          else if (op === 7) {
            const keys = [...this.expected.kv.keys()];
            if (keys.length) {
              const k = this.random.pick(keys);
              this.db.exec('DELETE FROM kv WHERE k = ?', [k]);
              this.expected.kv.delete(k);
            }
          } else if (op === 8) this.insertNote();
          else {
            const notes = [...this.expected.notes.keys()];
            if (notes.length) {
              const note = this.random.pick(notes);
              this.db.exec('DELETE FROM notes WHERE rowid = ?', [note]);
              this.expected.notes.delete(note);
            }
          }
        }
      };
      // Mostly explicit transactions; some statements in autocommit mode.
      if (this.random.chance(0.8)) this.db.transaction(ops);
      else ops();
    }
  }

  /** Grows the file to at least `bytes` in a few large transactions. */
  growth(bytes: number): void {
    while (statSync(this.db.file).size < bytes) {
      this.db.transaction(() => {
        for (let i = 0; i < 400; i++) {
          this.insertItem(this.random.chance(0.02));
          if (i % 4 === 0) this.insertNote();
        }
      });
    }
  }

  vacuum(): void {
    this.db.transaction(() => {
      for (const id of [...this.expected.items.rows.keys()]) if (this.random.chance(0.6)) this.expected.items.delete(this.db, id);
      for (const id of [...this.expected.notes.keys()]) {
        if (this.random.chance(0.5)) {
          this.db.exec('DELETE FROM notes WHERE rowid = ?', [id]);
          this.expected.notes.delete(id);
        }
      }
    });
    this.db.exec('VACUUM');
  }
}

describe('interop: our engine writes, the sqlcipher CLI reads', function () {
  this.timeout(180_000);
  const dir = useTempDir('trcaa-interop-');

  before(function () {
    if (!findSqlcipher()) {
      console.warn(`      skipped: ${SKIP_MESSAGE}`);
      this.skip();
    }
  });

  const passphrase: CliKey = { kind: 'passphrase', passphrase: 'interop pässphrase \u{1F511} with \'quotes\'' };
  const rawKey: CliKey = { kind: 'raw', key: createHash('sha256').update('interop raw key').digest() };

  async function build(file: string, key: CliKey, stages: readonly Stage[], seed: number, cipherPageSize?: CipherPageSize): Promise<Expected> {
    const db = await Database.open(file, { key, cipherPageSize });
    try {
      const workload = new Workload(db, seed);
      for (const stage of stages) {
        if (stage === 'fresh') workload.fresh();
        else if (stage === 'incremental') workload.incremental();
        else if (stage === 'growth') workload.growth(6 * 1024 * 1024);
        else {
          const before = statSync(file).size;
          workload.vacuum();
          assert.ok(statSync(file).size < before, `VACUUM shrinks the file (${before} → ${statSync(file).size} bytes)`);
        }
      }
      return workload.expected;
    } finally {
      db.close();
    }
  }

  /** Everything the CLI must agree with: both integrity checks, every table's rows, FTS5 answers. */
  async function verify(file: string, options: CliOptions & { cipherPageSize: 4096 | 16384 }, expected: Expected): Promise<void> {
    assert.deepEqual(leftovers(file), [], 'nothing but the database is left next to it (no journal)');
    assert.equal(statSync(file).size % options.cipherPageSize, 0, 'whole pages');

    const db = await Database.open(file, { key: options.key, create: false });
    let ours: Record<string, unknown>[][];
    let ourMatches: Record<string, unknown>[];
    try {
      assert.equal(db.cipherPageSize, options.cipherPageSize);
      assert.deepEqual(readItems(db), expected.items.expected(), 'our engine reads back what it wrote');
      assert.deepEqual(
        db.query('SELECT k, v FROM kv ORDER BY k').map((row) => [row.k, row.v]),
        [...expected.kv.entries()].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))), // BINARY collation: UTF-8 bytes
      );
      for (const terms of MATCH_QUERIES) {
        const got = db.query('SELECT rowid AS id FROM notes WHERE notes MATCH ? ORDER BY rowid', [terms.join(' AND ')]).map((row) => row.id);
        assert.deepEqual(got, expectedMatches(expected.notes, terms), `our MATCH ${terms.join(' AND ')}`);
      }
      assert.equal(db.get('PRAGMA integrity_check')?.integrity_check, 'ok');
      // Plain objects: our rows have a null prototype, the CLI's JSON rows do not.
      ours = TABLES.map((table) => db.query(canonicalSelect(table.name, table.columns, table.orderBy)).map((row) => ({ ...row })));
      ourMatches = db.query(matchSql()).map((row) => ({ ...row }));
    } finally {
      db.close();
    }
    const report = verifyPages(file, options.key);
    assert.deepEqual(report.badPages, []);

    assertCliIntegrity(file, options);
    TABLES.forEach((table, i) => {
      const theirs = cliQuery(file, options, canonicalSelect(table.name, table.columns, table.orderBy));
      assert.equal(theirs.length, ours[i]?.length, `${table.name}: same number of rows`);
      assert.deepEqual(theirs, ours[i], `${table.name}: the CLI reads the same rows`);
    });
    assert.deepEqual(cliQuery(file, options, matchSql()), ourMatches, 'the CLI answers the same FTS5 queries');
    cliQuery(file, options, "INSERT INTO notes(notes) VALUES ('integrity-check')"); // throws if the FTS index is inconsistent
    // (SQLCipher answers PRAGMA page_size with its cipher page size, so count pages instead.)
    assert.deepEqual(cliQuery(file, options, 'PRAGMA page_count'), [{ page_count: statSync(file).size / options.cipherPageSize }], 'the CLI sees every page');
  }

  it('a fresh database (passphrase) passes both CLI integrity checks with identical rows', async () => {
    const file = path.join(dir(), 'fresh.db');
    const expected = await build(file, passphrase, ['fresh'], 1);
    await verify(file, { key: passphrase, cipherPageSize: 4096 }, expected);
  });

  it('after many incremental updates across transactions, with rows larger than a page', async () => {
    const file = path.join(dir(), 'incremental.db');
    const expected = await build(file, passphrase, ['fresh', 'incremental'], 2);
    assert.ok([...expected.items.rows.values()].some((row) => (row[2]?.length ?? 0) > 4096), 'some BLOB needs overflow pages');
    await verify(file, { key: passphrase, cipherPageSize: 4096 }, expected);
  });

  it('after growth to several MB (raw key)', async () => {
    const file = path.join(dir(), 'growth.db');
    const expected = await build(file, rawKey, ['fresh', 'incremental', 'growth'], 3);
    assert.ok(statSync(file).size >= 6 * 1024 * 1024);
    await verify(file, { key: rawKey, cipherPageSize: 4096 }, expected);
  });

  it('after VACUUM (raw key)', async () => {
    const file = path.join(dir(), 'vacuum.db');
    const expected = await build(file, rawKey, ['fresh', 'incremental', 'growth', 'vacuum'], 4);
    await verify(file, { key: rawKey, cipherPageSize: 4096 }, expected);
  });

  it('with a 16384-byte cipher page size (the desktop app’s), after updates and VACUUM', async () => {
    const file = path.join(dir(), 'big-pages.db');
    const expected = await build(file, rawKey, ['fresh', 'incremental', 'vacuum'], 5, 16384);
    assert.ok(existsSync(file));
    await verify(file, { key: rawKey, cipherPageSize: 16384 }, expected);
  });
});
