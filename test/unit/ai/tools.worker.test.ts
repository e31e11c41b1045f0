// What VS Code's own chat gets from the worker (repositories/aiTools.ts): the language-model tools' outputs and the
// @trcaa participant's requests are redacted (log text only from approved logs, "keep" honoured), refuse an
// unapproved log by name, and are audited — SHA-256 and size of exactly what was handed out, never the text.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { useTestStore } from '../storage/repositories/testStore';

const CANARY = {
  titleEmail: 'title.canary@example.com',
  descIp: '203.0.113.77',
  whyEmail: 'why.canary@example.org',
  timelineIp: '198.51.100.23',
  logEmail: 'log.canary@example.com',
  logToken: 'AKIAIOSFODNN7CANARY1',
  fileEmail: 'file.canary@example.com',
  typedEmail: 'typed.canary@example.net',
  historyEmail: 'history.canary@example.com',
  rawEmail: 'raw.canary@example.com',
};
const KEPT = '10.20.30.40';

const LOG = [
  '2026-01-02T03:00:00Z INFO service starting',
  `2026-01-02T03:00:01Z INFO user ${CANARY.logEmail} logged in`,
  `2026-01-02T03:00:02Z ERROR payment failed for ${CANARY.logEmail} from ${KEPT}`,
  `2026-01-02T03:00:03Z WARN retrying with key ${CANARY.logToken}`,
  '2026-01-02T03:00:04Z INFO done',
  '',
].join('\n');

const leaked = (text: string) => Object.entries(CANARY).filter(([, value]) => text.includes(value)).map(([name]) => name);
const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

describe('AI tools: what VS Code chat gets is redacted and audited', () => {
  const t = useTestStore('trcaa-ai-tools-');

  function incident() {
    const { store } = t();
    const issue = store.issues.create({ title: `Checkout down for ${CANARY.titleEmail}`, severity: 'high', description: `Seen from ${CANARY.descIp}` });
    store.steps.answerWhy(issue.id, { level: 1, question: 'Why did checkout fail?', answer: `Payments rejected ${CANARY.whyEmail}` });
    store.timeline.record({ issueId: issue.id, eventType: 'triage_started', description: `Paged from ${CANARY.timelineIp}` });
    const log = store.logFiles.insertContent(issue.id, Buffer.from(LOG), { fileName: `${CANARY.fileEmail} app.log` }).logFile;
    const kept = store.piiSpans.listForLog(log.id).find((span) => span.originalValue === KEPT);
    assert.ok(kept, 'the scan found the IPv4');
    store.piiSpans.setDecision([kept.id], 'keep');
    store.logFiles.approveRedaction(log.id);
    const raw = store.logFiles.insertContent(issue.id, Buffer.from(`ERROR for ${CANARY.rawEmail}\n`), { fileName: 'raw-secrets.log' }).logFile;
    return { store, issue, log, raw };
  }

  /** The one ai.tool_output row of `output`: hash and size of exactly its text, no text. */
  function assertAudited(store: ReturnType<typeof incident>['store'], output: { text: string; auditId: string }, tool: string, texts: string[]) {
    const row = store.audit.list({ action: 'ai.tool_output' }).find((r) => r.id === output.auditId);
    assert.ok(row, 'an ai.tool_output row');
    const details = JSON.parse(row.details ?? '{}') as Record<string, unknown>;
    assert.equal(details.tool, tool);
    assert.equal(details.sha256, sha256(output.text));
    assert.equal(details.bytes, Buffer.byteLength(output.text, 'utf8'));
    const json = JSON.stringify(row);
    for (const text of [...Object.values(CANARY), ...texts]) assert.ok(!json.includes(text), `the audit row holds ${text}`);
  }

  it('searchIncidents: titles redacted, the match found, audited', () => {
    const { store, issue } = incident();
    const found = store.aiTools.searchIncidents({ query: 'checkout' });
    assert.deepEqual(leaked(found.text), []);
    assert.ok(found.text.includes(issue.id), found.text);
    assert.match(found.text, /Checkout down for \[Email\]/);
    assert.equal(found.redactedByType.Email, 1);
    assertAudited(store, found, 'searchIncidents', ['Checkout down']);
    // Not FTS syntax (a model's words): searched as written, no error.
    assert.doesNotThrow(() => store.aiTools.searchIncidents({ query: 'checkout AND (' }));
    // No query: the most recent ones.
    assert.ok(store.aiTools.searchIncidents({}).text.includes(issue.id));
  });

  it('incidentSummary: fields, whys, timeline and logs redacted; says which logs may be read', () => {
    const { store, issue, log, raw } = incident();
    const summary = store.aiTools.incidentSummary({ issueId: issue.id });
    assert.deepEqual(leaked(summary.text), []);
    assert.match(summary.text, /Seen from \[IPv4\]/);
    assert.match(summary.text, /Payments rejected \[Email\]/);
    assert.match(summary.text, /Paged from \[IPv4\]/);
    assert.match(summary.text, new RegExp(`log:${log.id} — \\[Email\\] app\\.log: redaction approved`));
    assert.match(summary.text, new RegExp(`log:${raw.id} — raw-secrets\\.log: redaction NOT approved`));
    assertAudited(store, summary, 'incidentSummary', ['Checkout down', 'Payments rejected']);
    assert.throws(() => store.aiTools.incidentSummary({ issueId: 'no-such-issue' }), /No incident no-such-issue/);
  });

  it('logExcerpt: lines of an approved log by its reviewed spans ("keep" honoured), or its error/warning lines', async () => {
    const { store, log } = incident();
    const lines = await store.aiTools.logExcerpt({ logId: log.id, startLine: 2, endLine: 4 });
    assert.deepEqual(leaked(lines.text), []);
    assert.match(lines.text, new RegExp(`log:${log.id}#L2-L4`));
    assert.match(lines.text, /L3: 2026-01-02T03:00:02Z ERROR payment failed for \[Email\] from 10\.20\.30\.40/);
    assert.ok(!lines.text.includes('service starting'), 'only the range');
    assert.equal(lines.redactedByType.Email, 3, 'two in the lines, one in the file name');
    assert.match(lines.text, /\(\[Email\] app\.log, redacted\)/);
    assertAudited(store, lines, 'logExcerpt', ['payment failed', KEPT]);

    const notable = await store.aiTools.logExcerpt({ logId: log.id });
    assert.deepEqual(leaked(notable.text), []);
    assert.match(notable.text, /ERROR payment failed for \[Email\] from 10\.20\.30\.40/);
    assert.match(notable.text, /WARN retrying with key \[/);
    await assert.rejects(store.aiTools.logExcerpt({ logId: log.id, startLine: 40, endLine: 41 }), /has no line 40/);
  });

  it('logExcerpt refuses an unapproved log by name and reads none of it; the refusal is audited', async () => {
    const { store, raw } = incident();
    const refused = await store.aiTools.logExcerpt({ logId: raw.id, startLine: 1, endLine: 1 });
    assert.equal(refused.refused, true);
    assert.match(refused.text, /^Refused: raw-secrets\.log .* has not been approved/);
    assert.ok(!refused.text.includes('ERROR for'), 'no content');
    assert.deepEqual(leaked(refused.text), []);
    const row = store.audit.list({ action: 'ai.tool_output' }).find((r) => r.id === refused.auditId);
    assert.match(row?.details ?? '', /"refused":true/);
    // Approved later: readable.
    store.logFiles.approveRedaction(raw.id);
    assert.match((await store.aiTools.logExcerpt({ logId: raw.id, startLine: 1, endLine: 1 })).text, /L1: ERROR for \[Email\]/);
  });

  it('prepareParticipant: the request for the chat model is redacted, cites the lines named, and is audited as ai.sent', async () => {
    const { store, issue, log } = incident();
    const provider = { kind: 'vscode' as const, baseUrl: '', model: 'copilot-gpt', contextTokens: 16_000 };
    const request = await store.aiTools.prepareParticipant({
      issueId: issue.id,
      mode: 'ask',
      text: `Is ${CANARY.typedEmail} affected? See log:${log.id}#L3`,
      history: [{ role: 'user', content: `Earlier: ${CANARY.historyEmail}` }, { role: 'assistant', content: 'Noted.' }],
      selections: [{ logId: log.id, startLine: 3, endLine: 3 }],
      provider,
    });
    const all = request.messages.map((m) => m.content).join('\n');
    assert.deepEqual(leaked(all), []);
    assert.deepEqual(leaked(request.body), []);
    assert.deepEqual(request.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.match(all, /Is \[Email\] affected\?/);
    assert.match(all, /Earlier: \[Email\]/);
    assert.ok(all.includes(KEPT), 'the kept value is sent');
    const row = store.audit.list({ action: 'ai.sent' }).find((r) => r.id === request.auditId);
    const details = JSON.parse(row?.details ?? '{}') as Record<string, unknown>;
    assert.deepEqual([details.via, details.command, details.host, details.model, details.sha256, details.bytes], ['chat_participant', 'ask', 'vscode-lm', 'copilot-gpt', sha256(request.body), Buffer.byteLength(request.body, 'utf8')]);
    assert.equal(JSON.parse(request.body).messages.length, 4);
    for (const text of [...Object.values(CANARY), 'affected', 'payment failed']) assert.ok(!JSON.stringify(row).includes(text), `the audit row holds ${text}`);

    const whys = await store.aiTools.prepareParticipant({ issueId: issue.id, mode: 'whys', level: 2, text: 'focus on payments', provider });
    assert.match(whys.messages.at(-1)?.content ?? '', /Suggest the next level \(why 2\)[\s\S]*The engineer adds: focus on payments/);
    const rca = await store.aiTools.prepareParticipant({ issueId: issue.id, mode: 'rca', section: 'Root Cause', provider });
    assert.match(rca.messages.at(-1)?.content ?? '', /Draft the "Root Cause" section/);
  });

  it('prepareParticipant refuses lines of an unapproved log by name, and audits nothing', async () => {
    const { store, issue, raw } = incident();
    const before = store.audit.list({}).length;
    await assert.rejects(
      store.aiTools.prepareParticipant({ issueId: issue.id, mode: 'ask', text: 'look', selections: [{ logId: raw.id, startLine: 1, endLine: 1 }], provider: { kind: 'vscode', baseUrl: '', model: 'm' } }),
      (error: Error & { code?: string }) => error.code === 'NOT_APPROVED' && error.message.includes('raw-secrets.log'),
    );
    assert.equal(store.audit.list({}).length, before);
  });
});
