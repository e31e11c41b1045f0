// The AI gate: every piece of text in a request body went through redaction; log text only from approved logs,
// "keep" honoured; one audit row per send with the body's hash and size, never its text.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { SendInput } from '../../../src/storage/ai/gateInput';
import { useTestStore } from '../storage/repositories/testStore';

const CANARY = {
  titleEmail: 'title.canary@example.com',
  descIp: '203.0.113.77',
  descToken: 'ghp_Zq9xR4tT7uV1wY3aB5cD7eF9gH1iJ3kL5mN7',
  whyEmail: 'why.canary@example.org',
  timelineIp: '198.51.100.23',
  userEmail: 'typed.canary@example.net',
  userPhone: '+1 415 555 0199',
  historyEmail: 'history.canary@example.com',
  answerIp: '192.0.2.201',
  logEmail: 'log.canary@example.com',
  logToken: 'AKIAIOSFODNN7CANARY1',
  logKeptIp: '10.20.30.40',
  fileEmail: 'file.canary@example.com',
};

const LOG = [
  '2026-01-02T03:00:00Z INFO service starting',
  `2026-01-02T03:00:01Z INFO user ${CANARY.logEmail} logged in`,
  `2026-01-02T03:00:02Z ERROR payment failed for ${CANARY.logEmail} from ${CANARY.logKeptIp}`,
  `2026-01-02T03:00:03Z WARN retrying with key ${CANARY.logToken}`,
  '2026-01-02T03:00:04Z INFO done',
  '',
].join('\n');

const provider = { kind: 'openai' as const, baseUrl: 'https://llm.example.com/v1?tenant=x', model: 'gpt-test' };

describe('AI gate: PII never reaches a request body', () => {
  const t = useTestStore('trcaa-ai-gate-');

  /** An incident with canaries everywhere, a log approved with one value (the IPv4 in it) kept. */
  function incident() {
    const { store } = t();
    const issue = store.issues.create({ title: `Checkout down for ${CANARY.titleEmail}`, severity: 'high', description: `Seen from ${CANARY.descIp}; token ${CANARY.descToken} leaked` });
    store.steps.answerWhy(issue.id, { level: 1, question: 'Why did checkout fail?', answer: `Payments rejected ${CANARY.whyEmail}` });
    store.timeline.record({ issueId: issue.id, eventType: 'triage_started', description: `Paged from ${CANARY.timelineIp}` });
    const log = store.logFiles.insertContent(issue.id, Buffer.from(LOG), { fileName: 'app.log' }).logFile;
    const spans = store.piiSpans.listForLog(log.id);
    const kept = spans.find((span) => span.originalValue === CANARY.logKeptIp);
    assert.ok(kept, `the scan found the IPv4 (found ${spans.map((s) => s.piiType).join(', ')})`);
    assert.ok(spans.some((span) => span.originalValue === CANARY.logEmail), 'the scan found the e-mail');
    assert.ok(spans.some((span) => span.originalValue === CANARY.logToken), 'the scan found the AWS key');
    store.piiSpans.setDecision([kept.id], 'keep');
    store.logFiles.approveRedaction(log.id);
    const conversation = store.ai.create(issue.id, { title: 'Triage', provider: 'openai', model: 'gpt-test' });
    store.ai.appendMessage(conversation.id, { role: 'user', content: `Earlier I wrote ${CANARY.historyEmail}` });
    store.ai.appendMessage(conversation.id, { role: 'assistant', content: `Look at ${CANARY.answerIp}`, usage: { promptTokens: 100, completionTokens: 7, estimated: false } });
    return { store, issue, log, conversation };
  }

  const everything = (conversationId: string, logId: string): SendInput => ({
    conversationId,
    text: `Mail ${CANARY.userEmail} or call ${CANARY.userPhone}. What happened at log:${logId}#L3?`,
    provider,
    context: { logRefs: [`log:${logId}#L2-L4`], includeIncident: true, includeWhys: true, includeTimeline: true, autoLogExcerpts: true },
  });

  const leaked = (body: string) => Object.entries(CANARY).filter(([name, value]) => name !== 'logKeptIp' && body.includes(value)).map(([name]) => name);

  it('sends none of the canaries of the title, description, why, timeline, message, history and log — only the kept value', async () => {
    const { store, log, conversation } = incident();
    const sent = await store.aiGate.prepareSend(everything(conversation.id, log.id));
    assert.deepEqual(leaked(sent.body), []);
    if (process.env.PEEK) console.log(sent.messages.map((m) => `--- ${m.role}\n${m.content}`).join('\n'), JSON.stringify(sent.context, null, 1));
    assert.ok(sent.body.includes(CANARY.logKeptIp), 'the value the review kept is sent');
    // What is sent is what it says: the context really is in the body.
    assert.match(sent.body, /Checkout down for \[Email\]/);
    assert.match(sent.body, /Payments rejected \[Email\]/);
    assert.ok(sent.body.includes(`log:${log.id}#L2-L4`), 'the picked lines are cited by reference');
    assert.match(sent.body, /L3: 2026-01-02T03:00:02Z ERROR payment failed for \[Email\] from 10\.20\.30\.40/);
    assert.match(sent.body, /Earlier I wrote \[Email\]/);
    assert.match(sent.body, /Look at \[IPv4\]/);
    const parsed = JSON.parse(sent.body) as { model: string; messages: { role: string; content: string }[] };
    assert.deepEqual(parsed.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.deepEqual(parsed.messages, sent.messages);
    assert.ok((sent.redactedByType.Email ?? 0) >= 5, JSON.stringify(sent.redactedByType));
    assert.equal(sent.redactedByType.AWSAccessKey, 1);
    // The user's message is stored as typed (it stays local) and reported.
    assert.equal(sent.userMessage?.content, everything(conversation.id, log.id).text);
  });

  it('builds the same body for each wire format without a canary (Anthropic takes the system prompt apart)', async () => {
    const { store, log, conversation } = incident();
    for (const kind of ['ollama', 'anthropic', 'vscode'] as const) {
      const preview = await store.aiGate.previewContext({ ...everything(conversation.id, log.id), provider: { kind, baseUrl: 'http://127.0.0.1:11434', model: 'm' } });
      assert.deepEqual(leaked(preview.body), [], kind);
      assert.ok(preview.body.includes(CANARY.logKeptIp), kind);
    }
  });

  it('refuses an unapproved log by name with "Review PII first", and stores and audits nothing', async () => {
    const { store, issue, conversation } = incident();
    const other = store.logFiles.insertContent(issue.id, Buffer.from(`x ${CANARY.logEmail}\n`), { fileName: 'secret-stuff.log' }).logFile;
    const before = store.audit.list({}).length;
    await assert.rejects(
      store.aiGate.prepareSend({ conversationId: conversation.id, text: 'look', provider, context: { logRefs: [`log:${other.id}#L1`] } }),
      (error: Error & { code?: string }) => error.code === 'NOT_APPROVED' && error.message.includes('secret-stuff.log') && error.message.includes('Review PII first'),
    );
    await assert.rejects(store.aiGate.previewContext({ conversationId: conversation.id, text: 'look', provider, context: { selections: [{ logId: other.id, startLine: 1, endLine: 1 }] } }), /Review PII first/);
    assert.equal(store.audit.list({}).length, before);
    assert.equal(store.ai.messages(conversation.id).length, 2);
    // Automatic excerpts skip it (and say so) instead of failing.
    const preview = await store.aiGate.previewContext({ conversationId: conversation.id, text: 'look', provider, context: { autoLogExcerpts: true } });
    assert.deepEqual(preview.context.unapprovedLogs.map((l) => l.fileName), ['secret-stuff.log']);
    assert.ok(!preview.body.includes(other.id));
  });

  it('audits one ai.sent row with the host, model, SHA-256 and size of exactly the body, counts — and no text', async () => {
    const { store, log, conversation } = incident();
    const sent = await store.aiGate.prepareSend(everything(conversation.id, log.id));
    const rows = store.audit.list({}).filter((row) => row.action === 'ai.sent');
    assert.equal(rows.length, 1);
    const row = rows[0] as (typeof rows)[number];
    assert.equal(row.id, sent.auditId);
    const details = JSON.parse(row.details ?? '{}') as Record<string, unknown>;
    assert.equal(details.sha256, createHash('sha256').update(Buffer.from(sent.body, 'utf8')).digest('hex'));
    assert.equal(details.bytes, Buffer.byteLength(sent.body, 'utf8'));
    assert.equal(details.host, 'llm.example.com');
    assert.equal(details.model, 'gpt-test');
    assert.deepEqual(details.redacted_by_type, sent.redactedByType);
    assert.deepEqual(details.context_items, { incident: 1, whys: 1, timeline: 1, patterns: 1, log: 1, excerpt: 0, history: 2 });
    const json = JSON.stringify(row);
    for (const text of [...Object.values(CANARY), 'Checkout down', 'What happened', 'payment failed', 'tenant']) assert.ok(!json.includes(text), `the audit row holds ${text}`);
    // A preview audits nothing.
    await store.aiGate.previewContext(everything(conversation.id, log.id));
    assert.equal(store.audit.list({}).filter((r) => r.action === 'ai.sent').length, 1);
  });

  it('builds the structured actions through the same gate: redacted, approved logs only, audited with the action', async () => {
    const { store, issue, log } = incident();
    const draft = await store.aiGate.prepareAction({ issueId: issue.id, action: 'draftSection', section: 'Impact', currentText: `Ask ${CANARY.userEmail}`, provider, context: { includeTimeline: true } });
    assert.deepEqual(leaked(draft.body), []);
    assert.match(draft.body, /Draft the \\"Impact\\" section/);
    assert.match(draft.body, /Ask \[Email\]/);
    const analysis = await store.aiGate.prepareAction({ issueId: issue.id, action: 'analyzeLog', logId: log.id, provider });
    assert.deepEqual(leaked(analysis.body), []);
    assert.ok(analysis.context.items.some((item) => item.kind === 'excerpt' && item.ref?.startsWith(`log:${log.id}#L`)), 'the log\'s excerpts are in');
    const actions = store.audit.list({ action: 'ai.sent' }).map((row) => JSON.parse(row.details ?? '{}') as { action?: string; sha256?: string });
    assert.deepEqual(actions.map((d) => d.action).sort(), ['analyzeLog', 'draftSection']);
    const unapproved = store.logFiles.insertContent(issue.id, Buffer.from('ERROR x\n'), { fileName: 'raw.log' }).logFile;
    await assert.rejects(store.aiGate.prepareAction({ issueId: issue.id, action: 'analyzeLog', logId: unapproved.id, provider }), /raw\.log[\s\S]*Review PII first/);
  });

  it('refuses provider settings that carry the API key', async () => {
    const { store, conversation } = incident();
    await assert.rejects(
      store.aiGate.previewContext({ conversationId: conversation.id, text: 'hi', provider: { ...provider, apiKey: 'sk-live' } as never }),
      /API key never goes to the database worker/,
    );
  });

  it('Retry sends the stored last message again without storing it twice', async () => {
    const { store, issue } = incident();
    const conversation = store.ai.create(issue.id, { provider: 'openai', model: 'gpt-test' });
    const first = await store.aiGate.prepareSend({ conversationId: conversation.id, text: `ping ${CANARY.userEmail}`, provider });
    const again = await store.aiGate.prepareSend({ conversationId: conversation.id, provider });
    assert.equal(again.body, first.body);
    assert.equal(again.userMessage, undefined);
    assert.equal(store.ai.messages(conversation.id).length, 1);
    store.ai.appendMessage(conversation.id, { role: 'assistant', content: 'pong' });
    await assert.rejects(store.aiGate.prepareSend({ conversationId: conversation.id, provider }), /no message of yours to send again/);
  });
});
