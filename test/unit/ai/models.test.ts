// Listing a provider's models (Select AI Model…) and Test AI Connection, against the fake provider: each format's
// endpoint and list shape, the key sent as for a chat, failures as AiProviderError, and a clear message when the
// configured model is not there.
import * as assert from 'node:assert/strict';
import { AiProviderError, listModels, modelIsListed, testConnection } from '../../../src/core/ai/providers';
import type { ProviderConfig } from '../../../src/core/ai/types';
import { FakeAiServer, type FakeWireFormat } from '../../support/fakeAiServer';

const KEY = 'sk-ant-KEYCANARY-abcdef0123456789';
const formats: FakeWireFormat[] = ['openai', 'ollama', 'anthropic'];

describe('AI provider model lists and the connection test', function () {
  this.timeout(20_000);
  let fake: FakeAiServer;
  before(async () => {
    fake = await FakeAiServer.start();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    fake.models = ['qwen2.5:7b', 'llama3.1:latest', 'fake-model'];
  });

  for (const format of formats) {
    it(`${format}: lists the models from its own endpoint, sorted, sending the key`, async () => {
      fake.requireKey = KEY;
      const models = await listModels(fake.config(format, { apiKey: KEY }), { limits: { timeoutMs: 2000 } });
      assert.deepEqual(models.map((m) => m.id), ['fake-model', 'llama3.1:latest', 'qwen2.5:7b']);
      const [request] = fake.requests;
      assert.equal(request.method, 'GET');
      assert.equal(request.path, format === 'ollama' ? '/api/tags' : '/v1/models');
      assert.equal(format === 'anthropic' ? request.headers['x-api-key'] : request.headers.authorization, format === 'anthropic' ? KEY : `Bearer ${KEY}`);
    });

    it(`${format}: a wrong key gives "auth" without the key, a 5xx is retried once`, async () => {
      fake.requireKey = 'the-right-one';
      const error = await listModels(fake.config(format, { apiKey: KEY })).catch((e: unknown) => e);
      assert.ok(error instanceof AiProviderError && error.kind === 'auth', String(error));
      assert.ok(!error.message.includes('KEYCANARY'), error.message);
      fake.reset();
      fake.modelsFault = { status: 500 };
      const server = await listModels(fake.config(format)).catch((e: unknown) => e);
      assert.ok(server instanceof AiProviderError && server.kind === 'server', String(server));
      assert.equal(fake.requests.length, 2);
    });

    it(`${format}: Test AI Connection passes for a listed model and names the model and the fix when it is missing`, async () => {
      const report = await testConnection(fake.config(format, { model: 'fake-model' }));
      assert.match(report.message, /model “fake-model” is available \(3 models listed\)/);
      const error = await testConnection(fake.config(format, { model: 'gpt-7' })).catch((e: unknown) => e);
      assert.ok(error instanceof AiProviderError && error.kind === 'notFound', String(error));
      assert.match(error.message, /no model “gpt-7” \(it has fake-model, llama3\.1:latest, qwen2\.5:7b\)/);
      assert.match(error.message, /Select AI Model…/);
      assert.match(error.message, /trcaa\.ai\.model/);
      const none = await testConnection(fake.config(format, { model: '' })).catch((e: unknown) => e);
      assert.ok(none instanceof AiProviderError && /no model is chosen/.test(none.message), String(none));
    });
  }

  it('reads context sizes where the server gives them (LM Studio, vLLM) and rejects a reply that is no model list', async () => {
    const config: ProviderConfig = { kind: 'openai', baseUrl: 'https://llm.example.com/v1', model: 'm' };
    const reply = (body: string) => async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    const models = await listModels(config, { fetch: reply(JSON.stringify({ data: [{ id: 'a', context_length: 32768 }, { id: 'b', max_model_len: 8192 }, { id: 'c' }, { nope: 1 }] })) });
    assert.deepEqual(models, [{ id: 'a', contextTokens: 32768 }, { id: 'b', contextTokens: 8192 }, { id: 'c' }]);
    const error = await listModels(config, { fetch: reply('<html>login</html>') }).catch((e: unknown) => e);
    assert.ok(error instanceof AiProviderError && error.kind === 'malformed', String(error));
  });

  it('matches Ollama\'s implicit :latest and Anthropic\'s aliases, nothing looser', () => {
    const ollama: ProviderConfig = { kind: 'ollama', baseUrl: '', model: 'llama3.1' };
    assert.equal(modelIsListed(ollama, [{ id: 'llama3.1:latest' }]), true);
    assert.equal(modelIsListed(ollama, [{ id: 'llama3.1:8b' }]), false);
    const anthropic: ProviderConfig = { kind: 'anthropic', baseUrl: '', model: 'claude-sonnet-4-0' };
    assert.equal(modelIsListed(anthropic, [{ id: 'claude-sonnet-4-20250514' }]), true);
    assert.equal(modelIsListed(anthropic, [{ id: 'claude-opus-4-20250514' }]), false);
    assert.equal(modelIsListed({ ...anthropic, model: 'claude' }, [{ id: 'claude-sonnet-4-20250514' }]), false);
    const openai: ProviderConfig = { kind: 'openai', baseUrl: '', model: 'gpt-4o' };
    assert.equal(modelIsListed(openai, [{ id: 'gpt-4o-mini' }]), false);
  });
});
