import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseKey } from '../../../src/storage/cipher/databaseKey';
import { Database } from '../../../src/storage/database';
import { StorageError } from '../../../src/storage/errors';
import { rewriteDatabase } from '../../../src/storage/rewriteDatabase';
import { loadSqlite } from '../../../src/storage/sqliteWasm';
import { useTempDir } from './testFiles';

const plain: DatabaseKey = { kind: 'plain' };
const pass: DatabaseKey = { kind: 'passphrase', passphrase: 'old passphrase' };
const raw: DatabaseKey = { kind: 'raw', key: Buffer.alloc(32, 7) };

const fixtureSql = `
  CREATE TABLE issues(id TEXT PRIMARY KEY, title TEXT NOT NULL, n INTEGER);
  CREATE TABLE steps(id INTEGER PRIMARY KEY AUTOINCREMENT, issue_id TEXT REFERENCES issues(id) ON DELETE CASCADE, body BLOB);
  CREATE INDEX steps_issue ON steps(issue_id);
  CREATE VIRTUAL TABLE issues_fts USING fts5(title, content='issues', content_rowid='rowid');
  CREATE TRIGGER issues_ai AFTER INSERT ON issues BEGIN INSERT INTO issues_fts(rowid, title) VALUES (new.rowid, new.title); END;
  CREATE VIEW open_issues AS SELECT id, title FROM issues;
  PRAGMA user_version = 22;
`;

async function fill(file: string, key: DatabaseKey): Promise<void> {
  const db = await Database.open(file, { key });
  db.exec(fixtureSql);
  db.transaction(() => {
    for (let i = 0; i < 300; i++) {
      db.exec('INSERT INTO issues(id, title, n) VALUES (?, ?, ?)', [`id-${i}`, `database outage number ${i} ✓`, i * 1_000_000_007]);
      db.exec('INSERT INTO steps(issue_id, body) VALUES (?, ?)', [`id-${i}`, new Uint8Array([i % 256, 0, 255])]);
    }
  });
  db.close();
}

async function dump(file: string, key: DatabaseKey) {
  const db = await Database.open(file, { key, create: false });
  const result = {
    issues: db.query('SELECT * FROM issues ORDER BY id').map((r) => ({ ...r })),
    steps: db.query('SELECT * FROM steps ORDER BY id').map((r) => ({ ...r, body: Buffer.from(r.body as Uint8Array).toString('hex') })),
    fts: db.query("SELECT rowid FROM issues_fts WHERE issues_fts MATCH 'outage AND 42'").length,
    view: db.get('SELECT count(*) AS n FROM open_issues')?.n,
    version: db.get('PRAGMA user_version')?.user_version,
    seq: db.get("SELECT seq FROM sqlite_sequence WHERE name = 'steps'")?.seq,
  };
  // The trigger came along: a new issue is searchable.
  db.exec("BEGIN; INSERT INTO issues(id, title) VALUES ('new', 'kafkaesque lag')");
  const triggered = db.query("SELECT rowid FROM issues_fts WHERE issues_fts MATCH 'kafkaesque'").length;
  db.exec('ROLLBACK');
  db.close();
  return { ...result, triggered };
}

describe('rewriteDatabase (re-key, encrypt, decrypt through a new file + rename)', () => {
  const dir = useTempDir();

  it('re-keys a passphrase database to a raw key with every table, index, trigger, view and pragma intact', async () => {
    const file = path.join(dir(), 'db.sqlite');
    await fill(file, pass);
    const before = await dump(file, pass);
    rewriteDatabase(await loadSqlite(), file, pass, raw);
    await assert.rejects(Database.open(file, { key: pass, create: false }), (e: unknown) => e instanceof StorageError && e.code === 'WRONG_KEY');
    const after = await dump(file, raw);
    assert.deepEqual({ ...after, issues: after.issues.length }, { ...before, issues: before.issues.length });
    assert.deepEqual(after.issues.slice(0, 300), before.issues.slice(0, 300));
    assert.deepEqual(readdirSync(dir()).sort(), ['db.sqlite', 'db.sqlite-lock'], 'no temp file or its lock folder left');
    assert.equal(after.fts, 1);
    assert.equal(after.triggered, 1);
    assert.equal(after.version, 22);
  });

  it('encrypts a plain database and keeps a byte-identical backup of the original', async () => {
    const file = path.join(dir(), 'plain.db');
    await fill(file, plain);
    const original = readFileSync(file);
    const before = await dump(file, plain);
    const result = rewriteDatabase(await loadSqlite(), file, plain, raw, { backupSuffix: '.plain-backup' });
    assert.ok(result.backupFile && readFileSync(result.backupFile).equals(original));
    assert.ok(!readFileSync(file).includes('database outage'), 'no plaintext in the encrypted file');
    const after = await dump(file, raw);
    assert.deepEqual(after.steps, before.steps);
    assert.deepEqual(after.issues.slice(0, 300), before.issues.slice(0, 300));
  });

  it('leaves the original untouched and no temp file behind when the source key is wrong', async () => {
    const file = path.join(dir(), 'db.sqlite');
    await fill(file, pass);
    const original = readFileSync(file);
    assert.throws(() => rewriteDatabase(sqlite, file, { kind: 'passphrase', passphrase: 'wrong' }, raw), (e: unknown) => e instanceof StorageError && e.code === 'WRONG_KEY');
    assert.ok(readFileSync(file).equals(original));
    assert.deepEqual(readdirSync(dir()).filter((n) => n.includes('rewrite')), []);
  });

  let sqlite: Awaited<ReturnType<typeof loadSqlite>>;
  before(async () => (sqlite = await loadSqlite()));
});
