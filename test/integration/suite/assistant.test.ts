// The AI assistant end to end in a real extension host, against the in-repo fake provider (test/support): what
// leaves the machine is only what the egress gate built — PII canaries in the incident, an approved log (one value
// kept) and the typed message never reach a request body except the kept value — and each failure of the provider
// gives its message while the conversation keeps what arrived, with token counts from the provider's usage.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import { keyName } from '../../../src/views/assistant/aiSettings';
import { FakeAiServer } from '../../support/fakeAiServer';
import { until, WEBVIEW_START_MS } from './until';

const KEY = 'sk-trcaa-integration-0123456789';
const CANARIES = {
  title: 'alice.canary@example.com',
  description: '203.0.113.77',
  logEmail: 'bob.canary@example.org',
  typed: 'carol.canary@example.net',
};
const KEPT = '198.51.100.23';
const LOG = [
  `2026-12-06T10:00:01Z ERROR checkout failed for ${CANARIES.logEmail}`,
  `2026-12-06T10:00:02Z WARN upstream ${KEPT} timed out`,
  '2026-12-06T10:00:03Z INFO retrying',
].join('\n');

describe('AI assistant through the egress gate (real extension host, fake provider)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let store: RemoteStore;
  let fake: FakeAiServer;
  let issueId: string;
  let logId: string;
  let backend: Awaited<ReturnType<TestApi['assistant']>>['backend'];
  const config = () => vscode.workspace.getConfiguration('trcaa.ai');

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>('trcaa.trcaa')?.activate()) as TestApi;
    store = await api.store();
    fake = await FakeAiServer.start();
    fake.requireKey = KEY;
    const baseUrl = fake.baseUrl('openai');
    await config().update('provider', 'openai', vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('model', fake.models[0], vscode.ConfigurationTarget.Global);
    await api.services.context.secrets.store(keyName({ kind: 'openai', baseUrl }), KEY);
    backend = (await api.assistant()).backend;

    const issue = await store.issues.create({ title: `Checkout down for ${CANARIES.title}`, severity: 'high', description: `Errors from ${CANARIES.description} since 10:00` });
    issueId = issue.id;
    const { logFile } = await store.logFiles.insertContent(issueId, new TextEncoder().encode(LOG), { fileName: 'checkout.log' });
    logId = logFile.id;
    const spans = await store.piiSpans.listForLog(logId);
    const kept = spans.find((s) => LOG.slice(s.startOffset, s.endOffset) === KEPT);
    assert.ok(kept, 'the detector found the IP to keep');
    await store.piiSpans.setDecision([kept.id], 'keep');
    await store.logFiles.approveRedaction(logId);
  });

  after(async () => {
    for (const key of ['provider', 'baseUrl', 'model']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
    await store.issues.delete(issueId).catch(() => undefined);
  });

  beforeEach(() => {
    fake.reset();
    fake.requireKey = KEY;
  });

  const ask = async (text: string, picks = [{ kind: 'log' as const, logId, startLine: 1, endLine: 3 }]) => {
    const conversation = await backend.createConversation(issueId, 'Triage');
    const deltas: string[] = [];
    const reply = await backend.send({ issueId, conversationId: conversation.id, text, picks }, (d) => deltas.push(d), new AbortController().signal);
    return { conversation, deltas, reply };
  };

  it('sends only redacted text: no canary reaches a request body, the kept value does, the key only in the header', async () => {
    fake.script({ chunks: ['The upstream ', 'timed out.'], usage: { promptTokens: 321, completionTokens: 7 } });
    const { conversation, deltas, reply } = await ask(`Is ${CANARIES.typed} affected too?`);
    assert.deepEqual(deltas, ['The upstream ', 'timed out.'], 'streamed in order');
    const [request] = fake.chatRequests();
    assert.ok(request, 'one chat request');
    for (const [where, canary] of Object.entries(CANARIES)) assert.ok(!request.bodyText.includes(canary), `the ${where} canary is not sent`);
    assert.ok(request.bodyText.includes(KEPT), 'the value the reviewer kept is sent');
    assert.ok(request.bodyText.includes('checkout failed for'), 'the picked log lines are sent (redacted)');
    assert.ok(!request.bodyText.includes(KEY), 'the key is not in the body');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    // Stored with the provider's counts; history read back as a reload would.
    assert.deepEqual([reply.content, reply.tokenCount, reply.estimated, reply.incomplete], ['The upstream timed out.', 7, false, false]);
    const history = await backend.messages(conversation.id);
    assert.deepEqual(history.map((m) => [m.role, m.content]), [['user', `Is ${CANARIES.typed} affected too?`], ['assistant', 'The upstream timed out.']]);
    // One audit row for exactly these bytes, without the text.
    const rows = await store.audit.list({ action: 'ai.sent' });
    const row = rows.find((r) => r.details?.includes(String(request.body.length)));
    assert.ok(row?.details, 'an ai.sent row with the body size');
    assert.ok(!row.details.includes(CANARIES.typed) && !row.details.includes('checkout failed'), 'no text in the audit row');
  });

  it('the context line is measured before anything is typed, and shows exactly the redacted text', async () => {
    const conversation = await backend.createConversation(issueId, 'Empty draft');
    const preview = await backend.previewContext({ issueId, conversationId: conversation.id, text: '', picks: [{ kind: 'log', logId, startLine: 1, endLine: 2 }] });
    assert.ok(preview.items.length >= 2 && preview.tokens > 0, JSON.stringify(preview.items));
    assert.ok(preview.text.includes('checkout failed for') && !preview.text.includes(CANARIES.logEmail) && preview.text.includes(KEPT), 'the redacted picked lines');
    assert.equal(fake.chatRequests().length, 0, 'a preview sends nothing');
  });

  it('a refused key, a rate limit, a server error: each gives its message; a cut stream keeps what arrived', async () => {
    fake.requireKey = 'sk-another-key';
    const refused = await ask('Why?').catch((e: unknown) => e as Error);
    assert.ok(refused instanceof Error && /key|401|trcaa\.ai/i.test(refused.message), String(refused));
    assert.ok(!refused.message.includes(KEY), 'the key is not in the message');
    fake.requireKey = KEY;

    fake.script({ fault: { type: 'status', status: 429, retryAfter: '1' } }, { chunks: ['after the wait'] });
    assert.equal((await ask('Why?')).reply.content, 'after the wait', 'retried after Retry-After');

    fake.script({ fault: { type: 'status', status: 500 } }, { fault: { type: 'status', status: 500 } });
    const failed = await ask('Why?').catch((e: unknown) => e as Error);
    assert.ok(failed instanceof Error && /500|server/i.test(failed.message), String(failed));

    fake.script({ chunks: ['half of ', 'an answer'], fault: { type: 'cut', afterChunks: 1 } });
    const cut = (await ask('Why?')).reply;
    assert.deepEqual([cut.content, cut.incomplete], ['half of ', true]);
    assert.ok(cut.incompleteReason, 'the reason is kept');

    fake.script({ chunks: ['readable ', 'then garbage'], fault: { type: 'malformed', afterChunks: 1 } });
    const malformed = (await ask('Why?')).reply;
    assert.deepEqual([malformed.content, malformed.incomplete], ['readable ', true]);
    assert.match(malformed.incompleteReason ?? '', /malformed|could not read|not JSON/i);
  });

  it('Ask AI about Selection on a stored log opens the chat of its incident with those lines picked; an unapproved log is sent to review first', async () => {
    const { logUri } = await import('../../../src/views/attachments/logFileSystem');
    const issue = await store.issues.get(issueId);
    const editor = await vscode.window.showTextDocument(logUri(logId, issue?.title ?? '', 'checkout.log'));
    editor.selection = new vscode.Selection(0, 0, 2, 0); // lines 1-2 (the end is at the start of line 3)
    assert.equal(await vscode.commands.executeCommand('trcaa.ai.askAboutSelection'), issueId);
    const { panels } = await api.assistant();
    const panel = panels.panels.get(issueId);
    assert.ok(panel, 'the chat of the log\'s incident is open');
    const state = panels.stateOf(panel);
    assert.equal(state?.picks.length, 1);
    assert.deepEqual(state?.picks[0]?.pick, { kind: 'log', logId, startLine: 1, endLine: 2 });
    // Closed only once its page has loaded: a webview closed mid-load leaves the webviews' service worker waiting on
    // VS Code's 30-second timeout, and the next suite's first panel would start blank (see until.ts).
    await until('the chat page to say ready', () => (panels.ready.has(panel) ? true : undefined), WEBVIEW_START_MS);
    panel.dispose();

    const { logFile } = await store.logFiles.insertContent(issueId, new TextEncoder().encode('ERROR for erin.canary@example.com\n'), { fileName: 'pending.log' });
    const pending = await vscode.window.showTextDocument(logUri(logFile.id, issue?.title ?? '', 'pending.log'));
    pending.selection = new vscode.Selection(0, 0, 0, 5);
    const warned: string[] = [];
    const { answering } = await import('./testApi');
    const result = await answering({ showWarningMessage: (async (message: string) => void warned.push(message)) as never }, () => Promise.resolve(vscode.commands.executeCommand('trcaa.ai.askAboutSelection')));
    assert.equal(result, undefined);
    assert.match(warned[0] ?? '', /pending\.log is not approved/);
    assert.ok(!panels.panels.get(issueId), 'no chat opened');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('an unapproved log cannot be sent: the request is refused naming the log, nothing reaches the provider', async () => {
    const { logFile } = await store.logFiles.insertContent(issueId, new TextEncoder().encode('ERROR for dave.canary@example.com\n'), { fileName: 'raw.log' });
    const refused = await ask('And this?', [{ kind: 'log', logId: logFile.id, startLine: 1, endLine: 1 }]).catch((e: unknown) => e as Error);
    assert.ok(refused instanceof Error && /raw\.log/.test(refused.message) && /Review PII/i.test(refused.message), String(refused));
    assert.equal(fake.chatRequests().length, 0);
  });
});
