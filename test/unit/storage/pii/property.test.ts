// Properties (fast-check) over random texts and spans: offsets survive a round trip through storage, and released
// text never contains the original of a span that is not kept — whatever the decisions, overlaps, astral
// characters or line endings. Span values are drawn from letters the filler never uses, so a value can only
// appear in the output where its span failed to hide it.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PiiDecision, PiiSpanInput } from '../../../../src/core/model/logFile';
import { usePiiStore } from './piiTestStore';

/** Filler: spaces, line endings, punctuation, non-ASCII and astral characters — no ASCII letters or digits. */
const filler = fc.string({ unit: fc.constantFrom(' ', '\n', '\r\n', '-', ':', 'é', '€', '🚀', '\u{1F600}', '\t'), maxLength: 40 });
/** A value: 6–12 ASCII letters and digits (unlikely to recur by chance, impossible in filler). */
const value = fc.string({ unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'), minLength: 6, maxLength: 12 });
const decision = fc.constantFrom<PiiDecision>('pending', 'redact', 'keep');
const piece = fc.record({ before: filler, value, decision, type: fc.constantFrom('Email', 'IPv4', 'Secret', 'Custom:ticket') });

describe('PII storage properties (fast-check)', function () {
  this.timeout(120_000);
  const ctx = usePiiStore();

  it('offsets survive replaceForLog → listForLog; released text hides every span not kept and keeps the kept ones', async () => {
    const { store, issueId } = ctx();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 12 }), filler, fc.boolean(), async (pieces, tail, approve) => {
        // Unique content per run: a duplicate attach would return an earlier log.
        let text = `run ${++run}\n`;
        const spans: PiiSpanInput[] = [];
        for (const p of pieces) {
          text += p.before;
          spans.push({ piiType: p.type, startOffset: text.length, endOffset: text.length + p.value.length, originalValue: p.value, replacement: `[${p.type.length}]`, decision: p.decision });
          text += p.value;
        }
        text += tail;
        const logId = store.logFiles.insertContent(issueId, Buffer.from(text, 'utf8'), { fileName: `r${run}.log` }, { pii: { enabledTypes: [] } }).logFile.id;

        store.piiSpans.replaceForLog(logId, spans);
        const listed = store.piiSpans.listForLog(logId);
        assert.equal(listed.length, spans.length);
        for (const s of listed) assert.equal(text.slice(s.startOffset, s.endOffset), s.originalValue);
        assert.deepEqual(
          listed.map((s) => [s.startOffset, s.endOffset, s.originalValue, s.decision]),
          spans.map((s) => [s.startOffset, s.endOffset, s.originalValue, s.decision]),
        );

        if (approve) store.logFiles.approveRedaction(logId);
        const released = await store.egress.releaseText({ logIds: [logId], destination: 'property', confirmedUnapproved: !approve });
        // The spans do not overlap here: each one not kept is replaced, nothing else changes.
        let expected = text;
        for (const s of [...spans].reverse()) if (s.decision !== 'keep') expected = expected.slice(0, s.startOffset) + s.replacement + expected.slice(s.endOffset);
        assert.equal(released.text, expected);
        for (const s of spans.filter((x) => x.decision !== 'keep')) {
          // Random values may repeat a kept one (or two kept ones side by side may spell it): that text stays legitimately.
          const keptOnly = spans.reduceRight((t, x) => (x.decision === 'keep' ? t : t.slice(0, x.startOffset) + '\u0000' + t.slice(x.endOffset)), text);
          if (keptOnly.includes(s.originalValue)) continue;
          assert.ok(!released.text.includes(s.originalValue), `"${s.originalValue}" leaked`);
        }
        for (const k of spans.filter((s) => s.decision === 'keep')) assert.ok(released.text.includes(k.originalValue), `kept "${k.originalValue}" missing`);
        assert.equal(released.bytes, Buffer.byteLength(released.text, 'utf8'));
      }),
      { numRuns: 60, seed: 20261128 },
    );
    assert.equal(store.audit.verify().ok, true);
  });

  it('overlapping spans: the union of the redacted ones is hidden', async () => {
    const { store, issueId } = ctx();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom(...'abcdefghij'), minLength: 20, maxLength: 200 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 30 }), decision), { minLength: 1, maxLength: 8 }),
        async (body, ranges) => {
          const text = `${++run}:${body}`;
          const spans: PiiSpanInput[] = ranges.map(([at, length, d]) => {
            const start = at % (text.length - 1);
            const end = Math.min(text.length, start + length);
            return { piiType: 'X', startOffset: start, endOffset: end, originalValue: text.slice(start, end), replacement: '#', decision: d };
          });
          const logId = store.logFiles.insertContent(issueId, Buffer.from(text), { fileName: 'o.log' }, { pii: { enabledTypes: [] } }).logFile.id;
          store.piiSpans.replaceForLog(logId, spans);
          let released = '';
          for await (const p of store.logFiles.redactedText(logId)) released += p;
          // Expected: each group of overlapping redacted spans (touching ones stay apart) becomes one '#'.
          const groups: [number, number][] = [];
          for (const s of spans.filter((x) => x.decision !== 'keep').sort((x, y) => x.startOffset - y.startOffset)) {
            const last = groups[groups.length - 1];
            if (last && s.startOffset < last[1]) last[1] = Math.max(last[1], s.endOffset);
            else groups.push([s.startOffset, s.endOffset]);
          }
          const expected = groups.reduceRight((t, [start, end]) => `${t.slice(0, start)}#${t.slice(end)}`, text);
          assert.equal(released, expected);
          const hidden = text.split('').map((_, i) => groups.some(([start, end]) => i >= start && i < end));
          assert.equal(released.length, text.length - hidden.filter(Boolean).length + groups.length);
        },
      ),
      { numRuns: 80, seed: 7 },
    );
  });
});
