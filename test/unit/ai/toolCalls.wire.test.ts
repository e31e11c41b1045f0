// Tool calls in the three wire formats: streams shaped as each vendor documents them (OpenAI's delta.tool_calls
// fragments by index, Anthropic's tool_use blocks with input_json_delta, Ollama's whole tool_calls with object
// arguments and no ids) decode to whole calls, byte-split anywhere; requests carry the tool definitions and the turns
// of a tool exchange in each vendor's shape; and tool names are valid and unique for every provider.
import * as assert from 'node:assert/strict';
import { streamChat } from '../../../src/core/ai/providers';
import { buildChatRequest } from '../../../src/core/ai/providers/request';
import { nameTools, TOOL_NAME_PATTERN } from '../../../src/core/ai/toolNames';
import type { ChatMessage, ProviderConfig, StreamEvent, ToolDefinition } from '../../../src/core/ai/types';
import { FakeAiServer } from '../../support/fakeAiServer';

const sse = (events: Array<[string | null, unknown]>) => events.map(([name, data]) => `${name ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`).join('');
const openAiChunk = (delta: unknown, finish: string | null = null) => ({ id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1733500000, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] });

/** OpenAI: two parallel calls, the second's arguments interleaved with the first's, then finish_reason tool_calls. */
const OPENAI_STREAM = sse([
  [null, openAiChunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_Abc1', type: 'function', function: { name: 'everything_echo', arguments: '' } }] })],
  [null, openAiChunk({ tool_calls: [{ index: 0, function: { arguments: '{"mess' } }] })],
  [null, openAiChunk({ tool_calls: [{ index: 1, id: 'call_Def2', type: 'function', function: { name: 'everything_add', arguments: '{"a":' } }] })],
  [null, openAiChunk({ tool_calls: [{ index: 0, function: { arguments: 'age":"héllo 😀"}' } }] })],
  [null, openAiChunk({ tool_calls: [{ index: 1, function: { arguments: '2,"b":3}' } }] })],
  [null, openAiChunk({}, 'tool_calls')],
  [null, { id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1733500000, model: 'gpt-4o', choices: [], usage: { prompt_tokens: 82, completion_tokens: 17, total_tokens: 99 } }],
  [null, '[DONE]'],
]);

/** Anthropic: some text, then a tool_use block whose input streams as partial JSON; stop_reason tool_use. */
const ANTHROPIC_STREAM = sse([
  ['message_start', { type: 'message_start', message: { id: 'msg_01', type: 'message', role: 'assistant', content: [], model: 'claude-sonnet-4-5', stop_reason: null, usage: { input_tokens: 472, output_tokens: 2 } } }],
  ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
  ['ping', { type: 'ping' }],
  ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me echo that.' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 0 }],
  ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'everything_echo', input: {} } }],
  ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"message": "hé' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'llo 😀"}' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 1 }],
  ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 89 } }],
  ['message_stop', { type: 'message_stop' }],
]);

/** Ollama: the call whole in one line, arguments as an object, no id; then the done line. */
const OLLAMA_STREAM = [
  { model: 'llama3.1', created_at: '2026-12-07T00:00:00Z', message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'everything_echo', arguments: { message: 'héllo 😀' } } }, { function: { name: 'everything_add', arguments: { a: 2, b: 3 } } }] }, done: false },
  { model: 'llama3.1', created_at: '2026-12-07T00:00:01Z', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 90, eval_count: 20 },
].map((line) => `${JSON.stringify(line)}\n`).join('');

/** A fetch answering with these bytes, cut into pieces of `size` bytes (splitting UTF-8 characters too). */
function replying(text: string, contentType: string, size: number) {
  return async () => {
    const bytes = Buffer.from(text, 'utf8');
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(new Uint8Array(bytes.subarray(at, at + size)));
        at += size;
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': contentType } });
  };
}

const config = (kind: 'openai' | 'ollama' | 'anthropic'): ProviderConfig => ({ kind, baseUrl: kind === 'openai' ? 'http://127.0.0.1:1/v1' : 'http://127.0.0.1:1', model: 'm' });

async function decode(kind: 'openai' | 'ollama' | 'anthropic', text: string, size: number) {
  const events: StreamEvent[] = [];
  const request = buildChatRequest(config(kind), [{ role: 'user', content: 'hi' }]);
  const result = await streamChat(config(kind), request, { fetch: replying(text, kind === 'ollama' ? 'application/x-ndjson' : 'text/event-stream', size), onEvent: (e) => events.push(e) });
  return { result, events };
}

describe('AI tool calls: the three wire formats', () => {
  for (const size of [1, 7, 100_000]) {
    it(`OpenAI: parallel calls streamed as index/id/argument fragments decode whole (${size}-byte pieces)`, async () => {
      const { result, events } = await decode('openai', OPENAI_STREAM, size);
      assert.deepEqual(result.toolCalls, [
        { id: 'call_Abc1', name: 'everything_echo', arguments: '{"message":"héllo 😀"}' },
        { id: 'call_Def2', name: 'everything_add', arguments: '{"a":2,"b":3}' },
      ]);
      assert.equal(result.text, '');
      assert.equal(result.incomplete, false);
      assert.deepEqual(result.usage, { promptTokens: 82, completionTokens: 17, estimated: false });
      assert.deepEqual(events.filter((e) => e.type === 'toolCall').map((e) => e.type === 'toolCall' && e.call.id), ['call_Abc1', 'call_Def2']);
    });

    it(`Anthropic: a tool_use block's input_json_delta pieces decode whole, after the text (${size}-byte pieces)`, async () => {
      const { result } = await decode('anthropic', ANTHROPIC_STREAM, size);
      assert.equal(result.text, 'Let me echo that.');
      assert.deepEqual(result.toolCalls, [{ id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'everything_echo', arguments: '{"message": "héllo 😀"}' }]);
      assert.equal(result.incomplete, false);
    });

    it(`Ollama: object arguments become JSON text, and calls without ids get call_1, call_2 (${size}-byte pieces)`, async () => {
      const { result } = await decode('ollama', OLLAMA_STREAM, size);
      assert.deepEqual(result.toolCalls, [
        { id: 'call_1', name: 'everything_echo', arguments: '{"message":"héllo 😀"}' },
        { id: 'call_2', name: 'everything_add', arguments: '{"a":2,"b":3}' },
      ]);
    });
  }

  it('a stream cut inside a tool call drops the half-written call (it is never run) and says the answer is incomplete', async () => {
    const cut = OPENAI_STREAM.slice(0, OPENAI_STREAM.indexOf('tool_calls"}') - 40);
    const request = buildChatRequest(config('openai'), [{ role: 'user', content: 'hi' }]);
    const error = await streamChat(config('openai'), request, { fetch: replying(cut, 'text/event-stream', 50) }).catch((e: unknown) => e);
    // Nothing usable arrived: no text and no whole call.
    assert.ok(error instanceof Error, 'a stream with no text and no whole call fails');
  });

  describe('requests', () => {
    const tools: ToolDefinition[] = [{ name: 'everything_echo', description: 'Echoes back the input', parameters: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } }];
    const exchange: ChatMessage[] = [
      { role: 'system', content: 'You are careful.' },
      { role: 'user', content: 'Echo hi' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'everything_echo', arguments: '{"message":"hi"}' }, { id: 'call_2', name: 'everything_echo', arguments: 'not json' }] },
      { role: 'tool', content: 'Echo: hi', toolCallId: 'call_1', toolName: 'everything_echo' },
      { role: 'tool', content: 'The arguments were not valid JSON.', toolCallId: 'call_2', toolName: 'everything_echo', isError: true },
    ];

    it('OpenAI: tools as functions, the assistant turn with tool_calls (arguments as JSON text), role tool replies by tool_call_id', () => {
      const body = JSON.parse(buildChatRequest(config('openai'), exchange, tools).body) as Record<string, unknown>;
      assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'everything_echo', description: 'Echoes back the input', parameters: tools[0].parameters } }]);
      assert.deepEqual((body.messages as unknown[]).slice(2), [
        { role: 'assistant', content: null, tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'everything_echo', arguments: '{"message":"hi"}' } },
          { id: 'call_2', type: 'function', function: { name: 'everything_echo', arguments: 'not json' } },
        ] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Echo: hi' },
        { role: 'tool', tool_call_id: 'call_2', content: 'The arguments were not valid JSON.' },
      ]);
    });

    it('Ollama: tools as functions, arguments as objects, role tool replies naming tool_name', () => {
      const body = JSON.parse(buildChatRequest(config('ollama'), exchange, tools).body) as Record<string, unknown>;
      assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'everything_echo', description: 'Echoes back the input', parameters: tools[0].parameters } }]);
      assert.deepEqual((body.messages as unknown[]).slice(2), [
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'everything_echo', arguments: { message: 'hi' } } }, { function: { name: 'everything_echo', arguments: {} } }] },
        { role: 'tool', content: 'Echo: hi', tool_name: 'everything_echo' },
        { role: 'tool', content: 'The arguments were not valid JSON.', tool_name: 'everything_echo' },
      ]);
    });

    it('Anthropic: tools with input_schema, tool_use blocks, and one user message holding the round\'s tool_result blocks', () => {
      const body = JSON.parse(buildChatRequest(config('anthropic'), exchange, tools).body) as Record<string, unknown>;
      assert.deepEqual(body.tools, [{ name: 'everything_echo', description: 'Echoes back the input', input_schema: tools[0].parameters }]);
      assert.equal(body.system, 'You are careful.');
      assert.deepEqual(body.messages, [
        { role: 'user', content: 'Echo hi' },
        { role: 'assistant', content: [
          { type: 'tool_use', id: 'call_1', name: 'everything_echo', input: { message: 'hi' } },
          { type: 'tool_use', id: 'call_2', name: 'everything_echo', input: {} },
        ] },
        { role: 'user', content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'Echo: hi' },
          { type: 'tool_result', tool_use_id: 'call_2', content: 'The arguments were not valid JSON.', is_error: true },
        ] },
      ]);
    });

    it('without tools the bodies are as before (no tools key)', () => {
      for (const kind of ['openai', 'ollama', 'anthropic'] as const) {
        const body = JSON.parse(buildChatRequest(config(kind), [{ role: 'user', content: 'hi' }]).body) as Record<string, unknown>;
        assert.equal('tools' in body, false, kind);
        assert.deepEqual(body.messages, [{ role: 'user', content: 'hi' }], kind);
      }
    });
  });

  describe('the fake provider (test/support) speaks tool calls in each format', () => {
    let fake: FakeAiServer;
    before(async () => {
      fake = await FakeAiServer.start();
    });
    after(async () => {
      await fake.close();
    });
    for (const kind of ['openai', 'ollama', 'anthropic'] as const) {
      it(kind, async () => {
        fake.reset();
        fake.script({ chunks: ['Checking.'], toolCalls: [{ name: 'Everything_echo', arguments: { message: 'hé 😀' } }, { name: 'Everything_add', arguments: 'not json', id: 'given-id' }] });
        const result = await streamChat(fake.config(kind), buildChatRequest(fake.config(kind), [{ role: 'user', content: 'hi' }]));
        assert.equal(result.text, 'Checking.');
        assert.equal(result.incomplete, false);
        assert.deepEqual(result.toolCalls, [
          { id: kind === 'openai' ? 'call_1' : kind === 'anthropic' ? 'toolu_1' : 'call_1', name: 'Everything_echo', arguments: '{"message":"hé 😀"}' },
          // Ollama has no ids and sends arguments as they are (here a string, as a model may).
          { id: kind === 'ollama' ? 'call_2' : 'given-id', name: 'Everything_add', arguments: 'not json' },
        ]);
      });
    }
  });

  describe('tool names', () => {
    it('are <server>_<tool>, sanitised to ^[a-zA-Z0-9_-]{1,64}$, unique (case-insensitively) with _2, _3 suffixes, and map back', () => {
      const tools = [
        { serverName: 'Everything', name: 'echo' },
        { serverName: 'everything', name: 'echo' },
        { serverName: 'My Server (prod)', name: 'get.weather/now' },
        { serverName: 'ünïcode', name: '工具' },
        { serverName: 'x'.repeat(80), name: 'long' },
        { serverName: 'x'.repeat(80), name: 'long' },
        { serverName: 'Everything', name: 'echo' },
      ];
      const named = nameTools(tools);
      assert.deepEqual(named.map((n) => n.name), ['Everything_echo', 'everything_echo_2', 'My_Server_prod_get_weather_now', 'n_code_tool', 'x'.repeat(64), `${'x'.repeat(62)}_2`, 'Everything_echo_3']);
      for (const { name } of named) assert.match(name, TOOL_NAME_PATTERN);
      assert.equal(new Set(named.map((n) => n.name.toLowerCase())).size, named.length);
      assert.equal(named[3].tool, tools[3], 'each name maps back to its tool');
    });
  });
});
