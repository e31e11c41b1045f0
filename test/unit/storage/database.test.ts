import * as assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseKey } from '../../../src/storage/cipher/databaseKey';
import { Database } from '../../../src/storage/database';
import { StorageError } from '../../../src/storage/errors';
import { useTempDir } from './testFiles';

const passphrase: DatabaseKey = { kind: 'passphrase', passphrase: 'correct horse battery staple' };

describe('Database (SQLCipher 4 through our VFS)', () => {
  const dir = useTempDir();

  it('creates an encrypted database that reads back, with whole 4096-byte pages and no plaintext', async () => {
    const file = path.join(dir(), 'a.db');
    const db = await Database.open(file, { key: passphrase });
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO t(body) VALUES ('CANARY-secret-1'), ('CANARY-secret-2')");
    db.close();
    const bytes = readFileSync(file);
    assert.equal(bytes.length % 4096, 0);
    assert.ok(!bytes.includes('CANARY'), 'no plaintext canary on disk');
    assert.ok(!bytes.includes('SQLite format 3'), 'no SQLite magic');
    const again = await Database.open(file, { key: passphrase });
    assert.deepEqual(again.query('SELECT body FROM t ORDER BY id').map((r) => r.body), ['CANARY-secret-1', 'CANARY-secret-2']);
    assert.equal(again.get('PRAGMA integrity_check')?.integrity_check, 'ok');
    again.close();
  });

  it('refuses a wrong key with WRONG_KEY and leaves the file byte-identical', async () => {
    const file = path.join(dir(), 'b.db');
    (await Database.open(file, { key: passphrase })).close();
    const before = readFileSync(file);
    await assert.rejects(Database.open(file, { key: { kind: 'passphrase', passphrase: 'nope' } }), (e: unknown) => e instanceof StorageError && e.code === 'WRONG_KEY');
    assert.ok(readFileSync(file).equals(before));
  });

  it('names the damaged page when a byte flips', async () => {
    const file = path.join(dir(), 'c.db');
    const db = await Database.open(file, { key: passphrase });
    db.exec("CREATE TABLE t(body TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 2000) INSERT INTO t SELECT printf('row %d padding padding padding', i) FROM n");
    db.close();
    const bytes = readFileSync(file);
    const pages = bytes.length / 4096;
    assert.ok(pages > 3);
    bytes[2 * 4096 + 100] ^= 0x01; // page 3
    writeFileSync(file, bytes);
    const damaged = await Database.open(file, { key: passphrase });
    assert.throws(() => damaged.query('SELECT count(*) FROM t'), (e: unknown) => e instanceof StorageError && e.code === 'CORRUPT_PAGE' && e.details.page === 3);
    damaged.close();
    assert.equal(statSync(file).size, bytes.length);
  });
});
