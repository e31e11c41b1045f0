import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../../src/storage/database';
import { EngineClient } from '../../../src/storage/engine/engineClient';
import { createInProcessEngine } from '../../../src/storage/engine/engineImpl';
import { EngineError } from '../../../src/storage/engine/protocol';
import { repoRoot } from '../../host/paths';

describe('database engine', () => {
  it('loads the pinned SQLite WASM build in-process, with FTS5', async () => {
    const info = await createInProcessEngine().info();
    assert.equal(info.sqliteVersion, '3.54.1');
    assert.equal(info.fts5, true);
    assert.ok(info.compileOptions.includes('ENABLE_FTS5'));
  });

  describe('in a worker thread', () => {
    const workerFile = path.join(repoRoot, 'dist', 'dbWorker.js');
    let client: EngineClient;
    beforeEach(() => (client = new EngineClient(workerFile)));
    afterEach(() => client.dispose());

    it('answers through the typed async API', async () => {
      const info = await client.api.info();
      assert.equal(info.sqliteVersion, '3.54.1');
      assert.equal(info.fts5, true);
    });

    it('serves concurrent calls from one worker', async () => {
      const answers = await Promise.all([client.api.info(), client.api.info(), client.api.info()]);
      assert.deepEqual(new Set(answers.map((a) => a.sqliteSourceId)).size, 1);
    });

    it('lets queued calls finish when shut down, and rejects a call stuck past the grace period', async () => {
      const queued = client.api.info();
      await client.dispose();
      assert.equal((await queued).fts5, true);

      const dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-engine-'));
      try {
        await client.api.open({ file: path.join(dir, 'e.db'), key: { kind: 'plain' } });
        const stuck = client.api.holdWriteLock(5000);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await client.dispose();
        await assert.rejects(stuck, (error: unknown) => error instanceof EngineError && error.code === 'WORKER_DISPOSED');
        // The terminated thread's write lock was released for it: another connection writes at once.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const other = await Database.open(path.join(dir, 'e.db'), { key: { kind: 'plain' }, busyTimeoutMs: 300 });
        other.exec('CREATE TABLE after_worker(x)');
        other.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('reports a worker that cannot start as an error, not a hang', async () => {
      const broken = new EngineClient(path.join(repoRoot, 'dist', 'no-such-worker.js'));
      await assert.rejects(broken.api.info(), (error: unknown) => error instanceof EngineError && /database worker/.test(error.message));
      await broken.dispose();
    });
  });
});
