// A process committing without a pause holds on to the lock between its transactions (fileLock.ts); another
// process that wants to write must still get its turn promptly, through SQLite's own busy handler.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Database } from '../../../../src/storage/database';
import { repoRoot } from '../../../host/paths';
import { useTempDir } from '../testFiles';

const child = path.join(repoRoot, 'out', 'test', 'unit', 'storage', 'concurrency', 'committerChild.js');

describe('a process committing without a pause, and another one writing', function () {
  this.timeout(60_000);
  const dir = useTempDir('trcaa-handover-');

  it('the other one commits within a short wait, every time, while the first keeps committing', async () => {
    const file = path.join(dir(), 'shared.db');
    const key = randomBytes(32);
    const db = await Database.open(file, { key: { kind: 'raw', key } });
    db.exec('CREATE TABLE hits(id INTEGER PRIMARY KEY, writer TEXT NOT NULL, n INTEGER NOT NULL, pid INTEGER NOT NULL, UNIQUE(writer, n))');

    const startFile = path.join(dir(), 'go');
    const proc = spawn(process.execPath, [child, file, key.toString('hex'), '4000', startFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => proc.on('close', resolve));
    while (!stdout.includes('ready') && proc.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
    writeFileSync(startFile, 'go');
    await new Promise((resolve) => setTimeout(resolve, 300)); // it is committing by now

    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      db.exec('INSERT INTO hits(writer, n, pid) VALUES (?, ?, ?)', ['other', i, process.pid]);
      waits.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10)); // our task ends: we let go
    }
    const finished = Date.now();
    assert.equal(await exited, 0, stderr);
    const [n, , ended] = (stdout.match(/done (\d+) (\d+) (\d+)/)?.slice(1) ?? []).map(Number) as [number, number, number];
    const sorted = [...waits].sort((a, b) => a - b);
    console.log(`      20 commits while another process committed ${n} times: wait median ${sorted[10]!.toFixed(1)} ms, max ${sorted[19]!.toFixed(1)} ms`);

    assert.ok(ended > finished, 'the first process was still committing when the other had made its 20 commits');
    assert.ok(sorted[19]! < 3000, `no commit waited for the burst to end: ${waits.map((w) => w.toFixed(0)).join(', ')} ms`);
    assert.equal(db.get('SELECT count(*) AS n FROM hits WHERE writer = ?', ['other'])?.n, 20);
    assert.equal(db.get('SELECT count(*) AS n FROM hits WHERE writer = ?', ['burst'])?.n, n);
    db.close();
  });
});
