// For tests of the store as the extension's main thread uses it: a fresh plain database in a temporary folder,
// opened by the real database worker (dist/dbWorker.js, so `npm run build` first), with one issue; stopped and
// removed after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineClient } from '../../../src/storage/engine/engineClient';
import { repoRoot } from '../../host/paths';

export interface WorkerStore {
  client: EngineClient;
  dir: string;
  issueId: string;
}

/** Call inside a describe block; the returned function gives this test's worker, folder and issue. */
export function useWorkerStore(prefix: string, issueTitle: string): () => WorkerStore {
  let current: WorkerStore | undefined;
  beforeEach(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    const client = new EngineClient(path.join(repoRoot, 'dist', 'dbWorker.js'));
    await client.api.open({ file: path.join(dir, 'w.db'), key: { kind: 'plain' } });
    const issueId = (await client.store.issues.create({ title: issueTitle, severity: 'high' })).id;
    current = { client, dir, issueId };
  });
  afterEach(async () => {
    await current?.client.dispose();
    if (current) rmSync(current.dir, { recursive: true, force: true });
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('the worker store exists only inside a test');
    return current;
  };
}
