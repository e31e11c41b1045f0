// Two paths to one database file (a symlink and its target, `..` segments, a relative path) are one database:
// one name, so one journal and one lock folder. A hard link would give the file two journals, so it is refused.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('ATTACH through another spelling of an open database finds it (SQLite asks the VFS for the full path)', async () => {
    const file = await makeDatabase();
    const link = path.join(dir(), 'link.db');
    symlinkSync(file, link);
    const db = await Database.open(file, { key, create: false });
    try {
      for (const spelling of [link, path.join(dir(), '.', 'real.db')]) {
        db.exec('ATTACH DATABASE ? AS again', [spelling]);
        assert.equal(db.get('SELECT x FROM again.t')?.x, 'one row', spelling);
        db.exec('DETACH DATABASE again');
      }
    } finally {
      db.close();
    }
  });

  describe('bind mounts (need the right to mount: skipped without it)', () => {
    const mounted: string[] = [];
    afterEach(() => {
      for (const point of mounted.splice(0)) spawnSync('umount', ['-l', point]);
    });
    const bind = (from: string, to: string): boolean => {
      const result = spawnSync('mount', ['--bind', from, to]);
      if (result.status !== 0) return false;
      mounted.push(to);
      return true;
    };

    it('the folder mounted a second time: both paths reach one lock folder and one journal', async function () {
      const file = await makeDatabase();
      const other = path.join(dir(), 'mnt');
      mkdirSync(other);
      if (process.platform !== 'linux' || !bind(path.dirname(file), other)) this.skip();
      const writer = await Database.open(file, { key, create: false, busyTimeoutMs: 0 });
      const second = await Database.open(path.join(other, 'real.db'), { key, create: false, busyTimeoutMs: 0 });
      try {
        writer.exec("BEGIN IMMEDIATE; INSERT INTO t VALUES ('uncommitted')");
        assert.throws(() => second.exec('BEGIN IMMEDIATE'), (error: unknown) => error instanceof StorageError && error.code === 'BUSY');
        assert.ok(existsSync(path.join(other, 'real.db-journal')), "the writer's journal is seen through the other path");
      } finally {
        writer.close();
        second.close();
      }
    });

    it('the file itself mounted under another name is refused there (its journal and lock would be named apart)', async function () {
      const file = await makeDatabase();
      const other = path.join(dir(), 'other.db');
      writeFileSync(other, '');
      if (process.platform !== 'linux' || !bind(file, other)) this.skip();
      await assert.rejects(Database.open(other, { key, create: false }), (error: unknown) => {
        assert.ok(error instanceof StorageError, String(error));
        assert.equal(error.code, 'HARD_LINKED');
        assert.match(error.message, /mount/);
        return true;
      });
    });
  });
});
