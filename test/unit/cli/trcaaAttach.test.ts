// `trcaa-db attach`: the extension's streamed attach from a script, with its checks and clear refusals.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Database } from '../../../src/storage/database';
import { migrations } from '../../../src/storage/migrations';
import { migrate } from '../../../src/storage/migrations/migrate';
import { createStore } from '../../../src/storage/store';
import { repoRoot } from '../../host/paths';
import { useTempDir } from '../storage/testFiles';

const cli = path.join(repoRoot, 'dist', 'trcaa-db.js');
const KEY_HEX = '5d'.repeat(32);
const rawKey = `x'${KEY_HEX}'`;

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args, '--key', rawKey], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('trcaa-db attach', () => {
  const dir = useTempDir('trcaa-cli-attach-');

  async function withIssue(): Promise<{ file: string; issueId: string }> {
    const file = path.join(dir(), 'db.sqlite');
    const db = await Database.open(file, { key: { kind: 'raw', key: Buffer.from(KEY_HEX, 'hex') } });
    try {
      migrate(db, migrations);
      return { file, issueId: createStore(db).issues.create({ title: 'Checkout 502s', severity: 'high' }).id };
    } finally {
      db.close();
    }
  }

  async function inStore<T>(file: string, read: (store: ReturnType<typeof createStore>) => Promise<T> | T): Promise<T> {
    const db = await Database.open(file, { key: { kind: 'raw', key: Buffer.from(KEY_HEX, 'hex') }, create: false });
    try {
      return await read(createStore(db));
    } finally {
      db.close();
    }
  }

  it('attaches a log: prints id, size, PII counts per type and the time; the database holds the log, its detections and its audit row', async () => {
    const { file, issueId } = await withIssue();
    const lines = Array.from({ length: 500 }, (_, i) => `10.1.${i % 7}.${i % 200} GET /x ${i % 10 === 0 ? `user=u${i}@example.com` : ''}\n`);
    const log = path.join(dir(), 'access.log');
    writeFileSync(log, lines.join(''));
    const result = run(['attach', file, issueId, log]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { logFileId: string; size: number; piiCounts: Record<string, number>; seconds: number; duplicate: boolean; fileName: string };
    assert.deepEqual(report.piiCounts, { Email: 50, IPv4: 500 });
    assert.equal(report.size, Buffer.byteLength(lines.join('')));
    assert.equal(report.fileName, 'access.log');
    assert.equal(report.duplicate, false);
    assert.ok(report.seconds > 0 && report.seconds < 60);

    await inStore(file, async (store) => {
      const stored = store.logFiles.get(report.logFileId);
      assert.equal(stored?.issueId, issueId);
      assert.equal(stored?.contentHash, createHash('sha256').update(lines.join('')).digest('hex'));
      assert.deepEqual(store.piiSpans.countsByType(report.logFileId), { Email: 50, IPv4: 500 });
      const row = store.audit.list({ action: 'log.attached', entityId: report.logFileId });
      assert.equal(row.length, 1);
      assert.equal(await store.logFiles.contentText(report.logFileId), lines.join(''));
    });

    // The same file again: reported as a duplicate, nothing new stored.
    const again = JSON.parse(run(['attach', file, issueId, log]).stdout) as { logFileId: string; duplicate: boolean; piiCounts: Record<string, number> };
    assert.deepEqual([again.logFileId, again.duplicate, again.piiCounts], [report.logFileId, true, { Email: 50, IPv4: 500 }]);
  });

  it('refuses binary, empty, too large and missing files and an unknown issue with a clear message and exit 1, storing nothing', async () => {
    const { file, issueId } = await withIssue();
    const binary = path.join(dir(), 'core.dump');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]));
    const empty = path.join(dir(), 'empty.log');
    writeFileSync(empty, '');
    const big = path.join(dir(), 'big.log');
    writeFileSync(big, 'x'.repeat(2 * 1024 * 1024));
    const fine = path.join(dir(), 'fine.log');
    writeFileSync(fine, 'all quiet\n');
    const cases: [string[], RegExp][] = [
      [['attach', file, issueId, binary], /core\.dump looks like a binary file \(it contains NUL bytes\).*\[BINARY\]/],
      [['attach', file, issueId, empty], /empty\.log is empty: there is nothing to attach\. \[EMPTY\]/],
      [['attach', file, issueId, big, '--max-size-mb', '1'], /big\.log is 2\.0 MB, over the 1\.0 MB limit.*\[TOO_LARGE\]/],
      [['attach', file, issueId, path.join(dir(), 'nope.log')], /nope\.log could not be read: it no longer exists.*\[FILE_UNREADABLE\]/],
      [['attach', file, '0190f0a0-0000-7000-8000-000000000000', fine], /No issue 0190f0a0-0000-7000-8000-000000000000.*\[NOT_FOUND\]/],
    ];
    for (const [args, message] of cases) {
      const result = run(args);
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
    assert.equal(run(['attach', file, issueId]).code, 2, 'a missing argument is a usage error');
    assert.equal(run(['attach', file, issueId, fine, '--max-size-mb', 'lots']).code, 2);
    await inStore(file, (store) => assert.deepEqual(store.logFiles.listForIssue(issueId), []));
  });
});
