import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LogPatternIndexer } from '../../../../src/core/logs/patterns/logPatternIndex';
import { storePatternIndex } from '../../../../src/storage/repositories/logPatterns';
import { generateMessages, HEADERS } from '../../core/logs/generatedLogs';
import { useAttachmentStore } from './attachmentTestStore';

const START = Date.UTC(2026, 2, 14, 9, 0, 0);

/** A generated log4j-style log, one line every 5 s, and the source template of each line. */
function generatedLog(count: number) {
  const messages = generateMessages(count, 12);
  const text = messages.map((m, i) => HEADERS.log4j!(START + i * 5000, i % 7 === 0 ? 'error' : 'info', m.message)).join('\n') + '\n';
  return { text, templates: messages.map((m) => m.template) };
}

describe('LogPatternRepository', () => {
  const ctx = useAttachmentStore();

  it('attach (insertFromFile) mines in the same pass: patterns, line lists and histograms stored with the log', async () => {
    const { store, addIssue, dir, db } = ctx();
    const { text, templates } = generatedLog(5000);
    const file = path.join(dir, 'service.log');
    writeFileSync(file, text);
    const { logFile } = await store.logFiles.insertFromFile(addIssue(), file);
    const set = store.logPatterns.summary(logFile.id);
    assert.ok(set, 'mined on attach');
    assert.equal(set.format, 'log4j');
    assert.equal(set.lineCount, 5000);
    assert.equal(set.zoned, false);
    const patterns = store.logPatterns.list(logFile.id);
    assert.equal(set.patternCount, patterns.length);
    assert.equal(patterns.reduce((sum, p) => sum + p.count, 0), 5000);
    assert.ok(patterns.every((p, i) => i === 0 || patterns[i - 1]!.count >= p.count), 'most frequent first');
    for (const p of patterns) {
      const lines = store.logPatterns.lines(logFile.id, p.index);
      assert.equal(lines.length, p.count);
      assert.equal(new Set(lines.map((n) => templates[n - 1])).size, 1, `${p.id} ${p.template} holds one template's lines`);
      assert.equal(p.firstLine, lines[0]);
      assert.equal(p.lastLine, lines[lines.length - 1]);
      assert.equal(p.firstMs, START + (p.firstLine - 1) * 5000);
      assert.equal(p.histogram.reduce((sum, [, n]) => sum + n, 0), p.count);
      assert.ok(p.histogram.every(([minute]) => minute >= Math.floor(START / 60_000)));
    }
    assert.ok(patterns.some((p) => p.template === 'User <*> logged out'));
    const stored = db.query<{ lines: Uint8Array }>('SELECT lines FROM log_patterns WHERE log_file_id = ?', [logFile.id]);
    assert.ok(stored.some((r) => r.lines[0] === 0), 'long line lists are stored deflated (patterns/lineLists.ts), and read back above');
  });

  it('insertContent mines too, and a duplicate attach leaves the first log\'s patterns as they were', () => {
    const { store, addIssue } = ctx();
    const issueId = addIssue();
    const { text } = generatedLog(300);
    const first = store.logFiles.insertContent(issueId, Buffer.from(text), { fileName: 'a.log' });
    const before = store.logPatterns.list(first.logFile.id);
    assert.ok(before.length > 5);
    const again = store.logFiles.insertContent(issueId, Buffer.from(text), { fileName: 'a.log' });
    assert.equal(again.duplicate, true);
    assert.deepEqual(store.logPatterns.list(first.logFile.id), before);
  });

  it('an older log (attached before mining) is mined on first use, reported on the change channel, then left as it is', async () => {
    const { store, addIssue, db } = ctx();
    const issueId = addIssue();
    const { text } = generatedLog(1200);
    const { logFile } = store.logFiles.insertContent(issueId, Buffer.from(text), { fileName: 'old.log' });
    const expected = store.logPatterns.list(logFile.id);
    db.exec('DELETE FROM log_pattern_sets WHERE log_file_id = ?', [logFile.id]);
    assert.equal(store.logPatterns.summary(logFile.id), null);
    assert.deepEqual(store.logPatterns.list(logFile.id), []);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM log_patterns WHERE log_file_id = ?', [logFile.id])?.n, 0, 'the patterns went with their set');
    db.takeChanges();

    const set = await store.logPatterns.ensureMined(logFile.id);
    assert.equal(set.lineCount, 1200);
    assert.deepEqual(db.takeChanges(), [{ entity: 'logPatterns', kind: 'created', ids: [logFile.id], issueId }]);
    assert.deepEqual(store.logPatterns.list(logFile.id), expected, 'the same patterns as mined on attach');

    await store.logPatterns.ensureMined(logFile.id);
    assert.deepEqual(db.takeChanges(), [], 'already mined: nothing written');
  });

  it('mining on first use can be cancelled (nothing stored) and refuses an unknown log', async () => {
    const { store, addIssue, db } = ctx();
    const { logFile } = store.logFiles.insertContent(addIssue(), Buffer.from(generatedLog(100).text), { fileName: 'c.log' });
    db.exec('DELETE FROM log_pattern_sets WHERE log_file_id = ?', [logFile.id]);
    const flag = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(flag, 0, 1);
    await assert.rejects(store.logPatterns.ensureMined(logFile.id, { cancelFlag: flag }), /cancelled; nothing was stored/);
    assert.equal(store.logPatterns.summary(logFile.id), null);
    await assert.rejects(store.logPatterns.ensureMined('0'.repeat(36)), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
    assert.throws(() => store.logPatterns.lines(logFile.id, 0), /No pattern P1 for this log/);
    assert.throws(() => store.logPatterns.lines(logFile.id, -1), /pattern index/);
  });

  it('deleting the log deletes its patterns', () => {
    const { store, addIssue, db } = ctx();
    const { logFile } = store.logFiles.insertContent(addIssue(), Buffer.from(generatedLog(100).text), { fileName: 'd.log' });
    assert.ok(store.logPatterns.list(logFile.id).length > 0);
    store.logFiles.delete(logFile.id);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM log_patterns')?.n, 0);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM log_pattern_sets')?.n, 0);
  });

  it('a pattern set from an older miner version counts as not mined, and mining again replaces it', async () => {
    const { store, addIssue, db } = ctx();
    const { logFile } = store.logFiles.insertContent(addIssue(), Buffer.from(generatedLog(200).text), { fileName: 'v.log' });
    const indexer = new LogPatternIndexer();
    indexer.push('one line\n');
    db.transaction(() => storePatternIndex(db, logFile.id, { ...indexer.end(), minerVersion: 0 }, '2020-01-01 00:00:00'));
    assert.equal(store.logPatterns.summary(logFile.id), null);
    const set = await store.logPatterns.ensureMined(logFile.id);
    assert.equal(set.lineCount, 200);
  });

  it('compares two logs, and two time ranges of one (before / after a deploy): new, gone and more frequent patterns', () => {
    const { store, addIssue } = ctx();
    const issueId = addIssue();
    const at = (minute: number, message: string) => `${new Date(START + minute * 60_000).toISOString().replace('T', ' ').slice(0, 19)},000 INFO  [main] com.example.Shop: ${message}`;
    const lines: string[] = [];
    for (let m = 0; m < 60; m++) {
      for (let k = 0; k < 10; k++) lines.push(at(m, `request ${m * 10 + k} served in ${k * 7} ms`));
      if (m < 30) lines.push(at(m, `legacy endpoint /v1/${m} called`));
      else for (let k = 0; k < 5; k++) lines.push(at(m, `connection refused by 10.0.0.${k}:5432`));
    }
    const { logFile } = store.logFiles.insertContent(issueId, Buffer.from(lines.join('\n')), { fileName: 'deploy.log' });
    const deploy = START + 30 * 60_000;
    const changes = store.logPatterns.compare({ logFileId: logFile.id, toMs: deploy }, { logFileId: logFile.id, fromMs: deploy });
    assert.deepEqual(changes.map((c) => [c.kind, c.template, c.before, c.after]), [
      ['new', 'connection refused by <*>', 0, 150],
      ['gone', 'legacy endpoint <*> called', 30, 0],
    ]);
    const counts = store.logPatterns.counts({ logFileId: logFile.id, fromMs: deploy });
    assert.equal(counts.find((c) => c.template === 'request <*> served in <*> ms')?.count, 300);

    const other = store.logFiles.insertContent(issueId, Buffer.from(lines.slice(0, 200).join('\n')), { fileName: 'before.log' });
    const acrossLogs = store.logPatterns.compare({ logFileId: other.logFile.id }, { logFileId: logFile.id });
    // The first 200 lines (18 minutes, before the deploy) against the whole log: the refusals are new, the legacy
    // calls a smaller share (18 of 200 lines, then 30 of 930).
    assert.deepEqual(acrossLogs.map((c) => [c.kind, c.template]), [['new', 'connection refused by <*>'], ['less', 'legacy endpoint <*> called']]);
  });

  it('refuses to compare a log that is not mined', () => {
    const { store, addIssue, db } = ctx();
    const { logFile } = store.logFiles.insertContent(addIssue(), Buffer.from(generatedLog(50).text), { fileName: 'n.log' });
    db.exec('DELETE FROM log_pattern_sets WHERE log_file_id = ?', [logFile.id]);
    assert.throws(() => store.logPatterns.compare({ logFileId: logFile.id }, { logFileId: logFile.id }), /not mined yet/);
  });
});
