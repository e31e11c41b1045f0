import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Database } from '../../../../src/storage/database';
import { repoRoot } from '../../../host/paths';
import { useTempDir } from '../testFiles';

const child = path.join(repoRoot, 'out', 'test', 'unit', 'storage', 'concurrency', 'inserterChild.js');

function runWriter(file: string, keyHex: string, writer: string, rows: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [child, file, keyHex, writer, String(rows)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('several processes, one encrypted database', function () {
  this.timeout(120_000);
  const dir = useTempDir('trcaa-conc-');

  it('3 processes insert at the same time: the count is exact and no error reaches a caller', async () => {
    const file = path.join(dir(), 'shared.db');
    const key = randomBytes(32);
    const setup = await Database.open(file, { key: { kind: 'raw', key } });
    setup.exec('CREATE TABLE hits(id INTEGER PRIMARY KEY, writer TEXT NOT NULL, n INTEGER NOT NULL, pid INTEGER NOT NULL, UNIQUE(writer, n))');
    setup.close();

    const rows = 150;
    const results = await Promise.all(['a', 'b', 'c'].map((writer) => runWriter(file, key.toString('hex'), writer, rows)));
    for (const result of results) assert.equal(result.code, 0, result.stderr);

    const db = await Database.open(file, { key: { kind: 'raw', key }, create: false });
    assert.equal(db.get('SELECT count(*) AS n FROM hits')?.n, 3 * rows);
    const perWriter = db.query<{ writer: string; n: number }>('SELECT writer, count(*) AS n FROM hits GROUP BY writer ORDER BY writer');
    assert.deepEqual(perWriter.map((r) => [r.writer, r.n]), [['a', rows], ['b', rows], ['c', rows]]);
    const pids = db.get('SELECT count(DISTINCT pid) AS n FROM hits')?.n;
    assert.equal(pids, 3);
    assert.equal(db.get('PRAGMA integrity_check')?.integrity_check, 'ok');
    // Interleaved, not one after the other: the writers' rows alternate somewhere in commit order.
    const order = db.query<{ writer: string }>('SELECT writer FROM hits ORDER BY id').map((r) => r.writer).join('');
    assert.ok(/ab|ba|ac|ca|bc|cb/.test(order.slice(0, rows * 3 - 1)) && !/^a+b+c+$|^a+c+b+$|^b+a+c+$|^b+c+a+$|^c+a+b+$|^c+b+a+$/.test(order), 'the writers really ran concurrently');
    db.close();
  });
});
