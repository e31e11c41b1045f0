import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateAccessLog } from '../../../../src/core/demo/accessLog';
import { startAttachMining, InThreadMining } from '../../../../src/storage/patterns/attachMining';
import { minerWorkerIn } from '../../../../src/storage/patterns/minerWorkerFile';
import { createStore } from '../../../../src/storage/store';
import { repoRoot } from '../../../host/paths';
import { useTestStore } from '../repositories/testStore';

const minerWorker = () => {
  const file = minerWorkerIn(path.join(repoRoot, 'dist'));
  assert.ok(file, 'dist/logMiner.js is built (npm run build)');
  return file;
};

function accessLogPieces(bytes: number): string[] {
  const pieces: string[] = [];
  generateAccessLog(bytes, (piece) => pieces.push(piece), { distinctClients: 500 });
  return pieces;
}

describe('attach mining on a thread of its own', () => {
  const ctx = useTestStore('trcaa-mining-');

  it('the mining thread gives exactly the index this thread gives, however far the pieces run ahead of it', async () => {
    const pieces = accessLogPieces(12 * 1024 * 1024);
    const here = new InThreadMining();
    for (const piece of pieces) here.push(piece);
    const expected = here.finish();
    assert.ok(expected && expected.patterns.length > 3);

    const threaded = startAttachMining(minerWorker());
    const waits: Promise<void>[] = [];
    for (const piece of pieces) {
      const wait = threaded.push(piece);
      if (wait) waits.push(wait);
    }
    assert.ok(waits.length > 0, 'posting every piece at once asks the caller to wait');
    await Promise.all(waits);
    assert.deepEqual(await threaded.end(), expected);
  });

  it('a mining thread that cannot start or dies gives no index and never blocks the caller', async () => {
    const broken = startAttachMining(path.join(repoRoot, 'dist', 'no-such-miner.js'));
    for (const piece of accessLogPieces(6 * 1024 * 1024)) await broken.push(piece);
    assert.equal(await broken.end(), undefined);
  });

  it('insertFromFile of a large log with the mining thread stores the patterns an in-thread attach stores', async () => {
    const { db, dir } = ctx();
    const file = path.join(dir, 'access.log');
    writeFileSync(file, accessLogPieces(10 * 1024 * 1024).join(''));
    const inThread = createStore(db);
    const threaded = createStore(db, { minerWorkerFile: minerWorker() });
    const first = inThread.issues.create({ title: 'here', severity: 'low' });
    const second = threaded.issues.create({ title: 'thread', severity: 'low' });
    const a = await inThread.logFiles.insertFromFile(first.id, file);
    const b = await threaded.logFiles.insertFromFile(second.id, file);
    const patterns = inThread.logPatterns.list(a.logFile.id);
    assert.ok(patterns.length > 3);
    assert.deepEqual(threaded.logPatterns.list(b.logFile.id), patterns);
    for (const p of patterns) assert.deepEqual(threaded.logPatterns.lines(b.logFile.id, p.index), inThread.logPatterns.lines(a.logFile.id, p.index));
    assert.deepEqual(b.pii?.countsByType, a.pii?.countsByType, 'the scan is unchanged');
  });

  it('a broken mining thread leaves the log attached without patterns, mined on first use', async () => {
    const { db, dir } = ctx();
    const file = path.join(dir, 'access.log');
    writeFileSync(file, accessLogPieces(9 * 1024 * 1024).join(''));
    const store = createStore(db, { minerWorkerFile: path.join(dir, 'missing-miner.js') });
    const issue = store.issues.create({ title: 'broken miner', severity: 'low' });
    const { logFile } = await store.logFiles.insertFromFile(issue.id, file);
    assert.equal(store.logPatterns.summary(logFile.id), null, 'stored without patterns');
    const set = await store.logPatterns.ensureMined(logFile.id);
    assert.ok(set.lineCount > 50_000);
  });
});
