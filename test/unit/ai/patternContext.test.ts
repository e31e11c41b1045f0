// The log's pattern summary in an AI request: it comes first of the log context, each template redacted like the
// lines (the detector, plus the log's reviewed values: redacted anywhere → replaced in a template too; kept
// everywhere → stays), counted in the audit row; older logs are mined on demand.
import * as assert from 'node:assert/strict';
import type { SendInput } from '../../../src/storage/ai/gateInput';
import { useTestStore } from '../storage/repositories/testStore';

const provider = { kind: 'openai' as const, baseUrl: 'https://llm.example.com/v1', model: 'gpt-test' };

const CANARY = {
  /** Constant in one pattern's lines, inside parentheses: the template keeps it (no <*> stands for it). */
  email: 'mailbox.canary@example.com',
  /** A host name constant in a pattern; decided "redact" in the review, and the request's detector does not look for host names. */
  decidedHost: 'billing-primary.corp.internal',
  /** A bearer token without digits, constant in a pattern. */
  token: 'zQxWvUtSrQpOnMlKjIhGfEdCbAzYxWvU',
};
/** A host name the review kept everywhere: it stays in the template even though the detector finds it. */
const KEPT_HOST = 'status-page.example.org';

function logText(): string {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 2, 3, 0, i * 4 + s)).toISOString();
    lines.push(`${t(0)} INFO request ${1000 + i} served in ${10 + i} ms`);
    lines.push(`${t(1)} INFO connected to ${CANARY.decidedHost} for sync`);
    lines.push(`${t(2)} INFO published health to ${KEPT_HOST} ok`);
    if (i % 4 === 0) lines.push(`${t(3)} ERROR sync failed for mailbox (${CANARY.email}) retry ${i}`);
    if (i % 8 === 0) lines.push(`${t(3)} WARN Bearer ${CANARY.token} rejected by upstream`);
  }
  return `${lines.join('\n')}\n`;
}

describe('AI context: the log pattern summary', () => {
  const t = useTestStore('trcaa-ai-patterns-');

  function incident() {
    const { store, clock } = t();
    clock.set('2026-01-02T03:05:00Z');
    const issue = store.issues.create({ title: 'Sync failing', severity: 'high' });
    const log = store.logFiles.insertContent(issue.id, Buffer.from(logText()), { fileName: 'sync.log' }).logFile;
    const spans = store.piiSpans.listForLog(log.id);
    const values = new Set(spans.map((span) => span.originalValue));
    for (const value of [CANARY.email, CANARY.decidedHost, KEPT_HOST]) assert.ok(values.has(value), `the scan found ${value} (found ${[...values].join(', ')})`);
    store.piiSpans.setDecision(spans.filter((span) => span.originalValue === CANARY.decidedHost).map((span) => span.id), 'redact');
    store.piiSpans.setDecision(spans.filter((span) => span.originalValue === KEPT_HOST).map((span) => span.id), 'keep');
    store.logFiles.approveRedaction(log.id);
    const conversation = store.ai.create(issue.id, { title: 'Triage', provider: 'openai', model: 'gpt-test' });
    return { store, issue, log, conversation };
  }

  const summaryOf = (system: string) => system.slice(system.indexOf('## Log patterns'), system.indexOf('## Log excerpts'));

  // The user's detector leaves host names alone: only the log's review can redact the decided host.
  const ask = (conversationId: string, extra: Partial<SendInput> = {}): SendInput => ({
    conversationId,
    text: 'What is failing?',
    provider,
    pii: { enabledTypes: ['Email', 'BearerToken', 'IPv4', 'AWSAccessKey'] },
    context: { autoLogExcerpts: true },
    ...extra,
  });

  it('the templates really hold the canaries (else this test proves nothing)', () => {
    const { store, log } = incident();
    const templates = store.logPatterns.list(log.id).map((p) => p.template).join('\n');
    for (const value of [...Object.values(CANARY), KEPT_HOST]) assert.ok(templates.includes(value), `a template holds ${value}:\n${templates}`);
  });

  it('sends the summary before the log lines, its templates redacted by the detector and the review, the kept value kept', async () => {
    const { store, log, conversation } = incident();
    const sent = await store.aiGate.prepareSend(ask(conversation.id));
    const system = sent.messages[0]?.content ?? '';
    for (const [name, value] of Object.entries(CANARY)) assert.ok(!sent.body.includes(value), `${name} is not sent`);
    const summaryAt = system.indexOf('## Log patterns');
    assert.ok(summaryAt > 0 && system.indexOf('## Log excerpts') > summaryAt, `the summary comes before the lines:\n${system}`);
    const summary = summaryOf(system);
    if (process.env.PEEK) console.log(system);
    assert.ok(summary.includes(`### log:${log.id} (sync.log)`), summary);
    // Errors and warnings first, redacted; then the most frequent.
    const listed = summary.split('\n').filter((line) => line.startsWith('- P'));
    assert.match(listed[0] ?? '', /^- P\d+ error ×10 03:00:03–03:02:27 L\d+–L\d+: sync failed for mailbox \(\[Email\]\) retry <\*>$/);
    assert.match(listed[1] ?? '', /^- P\d+ warn ×5 .*: Bearer \[BearerToken\] rejected by upstream$/);
    assert.ok(listed.some((line) => line.endsWith(`connected to [Hostname] for sync`)), listed.join('\n'));
    assert.ok(listed.some((line) => line.endsWith(`published health to ${KEPT_HOST} ok`)), 'the kept host stays');
    // Counted as sent: the summary's replacements are in the audit row's counts, its item in the items.
    const details = JSON.parse(store.audit.list({ action: 'ai.sent' })[0]?.details ?? '{}') as { redacted_by_type: Record<string, number>; context_items: Record<string, number> };
    assert.deepEqual(details.redacted_by_type, sent.redactedByType);
    assert.equal(details.context_items.patterns, 1);
    // With line 1 picked (no PII in it) and no excerpts, every replacement counted is the summary's.
    const summaryOnly = await store.aiGate.prepareSend(ask(conversation.id, { context: { logRefs: [`log:${log.id}#L1`], autoLogExcerpts: false, includeWhys: false } }));
    assert.deepEqual(summaryOnly.redactedByType, { BearerToken: 1, Email: 1, Hostname: 1 });
    const audited = JSON.parse(store.audit.list({ action: 'ai.sent' }).find((row) => row.id === summaryOnly.auditId)?.details ?? '{}') as { redacted_by_type: Record<string, number> };
    assert.deepEqual(audited.redacted_by_type, { BearerToken: 1, Email: 1, Hostname: 1 });
    // The detector looking for host names too finds the kept one, and leaves it: the review kept it.
    const withHosts = await store.aiGate.previewContext(ask(conversation.id, { pii: {} }));
    assert.match(summaryOf(withHosts.messages[0]?.content ?? ''), new RegExp(`\\d+: published health to ${KEPT_HOST.replace(/\./g, '\\.')} ok\n`), 'kept, whatever the detector says');
    assert.ok(!withHosts.body.includes(CANARY.decidedHost));
    const item = sent.context.items.find((i) => i.kind === 'patterns');
    assert.equal(item?.ref, `log:${log.id}`);
    assert.match(item?.label ?? '', /^sync\.log patterns: \d+ of \d+$/);
  });

  it('redacts a value kept in one place and redacted in another; keeps nothing the detector finds unless the review kept it', async () => {
    const { store, log, conversation } = incident();
    // Asked once with the host kept everywhere (the gate keeps what it read for the next request)…
    const before = await store.aiGate.previewContext(ask(conversation.id));
    assert.ok(summaryOf(before.messages[0]?.content ?? '').includes(`published health to ${KEPT_HOST} ok`));
    // …then one occurrence is redacted, which withdraws the approval; approved again, the next request sees it.
    const kept = store.piiSpans.listForLog(log.id).filter((span) => span.originalValue === KEPT_HOST);
    store.piiSpans.setDecision([kept[0]!.id], 'redact');
    store.logFiles.approveRedaction(log.id);
    const preview = await store.aiGate.previewContext(ask(conversation.id));
    const summary = summaryOf(preview.messages[0]?.content ?? '');
    assert.ok(summary.includes('published health to [Hostname] ok'), `redacted once: redacted in the template:\n${summary}`);
    // (Its lines keep it where the review kept it: a line's decision is its own.)
    assert.ok(!summary.includes(KEPT_HOST));
    // With every type on, the detector finds the host in the template by itself too.
    const all = await store.aiGate.previewContext(ask(conversation.id, { pii: {} }));
    assert.ok(all.body.includes(`### log:${log.id}`));
    for (const value of Object.values(CANARY)) assert.ok(!all.body.includes(value), value);
    assert.ok(!summaryOf(all.messages[0]?.content ?? '').includes(KEPT_HOST));
  });

  it('keeps within its share of the budget and leaves the rest to the notable lines', async () => {
    const { store, conversation } = incident();
    const preview = await store.aiGate.previewContext(ask(conversation.id, { provider: { ...provider, contextTokens: 2048, maxTokens: 512 } }));
    const summary = preview.context.items.filter((i) => i.kind === 'patterns');
    assert.equal(summary.length, 1);
    assert.ok((summary[0]?.tokens ?? 0) <= 0.3 * preview.context.budget.promptTokens, JSON.stringify(preview.context));
    assert.ok(preview.context.items.some((i) => i.kind === 'excerpt'), 'excerpts fill what is left');
  });

  it('mines a log attached before mining existed on demand, once, and says so on the change channel', async () => {
    const { store, db, log, conversation } = { ...incident(), db: t().db };
    db.exec('DELETE FROM log_pattern_sets WHERE log_file_id = ?', [log.id]);
    db.takeChanges();
    assert.equal(store.logPatterns.summary(log.id), null);
    const preview = await store.aiGate.previewContext(ask(conversation.id));
    assert.ok(store.logPatterns.summary(log.id), 'mined');
    assert.ok(db.takeChanges().some((change) => change.entity === 'logPatterns' && change.ids?.includes(log.id)));
    assert.ok(preview.body.includes(`### log:${log.id}`));
    assert.ok(!preview.body.includes(CANARY.email));
  });

  it('sums up a picked log too, and none of an unapproved one', async () => {
    const { store, issue, log, conversation } = incident();
    const preview = await store.aiGate.previewContext(ask(conversation.id, { context: { logRefs: [`log:${log.id}#L1-L3`], autoLogExcerpts: false } }));
    assert.ok(preview.body.includes(`### log:${log.id}`));
    const raw = store.logFiles.insertContent(issue.id, Buffer.from(`ERROR sync failed for mailbox (${CANARY.email}) now\n`.repeat(3)), { fileName: 'raw.log' }).logFile;
    const again = await store.aiGate.previewContext(ask(conversation.id));
    assert.ok(!again.body.includes(`log:${raw.id}`), 'an unapproved log is not summed up');
  });
});
