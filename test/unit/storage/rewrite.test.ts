import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseKey } from '../../../src/storage/cipher/databaseKey';
import { Database } from '../../../src/storage/database';
import { StorageError } from '../../../src/storage/errors';
import { rewriteDatabase } from '../../../src/storage/rewriteDatabase';
import { loadSqlite } from '../../../src/storage/sqliteWasm';
import { repoRoot } from '../../host/paths';
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

  describe('killed part-way (SIGKILL, no cleanup runs)', function () {
    this.timeout(120_000);
    const child = path.join(repoRoot, 'out', 'test', 'unit', 'storage', 'rekeyChild.js');
    const from = Buffer.alloc(32, 3);
    const to = Buffer.alloc(32, 4);
    const marker = 'needle-in-the-plaintext';

    /** Every file under `folder` (lock folders included), as paths relative to it. */
    const allFiles = (folder: string): string[] => readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(folder, path.join(e.parentPath, e.name)));

    for (const [target, killAt, plaintextUntilNextOpen] of [
      ['plain', 'table:2', false],
      ['plain', 'copied', false],
      ['plain', 'written', true],
      ['key', 'table:2', false],
      ['key', 'written', false],
    ] as const) {
      it(`re-key to ${target === 'plain' ? '--new-plain' : 'a new key'}, killed at ${killAt}: ${plaintextUntilNextOpen ? 'the plain copy (its last step) is removed' : 'no plaintext anywhere, and the leftovers are removed'} by the next open`, async () => {
        const file = path.join(dir(), 'killed.db');
        const db = await Database.open(file, { key: { kind: 'raw', key: from } });
        db.exec(fixtureSql);
        db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO issues(id, title) SELECT 'id-' || i, ? || i FROM n", [marker]);
        db.close();
        const result = spawnSync(process.execPath, [child, file, from.toString('hex'), target === 'plain' ? 'plain' : to.toString('hex'), killAt], { encoding: 'utf8' });
        assert.equal(result.signal, 'SIGKILL', `the child reached ${killAt} and died there (${result.status}: ${result.stderr})`);

        const readable = () => allFiles(dir()).filter((name) => {
          const bytes = readFileSync(path.join(dir(), name));
          return bytes.includes(marker) || bytes.subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'latin1'));
        });
        if (!plaintextUntilNextOpen) assert.deepEqual(readable(), [], 'no file holds readable rows');
        assert.ok(allFiles(dir()).some((name) => name.includes('.rewrite-')), 'a leftover for the next open to remove');

        const reopened = await Database.open(file, { key: { kind: 'raw', key: from }, create: false });
        assert.equal(reopened.get('SELECT count(*) AS n FROM issues')?.n, 2000, 'the original is intact');
        reopened.close();
        assert.deepEqual(readdirSync(dir()).sort(), ['killed.db', 'killed.db-lock'], 'the next open removed every leftover');
        assert.deepEqual(readable(), []);
      });
    }
  });
});
