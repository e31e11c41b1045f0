// The log's pattern summary in a real chat request (real extension host, fake provider): for an incident with an
// attached and approved log, the body the provider receives holds the summary before the log lines, and no PII
// canary that sits constant in a template (where no <*> stands for it) — the kept value stays.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import { keyName } from '../../../src/views/assistant/aiSettings';
import { FakeAiServer } from '../../support/fakeAiServer';

const KEY = 'sk-trcaa-patterns-0123456789';
const CANARIES = {
  mailbox: 'frank.canary@example.com',
  decidedHost: 'ledger-primary.corp.internal',
  token: 'qWeRtYuIoPaSdFgHjKlZxCvBnMqWeRtY',
};
const KEPT_HOST = 'status-board.example.org';

function logText(): string {
  const lines: string[] = [];
  for (let i = 0; i < 30; i++) {
    const t = (s: number) => new Date(Date.UTC(2026, 11, 6, 10, 0, i * 4 + s)).toISOString();
    lines.push(`${t(0)} INFO request ${2000 + i} served in ${5 + i} ms`);
    lines.push(`${t(1)} INFO replicating to ${CANARIES.decidedHost} now`);
    lines.push(`${t(2)} INFO heartbeat sent to ${KEPT_HOST} ok`);
    if (i % 3 === 0) lines.push(`${t(3)} ERROR delivery failed for mailbox (${CANARIES.mailbox}) attempt ${i}`);
    if (i % 5 === 0) lines.push(`${t(3)} WARN Bearer ${CANARIES.token} refused by gateway`);
  }
  return `${lines.join('\n')}\n`;
}

describe('AI assistant: the log pattern summary goes first, redacted (real extension host, fake provider)', function () {
  this.timeout(120_000);
  let store: RemoteStore;
  let fake: FakeAiServer;
  let issueId: string;
  let logId: string;
  const config = () => vscode.workspace.getConfiguration('trcaa.ai');

  before(async () => {
    const api = (await vscode.extensions.getExtension<TestApi>('trcaa.trcaa')?.activate()) as TestApi;
    store = await api.store();
    fake = await FakeAiServer.start();
    fake.requireKey = KEY;
    const baseUrl = fake.baseUrl('openai');
    await config().update('provider', 'openai', vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('model', fake.models[0], vscode.ConfigurationTarget.Global);
    await api.services.context.secrets.store(keyName({ kind: 'openai', baseUrl }), KEY);

    issueId = (await store.issues.create({ title: 'Mail delivery failing', severity: 'high' })).id;
    const { logFile } = await store.logFiles.insertContent(issueId, new TextEncoder().encode(logText()), { fileName: 'delivery.log' });
    logId = logFile.id;
    const spans = await store.piiSpans.listForLog(logId);
    const of = (value: string) => spans.filter((s) => s.originalValue === value).map((s) => s.id);
    for (const value of [CANARIES.mailbox, CANARIES.decidedHost, KEPT_HOST]) assert.ok(of(value).length, `the scan found ${value}`);
    await store.piiSpans.setDecision(of(CANARIES.decidedHost), 'redact');
    await store.piiSpans.setDecision(of(KEPT_HOST), 'keep');
    await store.logFiles.approveRedaction(logId);
    const templates = (await store.logPatterns.list(logId)).map((p) => p.template).join('\n');
    for (const value of Object.values(CANARIES)) assert.ok(templates.includes(value), `a template holds ${value} (else this proves nothing)`);
  });

  after(async () => {
    for (const key of ['provider', 'baseUrl', 'model']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
    await store.issues.delete(issueId).catch(() => undefined);
  });

  it('sends the summary before the lines, with no canary of a constant template and the kept value kept', async () => {
    fake.script({ chunks: ['Delivery fails.'] });
    const { backend } = await (await vscode.extensions.getExtension<TestApi>('trcaa.trcaa')?.activate() as TestApi).assistant();
    const conversation = await backend.createConversation(issueId, 'Patterns');
    await backend.send({ issueId, conversationId: conversation.id, text: 'What is failing?', picks: [] }, () => undefined, new AbortController().signal);
    const [request] = fake.chatRequests();
    assert.ok(request, 'one chat request');
    for (const [where, canary] of Object.entries(CANARIES)) assert.ok(!request.bodyText.includes(canary), `the ${where} canary is not sent`);
    const system = (JSON.parse(request.bodyText) as { messages: { role: string; content: string }[] }).messages[0]?.content ?? '';
    const summaryAt = system.indexOf(`## Log patterns`);
    const linesAt = system.indexOf('## Log excerpts');
    assert.ok(summaryAt > 0 && linesAt > summaryAt, 'the summary comes before the log lines');
    const summary = system.slice(summaryAt, linesAt);
    assert.ok(summary.includes(`### log:${logId} (delivery.log)`), summary);
    assert.match(summary, /- P\d+ error ×10 [^\n]*: delivery failed for mailbox \(\[Email\]\) attempt <\*>\n/);
    assert.match(summary, /: Bearer \[BearerToken\] refused by gateway\n/);
    assert.match(summary, /: replicating to \[Hostname\] now\n/);
    assert.match(summary, new RegExp(`: heartbeat sent to ${KEPT_HOST.replace(/\./g, '\\.')} ok\\n`), 'the kept value stays');
    // The audit row counts what the summary replaced, with the summary as an item.
    const row = (await store.audit.list({ action: 'ai.sent' })).find((r) => r.details?.includes(`"bytes":${Buffer.byteLength(request.bodyText, 'utf8')}`));
    const details = JSON.parse(row?.details ?? '{}') as { context_items?: Record<string, number>; redacted_by_type?: Record<string, number> };
    assert.equal(details.context_items?.patterns, 1);
    assert.ok((details.redacted_by_type?.BearerToken ?? 0) >= 1 && (details.redacted_by_type?.Hostname ?? 0) >= 1, JSON.stringify(details.redacted_by_type));
  });
});
