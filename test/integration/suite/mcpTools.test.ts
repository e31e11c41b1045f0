// MCP tools in the assistant's chat, in a real extension host: the fake model (test/support/fakeAiServer) asks for
// tools of the real reference server (@modelcontextprotocol/server-everything over stdio, through the SDK's client:
// test/support/everythingToolHost). A call waits for the user's approval in the chat, runs, and its result is
// shown, stored with the conversation and sent back; a tool result carrying PII never reaches the model's requests
// (the raw bodies) nor the database; the rounds per answer are capped; "Always for this tool" is remembered until
// revoked; Stop ends a call in flight.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { RemoteStore } from '../../../src/storage/store';
import { keyName } from '../../../src/views/assistant/aiSettings';
import type { AssistantState } from '../../../src/webview/assistant/assistantProtocol';
import type { ChatSurface, ToolApprovalRequest, ToolCallView } from '../../../src/webview/assistant';
import { EverythingToolHost } from '../../support/everythingToolHost';
import { FakeAiServer, type FakeWireFormat } from '../../support/fakeAiServer';
import { until } from './until';

const KEY = 'sk-trcaa-mcp-tools-0123456789';
/** Put in the reference server's environment: its get-env tool returns it to the model — unless redacted. */
const CANARY = 'env.canary@example.com';
const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

describe('MCP tools in the assistant chat (real extension host, fake model, reference MCP server)', function () {
  this.timeout(180_000);
  let api: TestApi;
  let store: RemoteStore;
  let fake: FakeAiServer;
  let host: EverythingToolHost;
  let issueId: string;
  let serverId: string;
  let assistant: Awaited<ReturnType<TestApi['assistant']>>;
  const config = () => vscode.workspace.getConfiguration('trcaa.ai');

  async function useProvider(kind: FakeWireFormat) {
    const baseUrl = fake.baseUrl(kind);
    await config().update('provider', kind, vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
    await config().update('model', fake.models[0], vscode.ConfigurationTarget.Global);
    await api.services.context.secrets.store(keyName({ kind, baseUrl }), KEY);
  }

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>('trcaa.trcaa')?.activate()) as TestApi;
    store = await api.store();
    fake = await FakeAiServer.start();
    assistant = await api.assistant();
    const server = await store.mcp.create({ name: 'Everything', url: 'node', transportType: 'stdio' });
    serverId = server.id;
    host = await EverythingToolHost.start({ root: api.services.context.extensionPath, serverId, serverName: 'Everything', env: { TRCAA_TEST_CANARY: CANARY } });
    assistant.backend.toolHost = async () => host;
    issueId = (await store.issues.create({ title: 'Checkout down', severity: 'high' })).id;
  });

  after(async () => {
    assistant.backend.toolHost = async () => undefined;
    for (const key of ['provider', 'baseUrl', 'model', 'maxToolRounds']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await host?.close();
    await fake?.close();
    await store.issues.delete(issueId).catch(() => undefined);
    await store.mcp.remove(serverId).catch(() => undefined);
  });

  beforeEach(async () => {
    fake.reset();
    host.calls.length = 0;
    host.trustReadOnlyHints = true;
    for (const tool of await store.aiToolCalls.alwaysAllowed()) await store.aiToolCalls.revokeAlways(tool.serverId, tool.tool);
    await useProvider('openai');
  });

  /** Sends through the backend with hooks that record every approval asked and answer it as told. */
  async function send(text: string, answer: (request: ToolApprovalRequest) => 'once' | 'always' | 'deny' = () => 'deny', signal = new AbortController().signal) {
    const conversation = await assistant.backend.createConversation(issueId, 'Tools');
    const asked: ToolApprovalRequest[] = [];
    const shown: ToolCallView[] = [];
    const reply = await assistant.backend.send({ issueId, conversationId: conversation.id, text, picks: [] }, () => undefined, signal, {
      approve: async (request) => {
        asked.push(request);
        return answer(request);
      },
      onToolCall: (call) => shown.push(call),
    });
    return { conversation, reply, asked, shown };
  }

  const lastState = (panel: ChatSurface) => assistant.panels.stateOf(panel) as AssistantState;

  it('the model asks for echo → the chat asks for approval → the result is shown, stored and sent back', async () => {
    host.trustReadOnlyHints = false; // the reference server marks echo read-only: here it must ask
    fake.script({ chunks: ['Let me check.'], toolCalls: [{ name: 'Everything_echo', arguments: { message: 'hello from the model' } }] }, { chunks: ['The tool said hello.'] });
    const panel = await assistant.panels.open(issueId, { inEditor: true });
    const sending = assistant.panels.handleMessage(panel, { type: 'send', text: 'Echo something, please.' });
    const approval = await until('the approval in the chat', () => lastState(panel)?.streaming?.approval ?? undefined);
    assert.deepEqual([approval.tool, approval.server, JSON.parse(approval.arguments)], ['echo', 'Everything', { message: 'hello from the model' }]);
    assert.equal(host.calls.length, 0, 'nothing runs before the user answers');
    assert.equal(await assistant.panels.handleMessage(panel, { type: 'approveTool', callId: approval.callId, decision: 'once' }), true);
    assert.equal(await sending, true);

    const done = await until('the stored answer', () => (lastState(panel)?.streaming === null && lastState(panel)?.messages.length === 2 ? lastState(panel) : undefined));
    const [question, answer] = done.messages;
    assert.deepEqual(question?.tools, [{ label: 'echo · Everything', status: question?.tools?.[0]?.status, outcome: 'ok', arguments: '{"message":"hello from the model"}', result: 'Echo: hello from the model' }]);
    assert.match(question?.tools?.[0]?.status ?? '', /^ok, [\d,]+ ms$/);
    assert.match(answer?.html ?? '', /Let me check\.[\s\S]*The tool said hello\./);
    assert.deepEqual(host.calls, [{ tool: 'echo', args: { message: 'hello from the model' } }]);

    // The tools were offered, and the result went back as the call's reply.
    const [first, second] = fake.chatRequests();
    assert.ok((JSON.parse(first?.bodyText ?? '{}') as { tools?: { function: { name: string } }[] }).tools?.some((t) => t.function.name === 'Everything_echo'), 'echo is offered');
    const messages = (JSON.parse(second?.bodyText ?? '{}') as { messages: Record<string, unknown>[] }).messages;
    assert.deepEqual(messages.slice(-2), [
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Everything_echo', arguments: '{"message":"hello from the model"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'Echo: hello from the model' },
    ]);

    // Stored with the conversation: a reload shows it. Audited with the hashes of what the tool got and gave.
    const conversationId = done.conversationId as string;
    const reloaded = await assistant.backend.messages(conversationId);
    assert.equal(reloaded[0]?.toolCalls?.[0]?.result, 'Echo: hello from the model');
    const audit = (await store.audit.list({ action: 'ai.tool_call' })).find((row) => row.details?.includes(conversationId));
    const details = JSON.parse(audit?.details ?? '{}') as Record<string, unknown>;
    assert.equal(details.result_sha256, sha256('Echo: hello from the model'));
    assert.equal(details.arguments_sha256, sha256('{"message":"hello from the model"}'));
    assert.deepEqual([details.server_id, details.tool, details.outcome], [serverId, 'echo', 'ok']);
    assert.equal(typeof details.duration_ms, 'number');
    panel.dispose();
  });

  for (const format of ['anthropic', 'ollama'] as const) {
    it(`a tool result carrying PII never reaches the model (${format}: the raw request bodies) nor the database; a read-only tool runs without asking`, async () => {
      await useProvider(format);
      fake.script({ toolCalls: [{ name: 'Everything_get-env', arguments: {} }] }, { chunks: ['The environment is fine.'] });
      const { conversation, reply, asked, shown } = await send('What is in the environment?');
      assert.equal(asked.length, 0, 'get-env declares readOnlyHint: no approval');
      assert.equal(host.calls.length, 1);
      assert.equal(reply.content, 'The environment is fine.');
      const requests = fake.chatRequests();
      assert.equal(requests.length, 2);
      for (const request of requests) assert.ok(!request.bodyText.includes(CANARY) && !request.body.includes(Buffer.from(CANARY)), 'the canary is not in a request body');
      assert.ok(requests[1]?.bodyText.includes('TRCAA_TEST_CANARY'), 'the tool result was sent back (redacted)');
      assert.ok(requests[1]?.bodyText.includes('[Email]'), 'its e-mail replaced');
      const stored = (await assistant.backend.messages(conversation.id))[0]?.toolCalls?.[0];
      assert.ok(stored && stored.result.includes('TRCAA_TEST_CANARY') && !stored.result.includes(CANARY), 'stored redacted');
      assert.ok(!shown[0]?.result.includes(CANARY), 'shown redacted');
    });
  }

  it('the rounds per answer are capped (trcaa.ai.maxToolRounds), and the chat says so', async () => {
    await config().update('maxToolRounds', 1, vscode.ConfigurationTarget.Global);
    try {
      fake.script({ toolCalls: [{ name: 'Everything_echo', arguments: { message: 'one' } }] }, { chunks: ['Again.'], toolCalls: [{ name: 'Everything_echo', arguments: { message: 'two' } }] });
      const { reply } = await send('Echo twice');
      assert.equal(fake.chatRequests().length, 2, 'no third request');
      assert.deepEqual(host.calls.map((c) => c.args.message), ['one'], 'the second round did not run');
      assert.equal(reply.incomplete, true);
      assert.match(reply.incompleteReason ?? '', /Everything_echo.*after 1 round of tool calls.*trcaa\.ai\.maxToolRounds/);
      assert.equal(reply.content, 'Again.');
    } finally {
      await config().update('maxToolRounds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('"Always for this tool" is remembered: the next call runs without asking, until revoked', async () => {
    host.trustReadOnlyHints = false;
    fake.script({ toolCalls: [{ name: 'Everything_echo', arguments: { message: 'a' } }] }, { chunks: ['ok'] });
    const first = await send('Echo a', () => 'always');
    assert.equal(first.asked.length, 1);
    assert.deepEqual((await store.aiToolCalls.alwaysAllowed()).map((a) => [a.serverId, a.tool]), [[serverId, 'echo']]);

    fake.script({ toolCalls: [{ name: 'Everything_echo', arguments: { message: 'b' } }] }, { chunks: ['ok'] });
    const second = await send('Echo b');
    assert.equal(second.asked.length, 0, 'not asked again');
    assert.equal(second.shown[0]?.outcome, 'ok');

    // Revoked through the command: asked again, and a "deny" is what the model hears.
    const revoked = await answering({ showQuickPick: (async (items: readonly vscode.QuickPickItem[]) => items.filter((i) => i.label === 'echo')) as never }, () =>
      vscode.commands.executeCommand<string[]>('trcaa.ai.revokeToolApprovals'),
    );
    assert.deepEqual(revoked, ['Everything/echo']);
    fake.script({ toolCalls: [{ name: 'Everything_echo', arguments: { message: 'c' } }] }, { chunks: ['denied then'] });
    const third = await send('Echo c', () => 'deny');
    assert.equal(third.asked.length, 1);
    assert.equal(third.shown[0]?.outcome, 'denied');
    assert.deepEqual(host.calls.map((c) => c.args.message), ['a', 'b'], 'the denied call did not run');
    assert.ok(fake.chatRequests().at(-1)?.bodyText.includes('The user did not allow this call.'));
  });

  it('a model that refuses tools (HTTP 400) is asked again without them, and the user is told', async () => {
    await useProvider('ollama');
    fake.script({ fault: { type: 'status', status: 400, message: 'registry.ollama.ai/library/gemma:2b does not support tools' } }, { chunks: ['A plain answer.'] });
    const warnings: string[] = [];
    const { reply } = await answering({ showWarningMessage: (async (message: string) => void warnings.push(message)) as never }, () => send('Why?'));
    assert.equal(reply.content, 'A plain answer.');
    const [withTools, without] = fake.chatRequests();
    assert.ok('tools' in (JSON.parse(withTools?.bodyText ?? '{}') as object), 'tools were offered first');
    assert.equal('tools' in (JSON.parse(without?.bodyText ?? '{}') as object), false, 'then not');
    assert.match(warnings.join('\n'), /refused the request offering MCP tools.*does not support tools/);
  });

  it('Stop while a call waits for approval: nothing runs, the call is recorded as stopped, the chat is free again', async () => {
    host.trustReadOnlyHints = false;
    fake.script({ toolCalls: [{ name: 'Everything_echo', arguments: { message: 'never' } }] }, { chunks: ['never asked'] });
    const panel = await assistant.panels.open(issueId, { inEditor: true });
    const sending = assistant.panels.handleMessage(panel, { type: 'send', text: 'Echo, then I stop you.' });
    const approval = await until('the approval in the chat', () => lastState(panel)?.streaming?.approval ?? undefined);
    assert.equal(await assistant.panels.handleMessage(panel, { type: 'stop' }), true);
    await sending;
    const done = await until('the chat free again', () => (lastState(panel)?.streaming === null && (lastState(panel)?.messages.length ?? 0) >= 2 ? lastState(panel) : undefined));
    assert.equal(host.calls.length, 0, 'the tool did not run');
    const question = done.messages.at(-2);
    assert.equal(question?.tools?.[0]?.outcome, 'cancelled');
    assert.match(done.messages.at(-1)?.incomplete ?? '', /Stopped during a tool call/);
    // The approval is gone: answering it now is refused.
    assert.equal(await assistant.panels.handleMessage(panel, { type: 'approveTool', callId: approval.callId, decision: 'once' }), false);
    assert.equal(fake.chatRequests().length, 1, 'nothing more was sent');
    panel.dispose();
  });

  it('Stop ends a tool call in flight: the call is recorded as stopped and the answer as incomplete', async () => {
    fake.script({ toolCalls: [{ name: 'Everything_trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }] }, { chunks: ['never asked'] });
    const controller = new AbortController();
    const started = Date.now();
    const sending = send('Run the long thing', () => 'once', controller.signal);
    await until('the call to start', () => (host.calls.length ? true : undefined));
    controller.abort();
    const { reply, shown } = await sending;
    assert.ok(Date.now() - started < 20_000, 'not waited for');
    assert.equal(shown[0]?.outcome, 'cancelled');
    assert.equal(reply.incomplete, true);
    assert.match(reply.incompleteReason ?? '', /Stopped during a tool call/);
    assert.equal(fake.chatRequests().length, 1, 'nothing more was sent');
  });

  async function answering<T>(port: Parameters<TestApi['setUi']>[0], work: () => Thenable<T> | Promise<T>): Promise<T> {
    const restore = api.setUi(port);
    try {
      return await work();
    } finally {
      restore.dispose();
    }
  }
});
