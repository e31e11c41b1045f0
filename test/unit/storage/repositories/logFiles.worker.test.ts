// The log API as the extension's main thread uses it: through the database worker, where values cross by
// structured clone — content comes back in chunks through a handle, and a cancel flag in shared memory
// reaches an attach that is running.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EngineClient } from '../../../../src/storage/engine/engineClient';
import { useWorkerStore } from '../workerStore';

describe('LogFileRepository through the database worker', function () {
  this.timeout(60_000);
  const worker = useWorkerStore('trcaa-attach-worker-', 'Worker attach');
  let client: EngineClient;
  let dir: string;
  let issueId: string;
  beforeEach(() => ({ client, dir, issueId } = worker()));

  it('attaches a file and streams it back in chunks via openContent/readContent', async () => {
    const file = path.join(dir, 'w.log');
    const bytes = Buffer.concat([Buffer.from('line\r\n'.repeat(300_000)), randomBytes(100_000)]);
    writeFileSync(file, bytes);
    const { logFile, duplicate } = await client.store.logFiles.insertFromFile(issueId, file, { workspacePath: 'w.log' });
    assert.equal(duplicate, false);
    assert.equal((await client.store.logFiles.insertFromFile(issueId, file)).duplicate, true);

    const { handle, fileSize } = await client.store.logFiles.openContent(logFile.id, { chunkBytes: 256 * 1024 });
    assert.equal(fileSize, bytes.length);
    const hash = createHash('sha256');
    let chunks = 0;
    for (let chunk = await client.store.logFiles.readContent(handle); chunk; chunk = await client.store.logFiles.readContent(handle)) {
      assert.ok(chunk instanceof Uint8Array);
      hash.update(chunk);
      chunks++;
    }
    assert.ok(chunks > 4, `${chunks} chunks`);
    assert.equal(hash.digest('hex'), logFile.contentHash);
    assert.equal((await client.store.logFiles.contentText(logFile.id)).length, bytes.length - 100_000 + new TextDecoder().decode(bytes.subarray(bytes.length - 100_000)).length);
  });

  it('a typed error keeps its code across the boundary', async () => {
    await assert.rejects(client.store.logFiles.contentText('no-such-log'), (error: unknown) => (error as { code?: string }).code === 'NOT_FOUND');
  });

  it('a shared cancel flag set by this thread cancels the attach running in the worker; nothing is stored', async () => {
    const file = path.join(dir, 'big.log');
    writeFileSync(file, Buffer.alloc(64 * 1024 * 1024, 'another log line\n'));
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const attach = client.store.logFiles.insertFromFile(issueId, file, {}, { cancelFlag: flag });
    Atomics.store(flag, 0, 1);
    await assert.rejects(attach, (error: unknown) => (error as { code?: string }).code === 'CANCELLED');
    assert.deepEqual(await client.store.logFiles.listForIssue(issueId), []);
  });
});
