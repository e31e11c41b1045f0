import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder per test, removed afterwards. */
export function useTempDir(prefix = 'trcaa-storage-'): () => string {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), prefix))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
