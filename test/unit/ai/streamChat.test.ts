// The provider clients against the fake provider server, for each wire format: the answer streams in as sent, the
// exact request bytes are POSTed with the key in the headers, usage comes from the provider (estimated and flagged
// when it reports none), and every failure gives its kind and a message — with the partial answer kept when the
// stream breaks after some text, and never the key or the prompt in a message.
import * as assert from 'node:assert/strict';
import { buildChatRequest, type ChatRequest } from '../../../src/core/ai/providers/request';
import { AiProviderError, streamChat, type RetryInfo, type StreamChatOptions } from '../../../src/core/ai/providers';
import type { ChatMessage, ChatResult, ProviderConfig, StreamEvent } from '../../../src/core/ai/types';
import { FAKE_USAGE, FakeAiServer, type FakeReply, type FakeWireFormat } from '../../support/fakeAiServer';

const KEY = 'sk-live-KEYCANARY0123456789abcdef';
const PROMPT = 'PROMPTCANARY the checkout service returns 502 since 09:14';
const messages: ChatMessage[] = [
  { role: 'system', content: 'You are a careful SRE assistant.' },
  { role: 'user', content: PROMPT },
];
const formats: FakeWireFormat[] = ['openai', 'ollama', 'anthropic'];

/** Fast limits so that timeouts and retries do not slow the suite. */
const fast = { timeoutMs: 2000, idleTimeoutMs: 2000 };

async function expectProviderError(promise: Promise<unknown>, kind: AiProviderError['kind']): Promise<AiProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AiProviderError, `expected an AiProviderError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    assert.ok(!error.message.includes(KEY) && !error.message.includes('KEYCANARY'), `the key is in: ${error.message}`);
    assert.ok(!error.message.includes('PROMPTCANARY'), `the prompt is in: ${error.message}`);
    return error;
  }
  assert.fail(`expected an AiProviderError (${kind})`);
}

function assertClean(result: ChatResult): void {
  for (const text of [result.incompleteReason ?? '']) {
    assert.ok(!text.includes('KEYCANARY') && !text.includes('PROMPTCANARY'), text);
  }
}

describe('AI provider clients (streamChat against the fake provider)', function () {
  this.timeout(20_000);
  let fake: FakeAiServer;
  before(async () => {
    fake = await FakeAiServer.start();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const setup = (format: FakeWireFormat, extra: Partial<ProviderConfig> = {}) => {
    const config = fake.config(format, { apiKey: KEY, ...extra });
    return { config, request: buildChatRequest(config, messages) };
  };

  async function chat(format: FakeWireFormat, reply: FakeReply | FakeReply[], options: StreamChatOptions = {}, extra: Partial<ProviderConfig> = {}) {
    fake.script(...(Array.isArray(reply) ? reply : [reply]));
    const { config, request } = setup(format, extra);
    const events: StreamEvent[] = [];
    const result = await streamChat(config, request, { limits: fast, ...options, onEvent: (e) => { events.push(e); options.onEvent?.(e); } });
    return { result, events, request };
  }

  for (const format of formats) {
    describe(format, () => {
      it('streams the answer as sent, POSTs exactly the request bytes with the key, and takes usage from the provider', async () => {
        const { result, events, request } = await chat(format, { chunks: ['The ', 'checkout ', 'pool is ', 'exhausted — café 😀.'], usage: { promptTokens: 321, completionTokens: 17 } });
        assert.deepEqual(events.filter((e) => e.type === 'text').map((e) => e.type === 'text' && e.text), ['The ', 'checkout ', 'pool is ', 'exhausted — café 😀.']);
        assert.deepEqual(result, { text: 'The checkout pool is exhausted — café 😀.', usage: { promptTokens: 321, completionTokens: 17, estimated: false }, incomplete: false });
        assert.deepEqual(events.at(-1), { type: 'usage', usage: result.usage });
        const [sent] = fake.requests;
        assert.equal(fake.requests.length, 1);
        assert.equal(sent.method, 'POST');
        assert.equal(sent.path, new URL(request.url).pathname);
        assert.ok(sent.body.equals(Buffer.from(request.body, 'utf8')), 'the body sent is exactly the request body');
        if (format === 'anthropic') {
          assert.equal(sent.headers['x-api-key'], KEY);
          assert.equal(sent.headers['anthropic-version'], '2023-06-01');
          assert.equal(sent.headers.authorization, undefined);
        } else {
          assert.equal(sent.headers.authorization, `Bearer ${KEY}`);
        }
      });

      it('sends the body it is given as is (it never rebuilds it)', async () => {
        const { config, request } = setup(format);
        const parsed = JSON.parse(request.body) as Record<string, unknown>;
        const given: ChatRequest = { url: request.url, body: JSON.stringify({ ...parsed, gate_marker: 'as-built-by-the-gate' }, null, 1) };
        await streamChat(config, given, { limits: fast });
        assert.equal(fake.requests[0].bodyText, given.body);
      });

      it('estimates usage (about 4 characters a token) and flags it when the provider reports none', async () => {
        const { result } = await chat(format, { chunks: ['abcdefgh', 'ij'], usage: null });
        assert.equal(result.usage.estimated, true);
        assert.equal(result.usage.completionTokens, 3);
        assert.equal(result.usage.promptTokens, Math.ceil(`${messages[0].content}\n${PROMPT}`.length / 4));
      });

      it('keeps the answer and marks it incomplete when the model stops at its token limit', async () => {
        const { result } = await chat(format, { chunks: ['Because'], finish: 'length' });
        assert.equal(result.text, 'Because');
        assert.equal(result.incomplete, true);
        assert.match(result.incompleteReason ?? '', /token limit/);
      });

      it('keeps the partial answer, marked incomplete, when the stream is cut mid-answer (and does not send it again)', async () => {
        const { result } = await chat(format, { chunks: ['one ', 'two ', 'three'], fault: { type: 'cut', afterChunks: 2 } });
        assert.equal(result.text, 'one two ');
        assert.equal(result.incomplete, true);
        assert.match(result.incompleteReason ?? '', /connection closed/);
        // Anthropic reported the prompt's count at the start; the answer's count never came, so it is estimated.
        assert.equal(result.usage.estimated, true);
        assert.equal(result.usage.promptTokens === FAKE_USAGE.promptTokens, format === 'anthropic');
        assert.equal(fake.requests.length, 1);
        assertClean(result);
      });

      it('keeps the partial answer as incomplete at a malformed chunk ("malformed reply"), and throws "malformed" when nothing came before it', async () => {
        const { result } = await chat(format, { chunks: ['one ', 'two ', 'three'], fault: { type: 'malformed', afterChunks: 2 } });
        assert.equal(result.text, 'one two ');
        assert.equal(result.incomplete, true);
        assert.match(result.incompleteReason ?? '', /malformed reply/);
        fake.reset();
        const error = await expectProviderError(chat(format, { chunks: ['one'], fault: { type: 'malformed', afterChunks: 0 } }), 'malformed');
        assert.match(error.message, /trcaa\.ai\.provider/);
      });

      it('cuts an oversized reply at the limit, keeps it as incomplete and closes the connection', async () => {
        const { result } = await chat(format, { fault: { type: 'oversized', chars: 16_000_000 } }, { limits: { ...fast, maxReplyChars: 50_000 } });
        assert.equal(result.text.length, 50_000);
        assert.equal(result.incomplete, true);
        assert.match(result.incompleteReason ?? '', /limit of 50,000 characters/);
        const sent = fake.requests[0];
        for (let i = 0; i < 100 && !sent.clientClosed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(sent.clientClosed, true, 'the client closed the connection');
      });

      it('Stop keeps what arrived (incomplete) and closes the connection; Stop before any text throws "cancelled"', async () => {
        const stop = new AbortController();
        const { result } = await chat(format, { chunks: ['first ', 'second '], fault: { type: 'hang', afterChunks: 2 } }, {
          signal: stop.signal,
          onEvent: (e) => { if (e.type === 'text' && e.text === 'second ') stop.abort(); },
        });
        assert.deepEqual([result.text, result.incomplete], ['first second ', true]);
        assert.match(result.incompleteReason ?? '', /Stopped/);
        for (let i = 0; i < 100 && !fake.requests[0].clientClosed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(fake.requests[0].clientClosed, true);

        fake.reset();
        const early = new AbortController();
        setTimeout(() => early.abort(), 100);
        await expectProviderError(chat(format, { fault: { type: 'silent' } }, { signal: early.signal }), 'cancelled');
        assert.equal(fake.requests.length, 1, 'a cancelled request is not retried');
      });

      it('401 and 403: "auth", naming the setting and the sign-out command, without the key the provider echoed', async () => {
        for (const status of [401, 403]) {
          fake.reset();
          const error = await expectProviderError(chat(format, { fault: { type: 'status', status, message: `Incorrect API key provided: ${KEY}` } }), 'auth');
          assert.match(error.message, new RegExp(`HTTP ${status}`));
          assert.match(error.message, /trcaa\.ai\.provider/);
          assert.match(error.message, /Sign Out of AI Provider/);
          assert.match(error.message, /Incorrect API key provided: \[key\]/);
          assert.equal(fake.requests.length, 1, 'not retried');
        }
      });

      it('404: "notFound", naming the model and trcaa.ai.model', async () => {
        const error = await expectProviderError(chat(format, { fault: { type: 'status', status: 404 } }), 'notFound');
        assert.match(error.message, /“fake-model”/);
        assert.match(error.message, /trcaa\.ai\.model/);
        assert.match(error.message, /Select AI Model/);
        // The provider's own words are kept: they name the model, which is not the prompt.
        assert.match(error.message, /The provider said: “model "fake-model" not found”/);
      });

      it('a provider message quoting the prompt is left out of the error', async () => {
        const error = await expectProviderError(chat(format, { fault: { type: 'status', status: 400, message: `Invalid content: "${PROMPT}"` } }), 'badRequest');
        assert.match(error.message, /HTTP 400/);
        assert.doesNotMatch(error.message, /Invalid content/);
      });

      it('5xx: retried once before any text; a second 5xx gives "server"', async () => {
        const retries: RetryInfo[] = [];
        const { result } = await chat(format, [{ fault: { type: 'status', status: 500 } }, { chunks: ['recovered'] }], { onRetry: (r) => retries.push(r) });
        assert.equal(result.text, 'recovered');
        assert.equal(fake.requests.length, 2);
        assert.ok(fake.requests[1].body.equals(fake.requests[0].body), 'the retry sends the same bytes');
        assert.equal(retries.length, 1);
        fake.reset();
        const error = await expectProviderError(chat(format, [{ fault: { type: 'status', status: 503 } }, { fault: { type: 'status', status: 502 } }, { chunks: ['never'] }]), 'server');
        assert.match(error.message, /HTTP 502/);
        assert.equal(fake.requests.length, 2);
      });

      it('a connection cut before any text is retried once', async () => {
        const { result } = await chat(format, [{ chunks: ['lost'], fault: { type: 'cut', afterChunks: 0 } }, { chunks: ['second try'] }]);
        assert.equal(result.text, 'second try');
        assert.equal(fake.requests.length, 2);
        fake.reset();
        await expectProviderError(chat(format, [{ chunks: ['a'], fault: { type: 'cut', afterChunks: 0 } }, { chunks: ['b'], fault: { type: 'cut', afterChunks: 0 } }]), 'network');
        assert.equal(fake.requests.length, 2);
      });

      it('429: waits as Retry-After says (seconds) and tries again', async () => {
        const retries: RetryInfo[] = [];
        const started = Date.now();
        const { result } = await chat(format, [{ fault: { type: 'status', status: 429, retryAfter: '1' } }, { chunks: ['after the wait'] }], { onRetry: (r) => retries.push(r) });
        assert.equal(result.text, 'after the wait');
        assert.ok(Date.now() - started >= 950, `waited ${Date.now() - started} ms`);
        assert.ok(fake.requests[1].receivedAt - fake.requests[0].receivedAt >= 950);
        assert.deepEqual(retries.map((r) => [r.attempt, r.waitMs]), [[1, 1000]]);
        assert.match(retries[0].reason, /HTTP 429/);
      });
    });
  }

  describe('retries and limits (one format each)', () => {
    it('429: Retry-After as an HTTP date is honoured', async () => {
      const retries: RetryInfo[] = [];
      const date = new Date(Date.now() + 2000).toUTCString();
      const { result } = await chat('openai', [{ fault: { type: 'status', status: 429, retryAfter: date } }, { chunks: ['ok'] }], { onRetry: (r) => retries.push(r) });
      assert.equal(result.text, 'ok');
      assert.ok(retries[0].waitMs > 900 && retries[0].waitMs <= 2000, `waited ${retries[0].waitMs} ms`);
      assert.ok(fake.requests[1].receivedAt - fake.requests[0].receivedAt >= retries[0].waitMs - 50);
    });

    it('429: gives up after 3 attempts with "rateLimited"', async () => {
      const limited: FakeReply = { fault: { type: 'status', status: 429, retryAfter: '0' } };
      const error = await expectProviderError(chat('anthropic', [limited, limited, limited, { chunks: ['never'] }]), 'rateLimited');
      assert.match(error.message, /HTTP 429/);
      assert.equal(fake.requests.length, 3);
    });

    it('429: a Retry-After beyond the cap fails at once, saying when to try again', async () => {
      const started = Date.now();
      const error = await expectProviderError(chat('ollama', [{ fault: { type: 'status', status: 429, retryAfter: '120' } }, { chunks: ['never'] }]), 'rateLimited');
      assert.match(error.message, /Try again in 2 min/);
      assert.equal(error.details.retryAfterMs, 120_000);
      assert.ok(Date.now() - started < 1000);
      assert.equal(fake.requests.length, 1);
    });

    it('429 without Retry-After backs off (1 s) and the wait is cancellable', async () => {
      const stop = new AbortController();
      const started = Date.now();
      const promise = chat('openai', [{ fault: { type: 'status', status: 429 } }, { chunks: ['never'] }], {
        signal: stop.signal,
        onRetry: (r) => { assert.equal(r.waitMs, 1000); setTimeout(() => stop.abort(), 100); },
      });
      await expectProviderError(promise, 'cancelled');
      assert.ok(Date.now() - started < 900, 'the wait was cut short');
      assert.equal(fake.requests.length, 1);
    });

    it('an overloaded error event before any text is retried; an in-stream error after text keeps the text', async () => {
      const { result } = await chat('anthropic', [{ chunks: ['x'], fault: { type: 'streamError', afterChunks: 0, overloaded: true } }, { chunks: ['fine'] }]);
      assert.equal(result.text, 'fine');
      assert.equal(fake.requests.length, 2);
      fake.reset();
      const cut = await chat('openai', { chunks: ['partial ', 'more'], fault: { type: 'streamError', afterChunks: 1, message: 'context overflow' } });
      assert.deepEqual([cut.result.text, cut.result.incomplete], ['partial ', true]);
      assert.match(cut.result.incompleteReason ?? '', /reported an error: “context overflow”/);
      fake.reset();
      await expectProviderError(chat('ollama', { chunks: ['a'], fault: { type: 'streamError', afterChunks: 0, message: 'model failed to load' } }), 'badRequest');
    });

    it('no answer within the timeout: "timeout" naming the settings to check', async () => {
      const started = Date.now();
      const error = await expectProviderError(chat('ollama', [{ fault: { type: 'silent' } }], { limits: { timeoutMs: 300 } }), 'timeout');
      assert.match(error.message, /did not answer within 1 s/);
      assert.match(error.message, /trcaa\.ai\.baseUrl/);
      assert.ok(Date.now() - started < 1500);
      assert.equal(fake.requests.length, 1, 'a timeout is not retried');
    });

    it('a stream silent for longer than the idle timeout keeps the text, marked incomplete', async () => {
      const { result } = await chat('openai', { chunks: ['so far'], fault: { type: 'hang', afterChunks: 1 } }, { limits: { timeoutMs: 2000, idleTimeoutMs: 300 } });
      assert.deepEqual([result.text, result.incomplete], ['so far', true]);
      assert.match(result.incompleteReason ?? '', /stopped sending/);
    });

    it('chunks slower than the answer timeout are fine as long as each gap is within the idle timeout', async () => {
      const arrived: number[] = [];
      const { result } = await chat('anthropic', { chunks: ['a', 'b', 'c', 'd'], delayMs: 150 }, {
        limits: { timeoutMs: 400, idleTimeoutMs: 300 },
        onEvent: (e) => { if (e.type === 'text') arrived.push(performance.timeOrigin + performance.now()); },
      });
      assert.deepEqual([result.text, result.incomplete], ['abcd', false]);
      // The fake says when it wrote each chunk; each arrived after its write and before the next one.
      assert.deepEqual(fake.writes.map((w) => w.text), ['a', 'b', 'c', 'd']);
      for (const [i, write] of fake.writes.entries()) {
        assert.ok(arrived[i] >= write.at, `chunk ${i} arrived after it was written`);
        if (i > 0) assert.ok(write.at - fake.writes[i - 1].at >= 140, 'the scripted delay was kept');
        if (i + 1 < fake.writes.length) assert.ok(arrived[i] < fake.writes[i + 1].at, `chunk ${i} arrived before the next was written`);
      }
    });

    it('a refused connection is retried once, then "network" naming trcaa.ai.baseUrl', async () => {
      const closed = await FakeAiServer.start();
      const config: ProviderConfig = { kind: 'openai', baseUrl: closed.baseUrl('openai'), model: 'm', apiKey: KEY };
      await closed.close();
      let calls = 0;
      const counting = (input: string, init: RequestInit) => { calls++; return fetch(input, init); };
      const error = await expectProviderError(streamChat(config, buildChatRequest(config, messages), { fetch: counting, limits: fast }), 'network');
      assert.match(error.message, /ECONNREFUSED/);
      assert.match(error.message, /trcaa\.ai\.baseUrl/);
      assert.equal(calls, 2);
    });

    it('a redirect is not followed (it could carry the key elsewhere)', async () => {
      const error = await expectProviderError(chat('anthropic', [{ fault: { type: 'status', status: 302 } }]), 'redirect');
      assert.match(error.message, /trcaa\.ai\.baseUrl/);
      assert.equal(fake.requests.length, 1);
    });

    it('plain http to another host is refused before anything is sent; loopback and the opt-in pass', async () => {
      let calls = 0;
      const noNetwork = async () => { calls++; return new Response('data: {"choices":[{"delta":{"content":"ok"}}]}\n\ndata: [DONE]\n\n', { status: 200 }); };
      const remote: ProviderConfig = { kind: 'openai', baseUrl: 'http://ai.example.com/v1', model: 'm', apiKey: KEY };
      const error = await expectProviderError(streamChat(remote, buildChatRequest(remote, messages), { fetch: noNetwork }), 'insecureUrl');
      assert.match(error.message, /trcaa\.ai\.allowInsecureHttp/);
      assert.equal(calls, 0);
      const optedIn = { ...remote, allowInsecureHttp: true };
      assert.equal((await streamChat(optedIn, buildChatRequest(optedIn, messages), { fetch: noNetwork })).text, 'ok');
      for (const baseUrl of ['http://localhost:11434', 'http://127.0.0.1:1234/v1', 'http://[::1]:8080/v1', 'https://ai.example.com/v1']) {
        const config: ProviderConfig = { ...remote, baseUrl };
        assert.equal((await streamChat(config, buildChatRequest(config, messages), { fetch: noNetwork })).text, 'ok', baseUrl);
      }
      assert.equal(calls, 5);
    });

    it('takes a whole JSON reply from a server that does not stream (OpenAI-compatible and Anthropic shapes)', async () => {
      const json = (body: unknown) => async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
      const openai: ProviderConfig = { kind: 'openai', baseUrl: 'https://gw.example.com/v1', model: 'm' };
      const whole = await streamChat(openai, buildChatRequest(openai, messages), {
        fetch: json({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'All at once.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 4 } }),
      });
      assert.deepEqual(whole, { text: 'All at once.', usage: { promptTokens: 9, completionTokens: 4, estimated: false }, incomplete: false });
      const anthropic: ProviderConfig = { kind: 'anthropic', baseUrl: 'https://gw.example.com', model: 'm' };
      const cut = await streamChat(anthropic, buildChatRequest(anthropic, messages), {
        fetch: json({ type: 'message', content: [{ type: 'text', text: 'Part one, ' }, { type: 'text', text: 'part two' }], stop_reason: 'max_tokens', usage: { input_tokens: 11, output_tokens: 6 } }),
      });
      assert.deepEqual([cut.text, cut.incomplete, cut.usage], ['Part one, part two', true, { promptTokens: 11, completionTokens: 6, estimated: false }]);
      await assert.rejects(streamChat(openai, buildChatRequest(openai, messages), { fetch: json({ unexpected: true }) }),
        (e: unknown) => e instanceof AiProviderError && e.kind === 'malformed');
    });

    it('VS Code language models are not a wire format', async () => {
      const config: ProviderConfig = { kind: 'vscode', baseUrl: '', model: 'copilot' };
      await assert.rejects(streamChat(config, buildChatRequest(config, messages)), /vscode\.lm/);
    });
  });
});
