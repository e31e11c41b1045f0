// The merged timeline: logs of different formats interleaved by time, continuation lines kept with their line,
// read in pieces split anywhere.
import * as assert from 'node:assert/strict';
import { mergeTimeline, paddedTags, type TimelineSource } from '../../../../src/core/insight/mergeTimeline';
import { MAX_LINE_CHARS } from '../../../../src/core/logs/patterns/lineSplitter';

/** The text in pieces of `size` characters (split mid-line on purpose). */
async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const iso = (line: string) => {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)/.exec(line);
  return m ? Date.parse(m[1] as string) : undefined;
};
const epoch = (line: string) => {
  const m = /^(\d{10}) /.exec(line);
  return m ? Number(m[1]) * 1000 : undefined;
};

describe('insight: mergeTimeline', () => {
  it('interleaves two logs by time, ties to the earlier log, continuations with their line', async () => {
    const api = ['2026-12-06T14:00:00Z api start', '2026-12-06T14:00:02Z api error', '  at Foo.bar', '  at Baz.qux', '2026-12-06T14:00:04Z api ok'].join('\n');
    const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    const db = [`${t('2026-12-06T14:00:01Z')} db slow`, `${t('2026-12-06T14:00:02Z')} db lock`, `${t('2026-12-06T14:00:03Z')} db recovered`].join('\n');
    const sources: TimelineSource[] = [
      { tag: 'api', pieces: pieces(api, 7), timeReader: () => iso },
      { tag: 'db', pieces: pieces(db, 5), timeReader: () => epoch },
    ];
    const out: string[] = [];
    for await (const line of mergeTimeline(sources)) out.push(`${line.tag}|${line.text}`);
    assert.deepEqual(out, [
      'api|2026-12-06T14:00:00Z api start',
      `db|${t('2026-12-06T14:00:01Z')} db slow`,
      'api|2026-12-06T14:00:02Z api error',
      'api|  at Foo.bar',
      'api|  at Baz.qux',
      `db|${t('2026-12-06T14:00:02Z')} db lock`,
      `db|${t('2026-12-06T14:00:03Z')} db recovered`,
      'api|2026-12-06T14:00:04Z api ok',
    ]);
  });

  it('puts lines before a log\'s first timestamp first, keeps every line, and stops reading when the consumer stops', async () => {
    let closed = 0;
    async function* tracked(text: string): AsyncGenerator<string> {
      try {
        yield* pieces(text, 3);
      } finally {
        closed++;
      }
    }
    const a = 'banner\n2026-12-06T14:00:05Z a1\n2026-12-06T14:00:06Z a2\n';
    const b = '2026-12-06T14:00:01Z b1\r\n2026-12-06T14:00:09Z b2';
    const merged: string[] = [];
    for await (const line of mergeTimeline([
      { tag: 'a', pieces: tracked(a), timeReader: () => iso },
      { tag: 'b', pieces: tracked(b), timeReader: () => iso },
    ]))
      merged.push(line.text);
    assert.deepEqual(merged, ['banner', '2026-12-06T14:00:01Z b1', '2026-12-06T14:00:05Z a1', '2026-12-06T14:00:06Z a2', '2026-12-06T14:00:09Z b2']);
    assert.equal(closed, 2);
    closed = 0;
    for await (const line of mergeTimeline([
      { tag: 'a', pieces: tracked(a), timeReader: () => iso },
      { tag: 'b', pieces: tracked(b), timeReader: () => iso },
    ]))
      if (line.text.includes('b1')) break;
    assert.equal(closed, 2, 'both reads are closed when the merge is abandoned');
  });

  it('a line of megabytes (a dumped blob) is cut at the line cap, not held whole and split again with every piece', async () => {
    async function* blob(): AsyncGenerator<string> {
      yield '2026-12-06T14:00:00Z start\n2026-12-06T14:00:01Z dump ';
      for (let i = 0; i < 64; i++) yield 'A'.repeat(64 * 1024); // 4 MiB without a line break
      yield '\r\n2026-12-06T14:00:02Z end\rlone CR ended the line above\n';
    }
    const out: { text: string; timeMs: number }[] = [];
    for await (const line of mergeTimeline([{ tag: 'a', pieces: blob(), timeReader: () => iso }])) out.push({ text: line.text, timeMs: line.timeMs });
    assert.deepEqual(out.map((l) => l.text.length), [26, MAX_LINE_CHARS, 24, 28]);
    assert.ok(out[1]!.text.startsWith('2026-12-06T14:00:01Z dump AAAA'));
    assert.deepEqual(out.map((l) => l.timeMs), [Date.parse('2026-12-06T14:00:00Z'), Date.parse('2026-12-06T14:00:01Z'), Date.parse('2026-12-06T14:00:02Z'), Date.parse('2026-12-06T14:00:02Z')]);
  });

  it('tells each log\'s format from its first lines', async () => {
    const seen: string[][] = [];
    const reader = (first: readonly string[]) => {
      seen.push([...first]);
      return iso;
    };
    // A decoder holding back its first bytes gives an empty first piece: the format is told from the lines after it.
    async function* heldBack(): AsyncGenerator<string> {
      yield '';
      yield* pieces('2026-12-06T14:00:05Z one\n2026-12-06T14:00:06Z two\n', 1000);
    }
    for await (const line of mergeTimeline([{ tag: 'x', pieces: heldBack(), timeReader: reader }])) void line;
    assert.deepEqual(seen, [['2026-12-06T14:00:05Z one', '2026-12-06T14:00:06Z two']]);
    assert.deepEqual(paddedTags(['a.log', 'long.log']), ['[a.log]    ', '[long.log] ']);
  });

  it('tags logs that share a file name apart (app.log from two hosts): the second is app.log (2)', () => {
    assert.deepEqual(paddedTags(['app.log', 'db.log', 'app.log', 'app.log']), ['[app.log]     ', '[db.log]      ', '[app.log (2)] ', '[app.log (3)] ']);
  });
});
