// PRAGMA data_version through our VFS: it moves when another connection (here: the main thread, beside the
// worker's) commits to the file, and never for the worker's own writes — what the other-window check relies on.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { Database } from '../../../../src/storage/database';
import type { DatabaseKey } from '../../../../src/storage/cipher/databaseKey';
import { EngineClient } from '../../../../src/storage/engine/engineClient';
import { toWireKey } from '../../../../src/storage/engine/protocol';
import { repoRoot } from '../../../host/paths';
import { useTempDir } from '../testFiles';

const keys: Array<[string, DatabaseKey]> = [
  ['plain', { kind: 'plain' }],
  ['encrypted', { kind: 'raw', key: Buffer.alloc(32, 7) }],
];

describe('change reports: data_version', () => {
  const tempDir = useTempDir('trcaa-dataversion-');
  let client: EngineClient;
  beforeEach(() => (client = new EngineClient(path.join(repoRoot, 'dist', 'dbWorker.js'))));
  afterEach(() => client.dispose());

  it('is null while no database is open (a check never opens one)', async () => {
    assert.equal(await client.api.dataVersion(), null);
    assert.equal(await client.api.status(), null);
  });

  it('waits behind a long write instead of colliding with it', async () => {
    await client.api.open({ file: path.join(tempDir(), 'busy.db'), key: { kind: 'plain' } });
    const started = Date.now();
    const writing = client.api.holdWriteLock(600);
    const version = await client.api.dataVersion();
    assert.ok(Date.now() - started >= 550, 'answered after the write, in the worker\'s queue');
    assert.equal(typeof version?.version, 'number');
    await writing;
  });

  for (const [name, key] of keys) {
    it(`changes for another connection's commit only (${name})`, async () => {
      const file = path.join(tempDir(), `${name}.db`);
      await client.api.open({ file, key: toWireKey(key) });
      const opened = await client.api.dataVersion();
      assert.ok(opened);
      assert.equal(opened.version, opened.atOpen);

      await client.store.issues.create({ title: 'Written by this window', severity: 'low' });
      assert.equal((await client.api.dataVersion())?.version, opened.version, 'our own write leaves it alone');

      const other = await Database.open(file, { key, create: false });
      try {
        other.exec("INSERT INTO settings(key, value, updated_at) VALUES ('from', 'another window', '2026-01-01 00:00:00')");
      } finally {
        other.close();
      }
      const after = await client.api.dataVersion();
      assert.notEqual(after?.version, opened.version, 'another connection committed');
      assert.equal(after?.connection, opened.connection);
      assert.equal((await client.api.dataVersion())?.version, after?.version, 'stable until the next outside commit');
    });
  }
});
