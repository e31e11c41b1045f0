// MCP tool calls in the worker: a call's arguments and result are redacted before they are stored (the raw text is
// never in the database), audited with the SHA-256 of exactly the raw arguments and result; the gate sends the
// answer's tool exchange back to the model from those rows in the provider's shape, redacted, with the tools
// offered; "always allow" is remembered per server and tool until revoked, and goes with the server.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { useTestStore } from '../storage/repositories/testStore';

const PII = { email: 'tool.canary@example.com', ip: '203.0.113.99', argEmail: 'arg.canary@example.org' };
const provider = { kind: 'openai' as const, baseUrl: 'https://llm.example.com/v1', model: 'gpt-test' };
const tools = [{ name: 'Everything_echo', description: 'Echoes back the input', parameters: { type: 'object', properties: { message: { type: 'string' } } } }];
const hex = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

describe('AI tool calls: redacted, stored, audited and sent back by the gate', () => {
  const t = useTestStore('trcaa-ai-tools-');

  async function turn() {
    const { store } = t();
    const issue = store.issues.create({ title: 'Checkout down', severity: 'high' });
    const conversation = store.ai.create(issue.id, { provider: 'openai', model: 'gpt-test' });
    const server = store.mcp.create({ name: 'Everything', url: 'npx', transportType: 'stdio' });
    const sent = await store.aiGate.prepareSend({ conversationId: conversation.id, text: 'Echo something', provider, tools });
    return { store, issue, conversation, server, sent };
  }

  it('offers the tools in the request and names the user message the answer is to', async () => {
    const { sent } = await turn();
    const body = JSON.parse(sent.body) as { tools: unknown[] };
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'Everything_echo', description: 'Echoes back the input', parameters: tools[0].parameters } }]);
    assert.equal(sent.userMessageId, sent.userMessage?.id);
  });

  it('stores a call redacted, audits the hashes of the raw arguments and result, and sends the exchange back redacted', async () => {
    const { store, conversation, server, sent } = await turn();
    const rawArgs = JSON.stringify({ message: `mail ${PII.argEmail}` });
    const rawResult = `Echo: mail ${PII.email} from ${PII.ip}`;
    const recorded = store.aiToolCalls.record({
      conversationId: conversation.id, userMessageId: sent.userMessageId as string, turnId: 'turn-1', round: 1, callId: 'call_1', toolName: 'Everything_echo',
      serverId: server.id, serverName: 'Everything', tool: 'echo', arguments: rawArgs, result: rawResult, outcome: 'ok', durationMs: 12,
    });
    // Nothing raw in the database.
    for (const value of Object.values(PII)) {
      const hits = t().db.query<{ n: number }>('SELECT count(*) AS n FROM ai_tool_calls WHERE arguments LIKE ? OR result LIKE ?', [`%${value}%`, `%${value}%`])[0];
      assert.equal(hits?.n, 0, value);
    }
    assert.equal(recorded.result, 'Echo: mail [Email] from [IPv4]');
    assert.equal(recorded.arguments, JSON.stringify({ message: 'mail [Email]' }));
    const audit = store.audit.list({}).find((row) => row.action === 'ai.tool_call');
    assert.ok(audit);
    assert.equal(audit.id, recorded.auditId);
    const details = JSON.parse(audit.details ?? '{}') as Record<string, unknown>;
    assert.equal(details.arguments_sha256, hex(rawArgs));
    assert.equal(details.result_sha256, hex(rawResult));
    assert.equal(details.server_id, server.id);
    assert.equal(details.tool, 'echo');
    assert.equal(details.duration_ms, 12);
    assert.equal(details.outcome, 'ok');
    assert.ok(!JSON.stringify(details).includes('canary'), 'the audit row holds no text');

    const next = await store.aiGate.prepareSend({ conversationId: conversation.id, provider, tools, toolTurnId: 'turn-1' });
    for (const value of Object.values(PII)) assert.ok(!next.body.includes(value), value);
    const messages = (JSON.parse(next.body) as { messages: Record<string, unknown>[] }).messages;
    assert.deepEqual(messages.slice(-3), [
      { role: 'user', content: messages.at(-3)?.content },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Everything_echo', arguments: JSON.stringify({ message: 'mail [Email]' }) } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'Echo: mail [Email] from [IPv4]' },
    ]);
    assert.match(String(messages.at(-3)?.content), /Echo something/);
    // The round is audited like any send, and no second user message was stored.
    const sentRows = store.audit.list({}).filter((row) => row.action === 'ai.sent');
    assert.equal((JSON.parse(sentRows[0]?.details ?? '{}') as Record<string, unknown>).tool_turn, 'turn-1');
    assert.equal(store.ai.messages(conversation.id).length, 1);
    assert.equal(next.userMessageId, sent.userMessageId);
    assert.deepEqual(store.aiToolCalls.forConversation(conversation.id).map((c) => c.callId), ['call_1']);
  });

  it('refuses a tool round with new text, and a call on a message that is not in the conversation', async () => {
    const { store, conversation, server } = await turn();
    await assert.rejects(store.aiGate.prepareSend({ conversationId: conversation.id, text: 'x', provider, toolTurnId: 'turn-1' }), /no new text/);
    assert.throws(() => store.aiToolCalls.record({
      conversationId: conversation.id, userMessageId: 'nope', turnId: 't', round: 1, callId: 'c', toolName: 'a_b', serverId: server.id, serverName: 'E', tool: 'b', arguments: '{}', result: '', outcome: 'ok', durationMs: 1,
    }), /No message nope/);
  });

  it('remembers "always" per server and tool, revocably, and forgets it with the server', async () => {
    const { store, server } = await turn();
    store.aiToolCalls.allowAlways(server.id, 'echo');
    store.aiToolCalls.allowAlways(server.id, 'echo');
    assert.deepEqual(store.aiToolCalls.alwaysAllowed().map((a) => [a.serverName, a.tool]), [['Everything', 'echo']]);
    assert.equal(store.aiToolCalls.revokeAlways(server.id, 'echo'), true);
    assert.equal(store.aiToolCalls.revokeAlways(server.id, 'echo'), false);
    assert.deepEqual(store.aiToolCalls.alwaysAllowed(), []);
    store.aiToolCalls.allowAlways(server.id, 'add');
    store.mcp.remove(server.id);
    assert.deepEqual(store.aiToolCalls.alwaysAllowed(), []);
    assert.throws(() => store.aiToolCalls.allowAlways(server.id, 'add'), /No MCP server/);
    // Newest first; allowing twice is one change.
    assert.deepEqual(store.audit.list({}).filter((r) => r.action.startsWith('mcp.tool_')).map((r) => r.action), ['mcp.tool_always_allowed', 'mcp.tool_approval_revoked', 'mcp.tool_always_allowed']);
  });
});
