// The provider clients inside a real VS Code extension host: its own fetch (which VS Code wraps for proxy support)
// streams each wire format from the fake provider server chunk by chunk, keeps a cut answer, and reports a refused
// key with its message. The chat features build on exactly this.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AiProviderError, buildChatRequest, streamChat } from '../../../src/core/ai/providers';
import { FakeAiServer, type FakeWireFormat } from '../../support/fakeAiServer';

describe('AI provider clients in the extension host', function () {
  this.timeout(30_000);
  let fake: FakeAiServer;
  before(async () => {
    assert.ok(vscode.version);
    fake = await FakeAiServer.start();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const messages = [{ role: 'user' as const, content: 'Why is checkout failing?' }];

  for (const format of ['openai', 'ollama', 'anthropic'] as FakeWireFormat[]) {
    it(`${format}: streams each chunk as the server writes it, with the provider's usage`, async () => {
      fake.script({ chunks: ['Pool ', { text: 'exhausted', delayMs: 300 }], usage: { promptTokens: 50, completionTokens: 2 } });
      const config = fake.config(format, { apiKey: 'sk-integration-key' });
      const arrivals: { text: string; at: number }[] = [];
      const result = await streamChat(config, buildChatRequest(config, messages), {
        onEvent: (e) => { if (e.type === 'text') arrivals.push({ text: e.text, at: performance.timeOrigin + performance.now() }); },
      });
      assert.deepEqual(result, { text: 'Pool exhausted', usage: { promptTokens: 50, completionTokens: 2, estimated: false }, incomplete: false });
      assert.deepEqual(arrivals.map((a) => a.text), ['Pool ', 'exhausted']);
      // The first piece arrived before the server wrote the second: streamed, not buffered to the end.
      assert.ok(arrivals[0].at < fake.writes[1].at, 'the first chunk arrived before the second was written');
    });
  }

  it('keeps a cut answer as incomplete, and a refused key gives "auth" naming the setting', async () => {
    const config = fake.config('anthropic', { apiKey: 'sk-wrong-key-000000' });
    fake.script({ chunks: ['half ', 'an answer'], fault: { type: 'cut', afterChunks: 1 } });
    const cut = await streamChat(config, buildChatRequest(config, messages));
    assert.deepEqual([cut.text, cut.incomplete], ['half ', true]);
    fake.requireKey = 'sk-right-key';
    const error = await streamChat(config, buildChatRequest(config, messages)).catch((e: unknown) => e);
    assert.ok(error instanceof AiProviderError && error.kind === 'auth', String(error));
    assert.match(error.message, /trcaa\.ai\.provider/);
    assert.ok(!error.message.includes('sk-wrong-key'), error.message);
  });
});
