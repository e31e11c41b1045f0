// The pattern summary's text and budget (pure): what is listed first, how each pattern reads, what is left out,
// that it stays within its tokens and shares them between logs, and that templates are redacted before any cut.
import * as assert from 'node:assert/strict';
import type { SummaryLog, SummaryPattern, TemplateRedactor } from '../../../../src/core/ai/patternSummary';
import { MAX_SUMMARY_PATTERNS, MAX_TEMPLATE_CHARS, PATTERN_SUMMARY_SHARE, patternSummaries, patternSummary, rankPatterns, summaryBudget } from '../../../../src/core/ai/patternSummary';
import { estimateTokens } from '../../../../src/core/ai/tokens';

const T0 = Date.UTC(2026, 0, 2, 3, 0, 0);
const log: SummaryLog = { id: 'L1', fileName: 'app.log', lineCount: 1000, zoned: true };
const none: TemplateRedactor = (text) => ({ text, counts: {} });

function pattern(id: string, template: string, count: number, extra: Partial<SummaryPattern> = {}): SummaryPattern {
  return { id, template, count, firstLine: 1, lastLine: 1, other: false, ...extra };
}

describe('AI pattern summary (pure)', () => {
  it('ranks errors and warnings first (fatal, error, warn), then by count, then by first line; never the "other" bucket', () => {
    const ranked = rankPatterns([
      pattern('P1', 'request served', 900, { level: 'info' }),
      pattern('P2', 'slow upstream', 40, { level: 'warn' }),
      pattern('P3', 'pool exhausted', 5, { level: 'error' }),
      pattern('P4', 'out of memory', 1, { level: 'fatal' }),
      pattern('P5', 'cache miss', 900, { level: 'debug', firstLine: 0 }),
      pattern('P6', '<other>', 5000, { other: true }),
      pattern('P7', 'connection reset', 40, { level: 'warn', firstLine: 0 }),
    ]);
    assert.deepEqual(ranked.map((p) => p.id), ['P4', 'P3', 'P7', 'P2', 'P5', 'P1']);
  });

  it('reads a level-less pattern\'s severity from its words', () => {
    const ranked = rankPatterns([pattern('P1', 'GET /healthz 200', 500), pattern('P2', 'java.lang.IllegalStateException: pool closed', 3), pattern('P3', 'disk almost full, WARNING', 9)]);
    assert.deepEqual(ranked.map((p) => p.id), ['P2', 'P3', 'P1']);
  });

  it('writes one compact line per pattern: id, level, count, first–last time and line, template; and what it left out', () => {
    const summary = patternSummary(
      log,
      [
        pattern('P1', 'request <*> served in <*> ms', 900, { level: 'info', firstLine: 1, lastLine: 999, firstMs: T0, lastMs: T0 + 3_600_000 }),
        pattern('P2', 'payment failed for <*>', 12, { level: 'error', firstLine: 40, lastLine: 800, firstMs: T0 + 61_000, lastMs: T0 + 1_234_000 }),
        pattern('P3', 'started', 1, { level: 'info', firstLine: 1, lastLine: 1, firstMs: T0, lastMs: T0 }),
        pattern('P4', '<other>', 87, { other: true }),
      ],
      1000,
      none,
    );
    assert.equal(
      summary?.text,
      [
        '### log:L1 (app.log): 1000 lines, 4 patterns; times 2026-01-02 UTC',
        '- P2 error ×12 03:01:01–03:20:34 L40–L800: payment failed for <*>',
        '- P1 info ×900 03:00:00–04:00:00 L1–L999: request <*> served in <*> ms',
        '- P3 info ×1 03:00:00 L1: started',
        '… 1 more pattern (87 lines) not listed',
      ].join('\n'),
    );
    assert.deepEqual([summary?.listed, summary?.leftOutPatterns, summary?.leftOutLines], [3, 1, 87]);
  });

  it('writes dates when the log spans days, the year when it spans years, and says when times have no zone', () => {
    const days = [pattern('P1', 'a', 2, { firstMs: T0, lastMs: T0 + 2 * 86_400_000 })];
    assert.match(patternSummary(log, days, 500, none)?.text ?? '', /times 2026 UTC\n- P1 ×2 01-02 03:00:00–01-04 03:00:00 L1: a/);
    const years = [pattern('P1', 'a', 2, { firstMs: T0, lastMs: T0 + 400 * 86_400_000 })];
    assert.match(patternSummary({ ...log, zoned: false }, years, 500, none)?.text ?? '', /times local \(zone unknown\)\n- P1 ×2 2026-01-02 03:00:00–2027-02-06 03:00:00 L1: a/);
    const timeless = patternSummary({ ...log, zoned: null }, [pattern('P1', 'a', 2)], 500, none)?.text ?? '';
    assert.equal(timeless, '### log:L1 (app.log): 1000 lines, 1 pattern\n- P1 ×2 L1: a');
  });

  it('stays within its tokens: lists what fits in rank order, passes over a template too long for what is left', () => {
    const patterns = Array.from({ length: 50 }, (_, i) => pattern(`P${i + 1}`, `event number ${'x'.repeat(i === 1 ? 600 : 20)} happened`, 1000 - i));
    for (const budget of [60, 120, 300, 1000]) {
      const summary = patternSummary(log, patterns, budget, none);
      assert.ok(summary, `budget ${budget}`);
      assert.ok(summary.tokens <= budget, `${summary.tokens} tokens within ${budget}`);
      assert.equal(summary.tokens, estimateTokens(summary.text));
      const ids = summary.text.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.split(' ')[1]);
      assert.equal(ids[0], 'P1');
      assert.equal(summary.listed + summary.leftOutPatterns, 50);
      // The long P2 (cut to its first MAX_TEMPLATE_CHARS) does not fit the small budgets; P3 after it does.
      if (budget === 120) assert.deepEqual(ids.slice(0, 2), ['P1', 'P3']);
    }
    assert.equal(patternSummary(log, patterns, 30, none), null, 'too small for a header and a pattern');
  });

  it('lists at most MAX_SUMMARY_PATTERNS, and cuts a long template after redacting it whole', () => {
    const many = Array.from({ length: MAX_SUMMARY_PATTERNS + 20 }, (_, i) => pattern(`P${i + 1}`, `e${i}`, 5));
    assert.equal(patternSummary(log, many, 100_000, none)?.listed, MAX_SUMMARY_PATTERNS);
    // A value straddling the cut: were the template cut first, "secret.person@exa" would be sent.
    const long = `${'w '.repeat((MAX_TEMPLATE_CHARS - 10) / 2)}secret.person@example.com tail`;
    const seen: string[] = [];
    const redact: TemplateRedactor = (text) => {
      seen.push(text);
      return { text: text.replace('secret.person@example.com', '[Email]'), counts: { Email: 1 } };
    };
    const summary = patternSummary(log, [pattern('P1', long, 3)], 1000, redact);
    assert.deepEqual(seen, [long], 'redacted whole');
    assert.ok(summary?.text.includes('[Email]') && !summary.text.includes('secret'), summary?.text);
    assert.deepEqual(summary?.redactedByType, { Email: 1 });
  });

  it('counts only what the redaction replaced in the templates it lists', () => {
    const redact: TemplateRedactor = (text) => ({ text: text.replace('bob@example.com', '[Email]'), counts: text.includes('bob@') ? { Email: 1 } : ({} as Record<string, number>) });
    const patterns = [pattern('P1', 'short for bob@example.com', 9), pattern('P2', `long for bob@example.com ${'y'.repeat(280)}`, 8), pattern('P3', 'also bob@example.com', 7)];
    const summary = patternSummary(log, patterns, 60, redact);
    assert.equal(summary?.listed, 2, summary?.text);
    assert.deepEqual(summary?.redactedByType, { Email: 2 });
  });

  it('gives the summaries their share of the budget and splits it between logs, a small log leaving its rest to the next', () => {
    assert.equal(summaryBudget(10_000, 9_000), Math.floor(10_000 * PATTERN_SUMMARY_SHARE));
    assert.equal(summaryBudget(10_000, 500), 500);
    assert.equal(summaryBudget(10_000, -5), 0);
    const small = { log: { ...log, id: 'A' }, patterns: [pattern('P1', 'one thing', 3)], redact: none };
    const big = { log: { ...log, id: 'B' }, patterns: Array.from({ length: 80 }, (_, i) => pattern(`P${i + 1}`, `event ${i} with some words in it`, 100 - i)), redact: none };
    const alone = patternSummaries([big], 1000)[0];
    const shared = patternSummaries([small, big], 1000);
    assert.deepEqual(shared.map((s) => s.logId), ['A', 'B']);
    const total = shared.reduce((sum, s) => sum + s.tokens + 2, 0);
    assert.ok(total <= 1000, `${total} tokens`);
    // B got nearly all of it: more than the even half.
    assert.ok((shared[1]?.tokens ?? 0) > 500 && (shared[1]?.listed ?? 0) > (alone?.listed ?? 0) - 3, `${shared[1]?.tokens} tokens, ${shared[1]?.listed} listed of ${alone?.listed}`);
    const even = patternSummaries([big, { ...big, log: { ...log, id: 'C' } }], 1000);
    assert.ok(even.every((s) => s.tokens <= 500), JSON.stringify(even.map((s) => s.tokens)));
  });
});
