// A log's patterns as the views use them, read from what the store mined of a generated log: counts, levels,
// first/last lines and times, per-minute histograms, and each pattern's lines (the highlight) — every line in
// exactly one pattern.
import * as assert from 'node:assert/strict';
import { fromStored, lineTimeReader, patternIndex } from '../../../../src/views/patterns/logPatterns';
import { useAttachmentStore } from '../../storage/repositories/attachmentTestStore';

/** A logback-style log: requests every 20 s, a pool error from minute 3, with a stack trace under each error. */
function generatedLog(): string {
  const lines: string[] = [];
  const start = Date.UTC(2026, 11, 6, 14, 0, 0);
  for (let i = 0; i < 30; i++) {
    const at = new Date(start + i * 20_000).toISOString().replace('T', ' ').replace('Z', '');
    lines.push(`${at} INFO  [http-${i % 4}] c.e.Gateway - GET /api/orders/${1000 + i} 200 in ${10 + i} ms`);
    if (i >= 9 && i % 3 === 0) {
      lines.push(`${at} ERROR [http-${i % 4}] c.e.Pool - pool exhausted: ${40 + i}/50 connections in use`);
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('views: a log\'s patterns', () => {
  const ctx = useAttachmentStore();

  it('groups the lines, with level, counts, first/last line and time, a histogram, and each pattern\'s lines', () => {
    const text = generatedLog();
    const { store, addIssue } = ctx();
    const { logFile } = store.logFiles.insertContent(addIssue(), new TextEncoder().encode(text), { fileName: 'gateway.log' });
    const set = store.logPatterns.summary(logFile.id);
    assert.ok(set);
    const mined = fromStored(logFile.id, set, store.logPatterns.list(logFile.id));
    const linesOf = (id: string) => store.logPatterns.lines(logFile.id, patternIndex(id) as number);
    const lines = text.split('\n').slice(0, -1);
    assert.equal(mined.lineCount, lines.length);
    assert.equal(mined.patterns.length, 2);
    const [get, pool] = mined.patterns;
    assert.ok(get && pool);
    assert.match(get.template, /^GET <\*> .*in <\*> ms$/);
    assert.equal(get.count, 30);
    assert.equal(get.level, 'info');
    assert.match(pool.template, /pool exhausted/);
    assert.equal(pool.level, 'error');
    assert.equal(pool.count, 7);
    // Every line is in exactly one pattern, and each pattern's lines are the ones that say it.
    const all = mined.patterns.flatMap((p) => linesOf(p.id)).sort((a, b) => a - b);
    assert.deepEqual(all, lines.map((_, i) => i + 1));
    assert.deepEqual(
      linesOf(pool.id),
      lines.flatMap((line, i) => (line.includes('pool exhausted') ? [i + 1] : [])),
    );
    assert.equal(pool.firstLine, linesOf(pool.id)[0]);
    assert.equal(pool.firstMs, Date.UTC(2026, 11, 6, 14, 3, 0));
    assert.equal(pool.lastMs, Date.UTC(2026, 11, 6, 14, 9, 0));
    // Minutes 3..9: one error each at i = 9, 12, …, 27 (20 s apart → minutes 3, 4, 5, 6, 7, 8, 9).
    assert.deepEqual(pool.histogram, { startMs: Date.UTC(2026, 11, 6, 14, 3), counts: [1, 1, 1, 1, 1, 1, 1] });
    assert.deepEqual(get.histogram?.counts, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    assert.equal(patternIndex('P99'), 98);
    assert.equal(patternIndex('other'), undefined);
    assert.equal(patternIndex('P0'), undefined);
  });

  it('reads a log\'s times in the format told from its first lines', () => {
    const syslog = ['Dec  6 14:00:01 web1 nginx[12]: upstream timed out', 'Dec  6 14:00:02 web1 nginx[12]: retrying'];
    const time = lineTimeReader(syslog);
    const t = time(syslog[1] as string);
    assert.ok(t !== undefined);
    assert.equal(new Date(t).getUTCHours(), 14);
    assert.equal(new Date(t).getUTCSeconds(), 2);
    assert.equal(time('  at a stack frame'), undefined);
  });
});
