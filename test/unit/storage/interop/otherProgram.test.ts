// Another SQLite program writing our file at the same time. Our locks are lock files (docs/storage.md, "Locks
// between windows"), which the sqlcipher CLI or DB Browser do not see; what a user then meets must say so.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DatabaseKey } from '../../../../src/storage/cipher/databaseKey';
import { Database } from '../../../../src/storage/database';
import { StorageError } from '../../../../src/storage/errors';
import { useTempDir } from '../testFiles';
import { findSqlcipher, keyPragma, SKIP_MESSAGE } from './sqlcipherCli';

const key: Extract<DatabaseKey, { kind: 'raw' }> = { kind: 'raw', key: Buffer.alloc(32, 0x5a) };

describe('the sqlcipher CLI and TRCAA writing one file at once', function () {
  this.timeout(120_000);
  const dir = useTempDir('trcaa-other-program-');

  before(function () {
    if (!findSqlcipher()) {
      console.warn(`      skipped: ${SKIP_MESSAGE}`);
      this.skip();
    }
  });

  it('a journal removed by the other program is reported as "in use by another program", never a raw SQLite code', async () => {
    const file = path.join(dir(), 'shared.db');
    const db = await Database.open(file, { key, busyTimeoutMs: 200 });
    db.exec('CREATE TABLE t(who TEXT, n INTEGER)');
    const inserts = Array.from({ length: 2000 }, (_, i) => `INSERT INTO t VALUES ('cli', ${i});`).join('\n');
    const cli = spawn(findSqlcipher() as string, ['-batch', file], { stdio: ['pipe', 'ignore', 'pipe'] });
    cli.stdin.end(`${keyPragma(key)}\n.timeout 200\n${inserts}\n`);
    let running = true;
    const exited = new Promise<void>((resolve) => cli.on('close', () => ((running = false), resolve())));
    const seen: Error[] = [];
    for (let i = 0; running && seen.length < 5; i++) {
      try {
        db.transaction(() => db.exec("INSERT INTO t VALUES ('trcaa', ?)", [i]));
      } catch (error) {
        seen.push(error as Error);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    cli.kill(); // enough seen: the rest of its script is not needed
    await exited;
    db.close();
    const messages = seen.map((error) => `${error instanceof StorageError ? error.code : error.name}: ${error.message}`);
    assert.ok(seen.some((error) => error instanceof StorageError && error.code === 'IN_USE'), `the collision was met and named: ${JSON.stringify(messages)}`);
    for (const message of messages) assert.doesNotMatch(message, /SQLITE_IOERR_DELETE_NOENT/);
  });
});
