// Two paths to one database file (a symlink and its target, `..` segments, a relative path) are one database:
// one name, so one journal and one lock folder. A hard link would give the file two journals, so it is refused.
import * as assert from 'node:assert/strict';
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseKey } from '../../../src/storage/cipher/databaseKey';
import { Database } from '../../../src/storage/database';
import { StorageError } from '../../../src/storage/errors';
import { lockFolderFor } from '../../../src/storage/lock/lockFolder';
import { rewriteDatabase } from '../../../src/storage/rewriteDatabase';
import { loadSqlite } from '../../../src/storage/sqliteWasm';
import { useTempDir } from './testFiles';

const key: DatabaseKey = { kind: 'raw', key: Buffer.alloc(32, 9) };
const newKey: DatabaseKey = { kind: 'raw', key: Buffer.alloc(32, 10) };

describe('one database file, several paths to it', function () {
  this.timeout(60_000);
  const dir = useTempDir('trcaa-identity-');

  async function makeDatabase(): Promise<string> {
    const file = path.join(realpathSync(dir()), 'real.db');
    const db = await Database.open(file, { key });
    db.exec("CREATE TABLE t(x); INSERT INTO t VALUES ('one row')");
    db.close();
    return file;
  }

  it('a symlink, a path with `..` and a relative path open the file under its real name, so they share its lock', async () => {
    const file = await makeDatabase();
    const link = path.join(dir(), 'link.db');
    symlinkSync(file, link);
    mkdirSync(path.join(dir(), 'sub'));
    const spellings = [link, path.join(dir(), 'sub', '..', 'real.db'), path.relative(process.cwd(), file)];
    for (const spelling of spellings) {
      assert.equal(lockFolderFor(spelling), `${file}-lock`, spelling);
      const writer = await Database.open(file, { key, create: false, busyTimeoutMs: 0 });
      const other = await Database.open(spelling, { key, create: false, busyTimeoutMs: 0 });
      try {
        assert.equal(other.file, file, 'the real path is the name: journal and lock derive from it');
        writer.exec('BEGIN IMMEDIATE');
        assert.throws(() => other.exec('BEGIN IMMEDIATE'), (error: unknown) => error instanceof StorageError && error.code === 'BUSY', `${spelling} waits for the writer`);
      } finally {
        writer.close();
        other.close();
      }
    }
  });

  it('a hard link is refused: its two names would have two journals (and each name its own lock)', async () => {
    const file = await makeDatabase();
    const hard = path.join(dir(), 'hard.db');
    linkSync(file, hard);
    for (const name of [hard, file]) {
      await assert.rejects(Database.open(name, { key, create: false }), (error: unknown) => {
        assert.ok(error instanceof StorageError, String(error));
        assert.equal(error.code, 'HARD_LINKED');
        assert.match(error.message, /2 names/);
        return true;
      });
    }
    assert.deepEqual(readdirSync(dir()).sort(), ['hard.db', 'real.db', 'real.db-lock'], 'nothing made for the second name');
  });

  it('re-keying through a symlink re-encrypts the target and keeps the link', async () => {
    const file = await makeDatabase();
    const link = path.join(dir(), 'link.db');
    symlinkSync(file, link);
    rewriteDatabase(await loadSqlite(), link, key, newKey);
    assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
    const db = await Database.open(file, { key: newKey, create: false });
    assert.equal(db.get('SELECT x FROM t')?.x, 'one row');
    db.close();
    assert.ok(!readFileSync(file).includes(Buffer.from('one row')), 'encrypted');
    assert.deepEqual(readdirSync(dir()).filter((name) => name !== 'real.db-lock').sort(), ['link.db', 'real.db']);
    assert.ok(!existsSync(`${link}-lock`), 'no lock folder under the link name');
  });
});
