import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstatSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Database } from '../../../../src/storage/database';
import { repoRoot } from '../../../host/paths';
import { useTempDir } from '../testFiles';

const child = path.join(repoRoot, 'out', 'test', 'unit', 'storage', 'concurrency', 'inserterChild.js');

interface Writer {
  ready: Promise<void>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startWriter(file: string, keyHex: string, writer: string, rows: number, startFile: string): Writer {
  const proc = spawn(process.execPath, [child, file, keyHex, writer, String(rows), startFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  proc.stdout.on('data', (d) => {
    stdout += d;
    if (stdout.includes('ready')) markReady();
  });
  proc.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    proc.on('close', (code) => {
      markReady(); // a writer that died before "ready" must not hang the test
      resolve({ code, stdout, stderr });
    }),
  );
  return { ready, done };
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
    // Every writer opens the database first; then all start at once, so they really contend.
    const startFile = path.join(dir(), 'go');
    const writers = ['a', 'b', 'c'].map((writer) => startWriter(file, key.toString('hex'), writer, rows, startFile));
    await Promise.all(writers.map((w) => w.ready));
    writeFileSync(startFile, 'go');
    const results = await Promise.all(writers.map((w) => w.done));
    for (const result of results) assert.equal(result.code, 0, result.stderr);

    const db = await Database.open(file, { key: { kind: 'raw', key }, create: false });
    assert.equal(db.get('SELECT count(*) AS n FROM hits')?.n, 3 * rows);
    const perWriter = db.query<{ writer: string; n: number }>('SELECT writer, count(*) AS n FROM hits GROUP BY writer ORDER BY writer');
    assert.deepEqual(perWriter.map((r) => [r.writer, r.n]), [['a', rows], ['b', rows], ['c', rows]]);
    const pids = db.get('SELECT count(DISTINCT pid) AS n FROM hits')?.n;
    assert.equal(pids, 3);
    assert.equal(db.get('PRAGMA integrity_check')?.integrity_check, 'ok');
    // At the same time: every writer had started before any of them finished (the others were waiting on the
    // lock meanwhile — SQLite's busy handler is not fair, so commits need not alternate).
    const spans = results.map((r) => r.stdout.match(/done \d+ (\d+) (\d+)/)?.slice(1).map(Number) as [number, number]);
    assert.ok(Math.max(...spans.map(([began]) => began)) < Math.min(...spans.map(([, ended]) => ended)), `writers overlapped: ${JSON.stringify(spans)}`);
    db.close();
  });

  it('one writer through a symlink, one through its target: they share one lock and no row is lost', async () => {
    const file = path.join(dir(), 'target.db');
    const link = path.join(dir(), 'link.db');
    const key = randomBytes(32);
    const setup = await Database.open(file, { key: { kind: 'raw', key } });
    setup.exec('CREATE TABLE hits(id INTEGER PRIMARY KEY, writer TEXT NOT NULL, n INTEGER NOT NULL, pid INTEGER NOT NULL, UNIQUE(writer, n))');
    setup.close();
    symlinkSync(file, link);

    const rows = 300;
    const startFile = path.join(dir(), 'go');
    const writers = [startWriter(link, key.toString('hex'), 'link', rows, startFile), startWriter(file, key.toString('hex'), 'target', rows, startFile)];
    await Promise.all(writers.map((w) => w.ready));
    writeFileSync(startFile, 'go');
    for (const result of await Promise.all(writers.map((w) => w.done))) assert.equal(result.code, 0, result.stderr);

    const db = await Database.open(file, { key: { kind: 'raw', key }, create: false });
    const perWriter = db.query<{ writer: string; n: number }>('SELECT writer, count(*) AS n FROM hits GROUP BY writer ORDER BY writer');
    assert.deepEqual(perWriter.map((r) => [r.writer, r.n]), [['link', rows], ['target', rows]]);
    db.close();
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
  });
});
