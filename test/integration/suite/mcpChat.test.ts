// The chat and the MCP servers joined as a user gets them, in a real extension host: a server added to the
// registry and discovered is offered to the model through the extension's own tool host (no test host), and the
// call reaches the real reference server. The tool loop itself is covered by mcpTools.test.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { McpServer } from '../../../src/core/model/mcp';
import { keyName } from '../../../src/views/assistant/aiSettings';
import { FakeAiServer } from '../../support/fakeAiServer';
import { everythingServer } from '../../support/mcpServers';

describe('MCP tools offered in the chat from the registry (real extension host, reference MCP server)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let fake: FakeAiServer;
  const ai = () => vscode.workspace.getConfiguration('trcaa.ai');

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>('trcaa.trcaa')?.activate()) as TestApi;
    fake = await FakeAiServer.start();
    const baseUrl = fake.baseUrl('openai');
    await ai().update('provider', 'openai', vscode.ConfigurationTarget.Global);
    await ai().update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
    await ai().update('model', fake.models[0], vscode.ConfigurationTarget.Global);
    await api.services.context.secrets.store(keyName({ kind: 'openai', baseUrl }), 'sk-trcaa-mcp-chat-0123456789');
  });

  after(async () => {
    for (const key of ['provider', 'baseUrl', 'model']) await ai().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake?.close();
  });

  it('a discovered server’s echo is offered to the model, and the call the model asks for runs on that server', async () => {
    const store = await api.store();
    const everything = everythingServer();
    const created = await store.mcp.create({ name: 'registry-everything', url: everything.command, transportType: 'stdio', transportConfig: { args: everything.args, env: { ELECTRON_RUN_AS_NODE: '1' } } });
    const issueId = (await store.issues.create({ title: 'Registry tools', severity: 'low' })).id;
    try {
      const found = await vscode.commands.executeCommand<McpServer>('trcaa.mcp.discoverNow', created.id);
      assert.equal(found?.discoveryStatus, 'connected', found?.discoveryError ?? '');

      fake.script({ chunks: [], toolCalls: [{ name: 'registry-everything_echo', arguments: { message: 'through the registry' } }] }, { chunks: ['Done.'] });
      const assistant = await api.assistant();
      const conversation = await assistant.backend.createConversation(issueId, 'Registry');
      const asked: string[] = [];
      await assistant.backend.send({ issueId, conversationId: conversation.id, text: 'Echo, please.', picks: [] }, () => undefined, new AbortController().signal, {
        approve: async (request) => {
          asked.push(request.tool);
          return 'once';
        },
        onToolCall: () => undefined,
      });

      const [first, second] = fake.chatRequests();
      const offered = (JSON.parse(first?.bodyText ?? '{}') as { tools?: { function: { name: string } }[] }).tools?.map((t) => t.function.name) ?? [];
      assert.ok(offered.includes('registry-everything_echo'), `echo offered among: ${offered.join(', ')}`);
      // echo is read-only on the reference server: it runs without asking, and its answer goes back to the model.
      assert.deepEqual(asked, []);
      const messages = (JSON.parse(second?.bodyText ?? '{}') as { messages: { role: string; content: unknown }[] }).messages;
      assert.deepEqual(messages.at(-1), { role: 'tool', tool_call_id: 'call_1', content: 'Echo: through the registry' });
      const [stored] = await assistant.backend.messages(conversation.id);
      assert.equal(stored?.toolCalls?.[0]?.result, 'Echo: through the registry');
    } finally {
      await (await api.mcp()).connections.close(created.id);
      await store.mcp.remove(created.id);
      await store.issues.delete(issueId);
    }
  });
});
