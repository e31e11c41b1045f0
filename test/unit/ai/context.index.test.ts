// The context's log side: lines cut as VS Code numbers them, the index of notable lines, excerpts redacted by the
// log's reviewed spans, ranked by nearness to the incident's times, and everything cut to the model's budget.
import * as assert from 'node:assert/strict';
import { contextBudget } from '../../../src/core/ai/contextBudget';
import type { TextLine } from '../../../src/core/ai/logLines';
import { LineSplitter, lineSeverity, lineTime } from '../../../src/core/ai/logLines';
import { estimateTokens } from '../../../src/core/ai/tokens';
import { rankBlocks } from '../../../src/storage/ai/context';
import { useTestStore } from '../storage/repositories/testStore';

const provider = { kind: 'ollama' as const, baseUrl: 'http://127.0.0.1:11434', model: 'llama3' };

function split(pieces: string[], keep?: number): TextLine[] {
  const lines: TextLine[] = [];
  const splitter = new LineSplitter((line) => void lines.push(line), keep);
  for (const piece of pieces) splitter.push(piece);
  splitter.end();
  return lines;
}

describe('AI context: log lines', () => {
  it('numbers lines as VS Code does (\\r\\n, \\r, \\n; a \\r\\n split between pieces counts once) with exact offsets', () => {
    const lines = split(['a\r', '\nbb\rc', 'c\n', 'd']);
    assert.deepEqual(lines, [
      { number: 1, start: 0, text: 'a', cut: false },
      { number: 2, start: 3, text: 'bb', cut: false },
      { number: 3, start: 6, text: 'cc', cut: false },
      { number: 4, start: 9, text: 'd', cut: false },
    ]);
    // A long line keeps its first code units; the next line's offset stays exact.
    assert.deepEqual(split(['abcdefg', 'hij\nxy'], 5), [
      { number: 1, start: 0, text: 'abcde', cut: true },
      { number: 2, start: 11, text: 'xy', cut: false },
    ]);
  });

  it('cuts any text the same whatever its pieces (only \\n, mixed endings)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const endings of [['\n'], ['\n', '\r\n', '\r']]) {
      const text = Array.from({ length: 300 }, (_, i) => `line ${i} ${'w'.repeat(Math.floor(random() * 30))}${endings[Math.floor(random() * endings.length)]}`).join('');
      const whole = split([text]);
      const pieces: string[] = [];
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(random() * 40);
        pieces.push(text.slice(at, at + size));
        at += size;
      }
      assert.deepEqual(split(pieces), whole);
      assert.equal(whole.length, 300);
      for (const line of whole) assert.equal(text.slice(line.start, line.start + line.text.length), line.text);
    }
  });

  it('tells fatal, error, exception and warning lines, and reads their times', () => {
    assert.equal(lineSeverity('2026-01-02 FATAL out of memory'), 3);
    assert.equal(lineSeverity('ERROR payment failed'), 2);
    assert.equal(lineSeverity('java.lang.IllegalStateException: pool closed'), 2);
    assert.equal(lineSeverity('    at com.shop.Pool.borrow(Pool.java:42)'), 2);
    assert.equal(lineSeverity('[warn] slow query'), 1);
    assert.equal(lineSeverity('INFO error_count=0 all good'), 0);
    assert.equal(lineSeverity('INFO request served'), 0);
    assert.equal(lineTime('2026-01-02T03:04:05Z x'), Date.UTC(2026, 0, 2, 3, 4, 5));
    assert.equal(lineTime('2026-01-02 03:04:05,250 x'), Date.UTC(2026, 0, 2, 3, 4, 5, 250));
    assert.equal(lineTime('2026-01-02T04:04:05+01:00 x'), Date.UTC(2026, 0, 2, 3, 4, 5));
    assert.equal(lineTime('no time here'), null);
  });

  it('ranks excerpts nearest the incident first, then by severity, then newest', () => {
    const at = Date.UTC(2026, 0, 2, 3, 0, 0);
    const block = (firstLine: number, severity: number, atMs: number | null) => ({ rowid: firstLine, logFileId: 'l', firstLine, lastLine: firstLine, severity, atMs });
    const ranked = rankBlocks([block(1, 3, at - 86_400_000 * 3), block(2, 1, at - 60_000), block(3, 2, at - 120_000), block(4, 2, null), block(5, 2, at - 60_000)], [at]);
    assert.deepEqual(ranked.map((b) => b.firstLine), [5, 3, 2, 1, 4]);
  });
});

describe('AI context: excerpts and budget', () => {
  const t = useTestStore('trcaa-ai-context-');

  /** 400 lines, one a minute from 00:00; errors at lines 100 (far from the incident) and 300 (near it). */
  function bigLog() {
    const { store, clock } = t();
    clock.set('2026-01-02T05:00:00Z');
    const issue = store.issues.create({ title: 'Checkout down', severity: 'high' });
    const lines: string[] = [];
    for (let n = 1; n <= 400; n++) {
      const time = new Date(Date.UTC(2026, 0, 2, 0, 0, 0) + (n - 1) * 60_000).toISOString();
      const level = n === 100 || n === 300 ? 'ERROR' : 'INFO';
      lines.push(`${time} ${level} line ${n}${n === 301 ? ' user carol@example.com' : ''}${n === 299 ? ' peer 10.9.8.7' : ''}`);
    }
    const log = store.logFiles.insertContent(issue.id, Buffer.from(`${lines.join('\n')}\n`), { fileName: 'app.log' }).logFile;
    const ip = store.piiSpans.listForLog(log.id).find((span) => span.originalValue === '10.9.8.7');
    assert.ok(ip);
    store.piiSpans.setDecision([ip.id], 'keep');
    store.logFiles.approveRedaction(log.id);
    const conversation = store.ai.create(issue.id, { provider: 'ollama', model: 'llama3' });
    return { store, issue, log, conversation };
  }

  it('indexes each notable line with its neighbours and sends them redacted by the reviewed spans', async () => {
    const { store, log, conversation } = bigLog();
    const info = await store.aiGate.indexLog(log.id);
    assert.deepEqual([info.lineCount, info.notableLines, info.blocks, info.built], [400, 2, 2, true]);
    assert.equal((await store.aiGate.indexLog(log.id)).built, false);
    const preview = await store.aiGate.previewContext({ conversationId: conversation.id, text: 'What failed?', provider, context: { autoLogExcerpts: true } });
    const refs = preview.context.items.filter((item) => item.kind === 'excerpt').map((item) => item.ref);
    assert.deepEqual(refs.sort(), [`log:${log.id}#L298-L302`, `log:${log.id}#L98-L102`].sort());
    assert.match(preview.body, /L301: 2026-01-02T05:00:00.000Z INFO line 301 user \[Email\]/);
    assert.match(preview.body, /L299: [^"]* peer 10\.9\.8\.7/); // kept by the review
    assert.ok(!preview.body.includes('carol@example.com'));
    assert.equal(preview.redactedByType.Email, 1);
    // The index goes with its log.
    const { db } = t();
    store.logFiles.delete(log.id);
    assert.deepEqual({ ...db.get('SELECT (SELECT count(*) FROM ai_log_index) AS i, (SELECT count(*) FROM ai_log_blocks) AS b') }, { i: 0, b: 0 });
  });

  it('reads picked lines the same from the index as from the log itself', async () => {
    const { store, log, conversation } = bigLog();
    const ask = (ref: string) => store.aiGate.previewContext({ conversationId: conversation.id, text: 'x', provider, context: { logRefs: [ref] } });
    const streamed = await ask(`log:${log.id}#L299-L301`);
    await store.aiGate.indexLog(log.id);
    const indexed = await ask(`log:${log.id}#L299-L301`);
    assert.equal(indexed.body, streamed.body);
    assert.match(indexed.body, /L301: [^"]*\[Email\]/);
    await assert.rejects(ask(`log:${log.id}#L500`), /has no line 500/);
  });

  it('fills a small budget with the excerpts nearest the incident, and says what it left out', async () => {
    const { store, issue, log, conversation } = bigLog();
    // Many more errors than fit in 1,024 tokens.
    const lines = Array.from({ length: 3000 }, (_, i) => `${new Date(Date.UTC(2026, 0, 2, 5, 0, 0) - (3000 - i) * 1000).toISOString()} ERROR upstream timeout ${i} ${'x'.repeat(60)}`);
    const noisy = store.logFiles.insertContent(issue.id, Buffer.from(lines.join('\n')), { fileName: 'noisy.log' }).logFile;
    store.logFiles.approveRedaction(noisy.id);
    for (let i = 0; i < 30; i++) store.ai.appendMessage(conversation.id, { role: i % 2 ? 'assistant' : 'user', content: `message ${i} ${'y'.repeat(400)}` });
    const config = { ...provider, contextTokens: 2048, maxTokens: 512 };
    const preview = await store.aiGate.previewContext({ conversationId: conversation.id, text: 'What failed?', provider: config, context: { autoLogExcerpts: true, includeTimeline: true } });
    const budget = contextBudget(config);
    assert.equal(preview.context.budget.promptTokens, budget.promptTokens);
    const sent = preview.messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);
    assert.ok(sent <= budget.promptTokens, `${sent} tokens sent for a budget of ${budget.promptTokens}`);
    assert.ok(preview.context.tokens <= budget.promptTokens);
    assert.ok(preview.context.leftOut.some((text) => /older messages/.test(text)), preview.context.leftOut.join('; '));
    // The newest messages are kept, the oldest dropped.
    assert.ok(preview.body.includes('message 29'));
    assert.ok(!preview.body.includes('message 0 '));
    // The incident opened at 05:00: the excerpts chosen are noisy.log's last errors, not app.log's line 100 (5 h before).
    const excerpts = preview.context.items.filter((item) => item.kind === 'excerpt');
    assert.ok(excerpts.length === 0 || excerpts.every((item) => item.ref?.startsWith(`log:${noisy.id}`) || item.ref === `log:${log.id}#L298-L302`), JSON.stringify(excerpts));
    // With room, the excerpts near the incident come in.
    const roomy = await store.aiGate.previewContext({ conversationId: conversation.id, text: 'What failed?', provider: { ...provider, contextTokens: 6000, maxTokens: 512 }, context: { autoLogExcerpts: true, includeWhys: false } });
    const chosen = roomy.context.items.filter((item) => item.kind === 'excerpt');
    assert.ok(chosen.length > 0);
    assert.ok(!chosen.some((item) => item.ref === `log:${log.id}#L98-L102`), 'the far error waits until nearer ones are in');
    assert.ok(roomy.context.leftOut.some((text) => /more log excerpts/.test(text)), roomy.context.leftOut.join('; '));
    assert.ok(roomy.context.tokens <= roomy.context.budget.promptTokens);
  });

  it('redacts picked lines exactly as the redacted read of the whole log does (same spans, "keep" honoured)', async () => {
    const { store, db, clock } = t();
    clock.set('2026-01-02T05:00:00Z');
    const issue = store.issues.create({ title: 'Mail outage', severity: 'low' });
    const text = Array.from({ length: 60 }, (_, i) => `2026-01-02T04:${String(i).padStart(2, '0')}:00Z ${i % 7 ? 'INFO' : 'ERROR'} u${i}@example.com from 10.0.0.${i} token ghp_${'A'.repeat(30)}${String(i).padStart(6, '0')}\r\n`).join('');
    const log = store.logFiles.insertContent(issue.id, Buffer.from(text), { fileName: 'mail.log' }).logFile;
    const spans = store.piiSpans.listForLog(log.id);
    store.piiSpans.setDecision(spans.filter((span) => span.piiType === 'IPv4' && /\.(3|4|5)$/.test(span.originalValue)).map((span) => span.id), 'keep');
    store.logFiles.approveRedaction(log.id);
    const conversation = store.ai.create(issue.id, { provider: 'ollama', model: 'm' });
    const { prepareRedactedRead } = await import('../../../src/storage/pii/redactedText');
    let redacted = '';
    for await (const piece of prepareRedactedRead(db, log.id).pieces) redacted += piece;
    const expected = redacted.split('\r\n').slice(0, 60).map((line, i) => `L${i + 1}: ${line}`);
    for (const indexed of [false, true]) {
      if (indexed) await store.aiGate.indexLog(log.id);
      const preview = await store.aiGate.previewContext({ conversationId: conversation.id, text: 'x', provider, context: { logRefs: [`log:${log.id}#L1-L60`, `log:${log.id}#L14-L16`] } });
      const system = preview.messages[0]?.content ?? '';
      const sent = system.split('\n').filter((line) => /^L\d+: /.test(line));
      assert.deepEqual(sent.slice(0, 60), expected, indexed ? 'from the index' : 'from the log');
      assert.deepEqual(sent.slice(60), expected.slice(13, 16));
      assert.ok(system.includes('10.0.0.4') && !system.includes('10.0.0.6') && !system.includes('u4@example.com'));
    }
  });

  it('applies the review as it is now to lines read for an earlier message (a later "keep" shows, a withdrawn approval refuses)', async () => {
    const { store, log, conversation } = bigLog();
    const ask = () => store.aiGate.previewContext({ conversationId: conversation.id, text: 'x', provider, context: { logRefs: [`log:${log.id}#L301`] } });
    assert.match((await ask()).body, /line 301 user \[Email\]/);
    const email = store.piiSpans.listForLog(log.id).find((span) => span.originalValue === 'carol@example.com');
    assert.ok(email);
    store.piiSpans.setDecision([email.id], 'keep'); // withdraws the approval
    await assert.rejects(ask(), /Review PII first/);
    store.logFiles.approveRedaction(log.id);
    assert.match((await ask()).body, /line 301 user carol@example\.com/);
  });

  it('names and skips an approved log whose content cannot be read, instead of failing the request', async () => {
    const { store, db, log, conversation } = { ...bigLog(), db: t().db };
    db.exec("UPDATE log_files SET content_compressed = X'1f8b0800000000000003ffff' WHERE id = ?", [log.id]);
    const preview = await store.aiGate.previewContext({ conversationId: conversation.id, text: 'What failed?', provider, context: { autoLogExcerpts: true } });
    assert.ok(preview.context.leftOut.some((text) => text.startsWith('app.log: no excerpts (')), preview.context.leftOut.join('; '));
    assert.equal(preview.context.items.filter((item) => item.kind === 'excerpt').length, 0);
  });

  it('refuses an answer reserve that leaves no room for the request', async () => {
    const { store, conversation } = bigLog();
    await assert.rejects(
      store.aiGate.previewContext({ conversationId: conversation.id, text: 'x', provider: { ...provider, contextTokens: 2048, maxTokens: 2000 } }),
      (error: Error & { code?: string }) => error.code === 'INVALID_CONTENT' && /leaves no room for a request/.test(error.message),
    );
  });

  it('counts only the replacements in what is sent (a message left out by the budget counts nothing)', async () => {
    const { store, conversation } = bigLog();
    // The newest message is too long for the small budget: the history stops there.
    store.ai.appendMessage(conversation.id, { role: 'user', content: `old question from dave@example.com ${'q'.repeat(20_000)}` });
    const small = await store.aiGate.previewContext({ conversationId: conversation.id, text: 'x', provider: { ...provider, contextTokens: 2048, maxTokens: 512 } });
    assert.ok(!small.body.includes('old question'));
    assert.equal(small.redactedByType.Email, undefined);
    const large = await store.aiGate.previewContext({ conversationId: conversation.id, text: 'x', provider: { ...provider, contextTokens: 16_000 } });
    assert.ok(large.body.includes('old question from [Email]'));
    assert.equal(large.redactedByType.Email, 1);
  });

  it('refuses a message that alone exceeds the budget, naming the sizes', async () => {
    const { store, conversation } = bigLog();
    await assert.rejects(
      store.aiGate.previewContext({ conversationId: conversation.id, text: 'z'.repeat(20_000), provider: { ...provider, contextTokens: 2048 } }),
      /message is too long for the model's context/,
    );
  });
});
