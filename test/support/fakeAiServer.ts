// A fake AI provider for tests and benches: node:http on 127.0.0.1 (a free port) speaking the three wire formats
// TRCAA sends to, from scripted replies, recording every request byte for byte. No test framework inside: unit
// tests (mocha), integration tests (the real extension host) and the benches all use it.
//
// Scripting API
//   const fake = await FakeAiServer.start();           // fake.url = http://127.0.0.1:PORT
//   fake.baseUrl('openai')                              // …/v1 (POST /v1/chat/completions, GET /v1/models)
//   fake.baseUrl('ollama') / fake.baseUrl('anthropic')  // … (POST /api/chat, GET /api/tags / POST /v1/messages, GET /v1/models)
//   fake.config('anthropic', { apiKey })                // a ProviderConfig for it (model: fake.models[0])
//   fake.script(reply, reply, …)                        // replies for the next chat requests, in order; when the
//                                                       // queue is empty, fake.defaultReply answers
//   A reply (FakeReply):
//     chunks: ['Hel', 'lo', { text: '!', delayMs: 200 }]   one wire chunk each; delayMs before it (default: reply.delayMs ?? 0)
//     usage: { promptTokens, completionTokens }            reported at the end (default FAKE_USAGE); null: none reported
//     finish: 'stop' | 'length'                            why the model stopped (default 'stop')
//     toolCalls: [{ name, arguments: {…} | 'raw text', id? }]   after the text, the model asks for these tools, in
//                                                       the format's shape (OpenAI: delta.tool_calls fragments and
//                                                       finish_reason tool_calls; Anthropic: tool_use blocks with
//                                                       input_json_delta, stop_reason tool_use; Ollama: message.tool_calls
//                                                       with object arguments, no ids)
//     fault:                                              instead of a normal end:
//       { type: 'status', status: 401|403|404|429|500|…, retryAfter?: '2' | HTTP date, message? }   before any chunk
//       { type: 'cut', afterChunks: n }          the connection is destroyed after n chunks (no end marker)
//       { type: 'malformed', afterChunks: n }    a chunk that is not JSON after n chunks, then the rest as usual
//       { type: 'streamError', afterChunks: n, overloaded?, message? }  the provider's in-stream error event, then end
//       { type: 'hang', afterChunks: n }         stays silent and open after n chunks (until the client leaves)
//       { type: 'oversized', chars: n }          n characters of text ('x') in 16 KiB chunks, then a normal end
//       { type: 'silent' }                       never answers, not even the headers (until the client leaves)
//   fake.models = ['a', 'b']                    served by the model-list endpoints of all three formats
//   fake.modelsFault = { status: 401 }          the model list fails instead
//   fake.requireKey = 'sk-…'                    chat and model requests without this key get the format's 401
//   fake.requests                               every request: method, path, headers, body (Buffer), bodyText,
//                                               format, receivedAt, clientClosed (the client left before the end)
//   fake.chatRequests()                         just the chat requests
//   fake.writes                                 every chunk written: { request, chunk, text, at } (at: epoch ms,
//                                               sub-millisecond, taken just after the write; for latency benches)
//   await fake.waitForRequests(n)               until n requests arrived (rejects after a timeout)
//   fake.reset()                                the queue, the records, modelsFault and requireKey cleared
//   await fake.close()
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ProviderConfig } from '../../src/core/ai/types';

export type FakeWireFormat = 'openai' | 'ollama' | 'anthropic';

export interface FakeChunk {
  text: string;
  /** Wait before writing this chunk, ms. */
  delayMs?: number;
}

export type FakeFault =
  | { type: 'status'; status: number; retryAfter?: string; message?: string }
  | { type: 'cut'; afterChunks: number }
  | { type: 'malformed'; afterChunks: number }
  | { type: 'streamError'; afterChunks: number; overloaded?: boolean; message?: string }
  | { type: 'hang'; afterChunks: number }
  | { type: 'oversized'; chars: number }
  | { type: 'silent' };

export interface FakeReply {
  chunks?: Array<string | FakeChunk>;
  /** Default wait before each chunk, ms. */
  delayMs?: number;
  /** null: the reply reports no usage at all. */
  usage?: { promptTokens: number; completionTokens: number } | null;
  finish?: 'stop' | 'length';
  fault?: FakeFault;
  toolCalls?: FakeToolCall[];
}

export interface FakeToolCall {
  name: string;
  /** An object (as a model writes it), or raw text (to send invalid JSON). */
  arguments: Record<string, unknown> | string;
  /** Default: call_<n> (OpenAI), toolu_<n> (Anthropic); Ollama sends none. */
  id?: string;
}

export interface FakeRequest {
  index: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  bodyText: string;
  /** 'models' for a model list; undefined for a path the fake does not serve. */
  format: FakeWireFormat | 'models' | undefined;
  receivedAt: number;
  clientClosed: boolean;
}

export interface FakeChunkWrite {
  request: number;
  chunk: number;
  text: string;
  at: number;
}

export const FAKE_USAGE = { promptTokens: 123, completionTokens: 45 };

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FakeAiServer {
  /** Replies for the next chat requests, in order. */
  private readonly queue: FakeReply[] = [];
  defaultReply: FakeReply = { chunks: ['Hello', ' from', ' the fake provider.'] };
  models: string[] = ['fake-model', 'fake-model-large'];
  modelsFault: { status: number; retryAfter?: string; message?: string } | undefined;
  requireKey: string | undefined;
  readonly requests: FakeRequest[] = [];
  readonly writes: FakeChunkWrite[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly server: http.Server, readonly url: string) {}

  static async start(): Promise<FakeAiServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeAiServer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => {
      fake.handle(req, res).catch(() => res.destroy());
    });
    return fake;
  }

  baseUrl(format: FakeWireFormat): string {
    return format === 'openai' ? `${this.url}/v1` : this.url;
  }

  config(format: FakeWireFormat, extra: Partial<ProviderConfig> = {}): ProviderConfig {
    return { kind: format, baseUrl: this.baseUrl(format), model: this.models[0] ?? 'fake-model', ...extra };
  }

  script(...replies: FakeReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  chatRequests(): FakeRequest[] {
    return this.requests.filter((r) => r.format !== 'models' && r.format !== undefined);
  }

  async waitForRequests(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) throw new Error(`The fake AI server got ${this.requests.length} requests, not ${count}, within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const done = () => {
          this.waiters.delete(done);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, 50);
        this.waiters.add(done);
      });
    }
  }

  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.writes.length = 0;
    this.modelsFault = undefined;
    this.requireKey = undefined;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    req.socket.setNoDelay(true);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0];
    const route = formatOf(req.method ?? 'GET', path);
    // OpenAI's and Anthropic's model lists share a path; Anthropic's clients send anthropic-version.
    const format: Route = route === 'openaiModels' && req.headers['anthropic-version'] ? 'anthropicModels' : route;
    const record: FakeRequest = {
      index: this.requests.length, method: req.method ?? 'GET', path, headers: req.headers, body, bodyText: body.toString('utf8'),
      format: format === 'anthropicModels' || format === 'openaiModels' || format === 'ollamaModels' ? 'models' : format, receivedAt: now(), clientClosed: false,
    };
    this.requests.push(record);
    for (const wake of [...this.waiters]) wake();
    res.on('close', () => {
      if (!res.writableFinished) record.clientClosed = true;
    });

    if (format === undefined) return sendJson(res, 404, { error: `The fake AI server does not serve ${req.method} ${path}` });
    const wire: FakeWireFormat = format === 'openaiModels' ? 'openai' : format === 'ollamaModels' ? 'ollama' : format === 'anthropicModels' ? 'anthropic' : format;
    if (this.requireKey !== undefined && keyOf(wire, req.headers) !== this.requireKey) {
      return sendStatus(res, wire, 401, undefined, `Incorrect API key provided: ${keyOf(wire, req.headers) ?? '(none)'}`);
    }
    if (format === 'openaiModels' || format === 'ollamaModels' || format === 'anthropicModels') {
      if (this.modelsFault) return sendStatus(res, wire, this.modelsFault.status, this.modelsFault.retryAfter, this.modelsFault.message);
      return sendJson(res, 200, modelList(wire, this.models));
    }

    let request: { model?: string; stream_options?: { include_usage?: boolean } };
    try {
      request = JSON.parse(record.bodyText) as typeof request;
    } catch {
      return sendStatus(res, wire, 400, undefined, 'The request body is not JSON');
    }
    const reply = this.queue.shift() ?? this.defaultReply;
    if (reply.fault?.type === 'silent') {
      await new Promise<void>((resolve) => res.once('close', resolve));
      return;
    }
    if (reply.fault?.type === 'status') {
      return sendStatus(res, wire, reply.fault.status, reply.fault.retryAfter, reply.fault.message ?? defaultStatusMessage(reply.fault.status, request.model));
    }
    await this.stream(res, wire, record.index, reply, request.model ?? 'fake-model', request.stream_options?.include_usage === true);
  }

  private async stream(res: http.ServerResponse, wire: FakeWireFormat, requestIndex: number, reply: FakeReply, model: string, openAiUsage: boolean): Promise<void> {
    const writer = new WireWriter(wire, model);
    res.writeHead(200, { 'content-type': wire === 'ollama' ? 'application/x-ndjson' : 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    res.write(writer.start(reply.usage === undefined ? FAKE_USAGE : reply.usage));
    const fault = reply.fault;
    const texts: FakeChunk[] = fault?.type === 'oversized'
      ? Array.from({ length: Math.ceil(fault.chars / 16_384) }, (_, i) => ({ text: 'x'.repeat(Math.min(16_384, fault.chars - i * 16_384)) }))
      : (reply.chunks ?? []).map((c) => (typeof c === 'string' ? { text: c } : c));
    let written = 0;
    for (const [index, chunk] of texts.entries()) {
      if (fault && 'afterChunks' in fault && fault.afterChunks === index) {
        const stop = await this.fault(res, writer, fault);
        if (stop) return;
      }
      const delay = chunk.delayMs ?? reply.delayMs ?? 0;
      if (delay > 0) await sleep(delay);
      if (res.destroyed) return;
      const flushed = res.write(writer.text(chunk.text));
      this.writes.push({ request: requestIndex, chunk: index, text: chunk.text, at: now() });
      // Like a real server, wait while the client is not reading (until it reads on, or leaves).
      if (!flushed) await drainedOrClosed(res);
      written++;
    }
    if (fault && 'afterChunks' in fault && fault.afterChunks >= written) {
      const stop = await this.fault(res, writer, fault);
      if (stop) return;
    }
    if (res.destroyed) return;
    res.end(writer.end(reply.finish ?? 'stop', reply.usage === undefined ? FAKE_USAGE : reply.usage, openAiUsage, reply.toolCalls ?? []));
  }

  /** Plays a mid-stream fault; true when the reply ends there. */
  private async fault(res: http.ServerResponse, writer: WireWriter, fault: FakeFault): Promise<boolean> {
    switch (fault.type) {
      case 'cut':
        // Let the chunks already written leave before the connection drops mid-stream.
        await sleep(20);
        res.socket?.destroy();
        return true;
      case 'malformed':
        res.write(writer.malformed());
        return false;
      case 'streamError':
        res.end(writer.error(fault.message ?? 'Overloaded', fault.overloaded ?? false));
        return true;
      case 'hang':
        await new Promise<void>((resolve) => res.once('close', resolve));
        return true;
      default:
        return false;
    }
  }
}

function drainedOrClosed(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

type Route = FakeWireFormat | 'openaiModels' | 'ollamaModels' | 'anthropicModels' | undefined;

function formatOf(method: string, path: string): Route {
  if (method === 'POST' && path.endsWith('/chat/completions')) return 'openai';
  if (method === 'POST' && path === '/api/chat') return 'ollama';
  if (method === 'POST' && path === '/v1/messages') return 'anthropic';
  if (method === 'GET' && path === '/api/tags') return 'ollamaModels';
  if (method === 'GET' && path === '/v1/models') return 'openaiModels';
  return undefined;
}

function keyOf(wire: FakeWireFormat, headers: http.IncomingHttpHeaders): string | undefined {
  if (wire === 'anthropic') return typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined;
  const auth = headers.authorization;
  return typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
}

function modelList(wire: FakeWireFormat, models: string[]): unknown {
  if (wire === 'ollama') return { models: models.map((name) => ({ name, model: name, size: 1, details: { family: 'fake' } })) };
  if (wire === 'anthropic') {
    return { data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })), has_more: false, first_id: models[0] ?? null, last_id: models.at(-1) ?? null };
  }
  return { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) };
}

function defaultStatusMessage(status: number, model: string | undefined): string {
  if (status === 401 || status === 403) return 'Invalid authentication';
  if (status === 404) return `model "${model ?? ''}" not found`;
  if (status === 429) return 'Rate limit reached for requests';
  if (status >= 500) return 'The server had an error while processing your request';
  return 'Bad request';
}

const anthropicErrorTypes: Record<number, string> = {
  400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error',
};

function sendStatus(res: http.ServerResponse, wire: FakeWireFormat, status: number, retryAfter: string | undefined, message = defaultStatusMessage(status, undefined)): void {
  if (retryAfter !== undefined) res.setHeader('retry-after', retryAfter);
  // A redirect points elsewhere on the fake, so that a client following it is seen doing so.
  if (status >= 300 && status < 400) res.setHeader('location', '/redirected');
  const body = wire === 'ollama'
    ? { error: message }
    : wire === 'anthropic'
      ? { type: 'error', error: { type: anthropicErrorTypes[status] ?? 'api_error', message } }
      : { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'invalid_request_error', code: null } };
  sendJson(res, status, body);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
  res.end(bytes);
}

/** The bytes of each wire format, shaped as the real providers send them. */
class WireWriter {
  private readonly id = `fake-${Math.random().toString(36).slice(2, 10)}`;
  constructor(private readonly wire: FakeWireFormat, private readonly model: string) {}

  start(usage: FakeReply['usage']): string {
    if (this.wire === 'openai') return this.data({ ...this.openAiChunk(), choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    if (this.wire === 'anthropic') {
      return this.event('message_start', {
        type: 'message_start',
        message: { id: this.id, type: 'message', role: 'assistant', content: [], model: this.model, stop_reason: null, stop_sequence: null, ...(usage ? { usage: { input_tokens: usage.promptTokens, output_tokens: 1 } } : {}) },
      }) + this.event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) + this.event('ping', { type: 'ping' });
    }
    return '';
  }

  text(text: string): string {
    if (this.wire === 'openai') return this.data({ ...this.openAiChunk(), choices: [{ index: 0, delta: { content: text }, finish_reason: null }] });
    if (this.wire === 'anthropic') return this.event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
    return `${JSON.stringify({ model: this.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: text }, done: false })}\n`;
  }

  end(finish: 'stop' | 'length', usage: FakeReply['usage'], openAiUsage: boolean, calls: FakeToolCall[] = []): string {
    const argumentText = (call: FakeToolCall) => (typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments));
    // Arguments arrive in pieces, as the vendors stream them.
    const pieces = (text: string) => (text.length < 2 ? [text] : [text.slice(0, Math.ceil(text.length / 2)), text.slice(Math.ceil(text.length / 2))]);
    if (this.wire === 'openai') {
      const tools = calls
        .map((call, index) => {
          const [first = '', ...rest] = pieces(argumentText(call));
          return this.data({ ...this.openAiChunk(), choices: [{ index: 0, delta: { tool_calls: [{ index, id: call.id ?? `call_${index + 1}`, type: 'function', function: { name: call.name, arguments: '' } }] }, finish_reason: null }] })
            + [first, ...rest].map((piece) => this.data({ ...this.openAiChunk(), choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: piece } }] }, finish_reason: null }] })).join('');
        })
        .join('');
      const final = tools + this.data({ ...this.openAiChunk(), choices: [{ index: 0, delta: {}, finish_reason: calls.length ? 'tool_calls' : finish }] });
      const report = usage && openAiUsage
        ? this.data({ ...this.openAiChunk(), choices: [], usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens } })
        : '';
      return `${final}${report}data: [DONE]\n\n`;
    }
    if (this.wire === 'anthropic') {
      const tools = calls
        .map((call, i) => {
          const index = i + 1;
          return this.event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id ?? `toolu_${index}`, name: call.name, input: {} } })
            + pieces(argumentText(call)).map((partial) => this.event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partial } })).join('')
            + this.event('content_block_stop', { type: 'content_block_stop', index });
        })
        .join('');
      const stop = calls.length ? 'tool_use' : finish === 'length' ? 'max_tokens' : 'end_turn';
      return this.event('content_block_stop', { type: 'content_block_stop', index: 0 })
        + tools
        + this.event('message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, ...(usage ? { usage: { output_tokens: usage.completionTokens } } : {}) })
        + this.event('message_stop', { type: 'message_stop' });
    }
    const tools = calls.length
      ? `${JSON.stringify({
          model: this.model, created_at: new Date().toISOString(), done: false,
          message: { role: 'assistant', content: '', tool_calls: calls.map((call) => ({ function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : call.arguments } })) },
        })}\n`
      : '';
    return `${tools}${JSON.stringify({
      model: this.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '' }, done: true, done_reason: finish,
      total_duration: 1000, ...(usage ? { prompt_eval_count: usage.promptTokens, eval_count: usage.completionTokens } : {}),
    })}\n`;
  }

  malformed(): string {
    if (this.wire === 'ollama') return '{"message":{"role":"assistant","content":"trunc\n';
    const broken = 'data: {"choices":[{"delta":{"content":"trunc\n\n';
    return this.wire === 'anthropic' ? `event: content_block_delta\n${broken}` : broken;
  }

  error(message: string, overloaded: boolean): string {
    if (this.wire === 'ollama') return `${JSON.stringify({ error: message })}\n`;
    if (this.wire === 'anthropic') return this.event('error', { type: 'error', error: { type: overloaded ? 'overloaded_error' : 'invalid_request_error', message } });
    return this.data({ error: { message, type: overloaded ? 'server_error' : 'invalid_request_error' } });
  }

  private openAiChunk() {
    return { id: this.id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: this.model };
  }

  private data(value: unknown): string {
    return `data: ${JSON.stringify(value)}\n\n`;
  }

  private event(name: string, value: unknown): string {
    return `event: ${name}\ndata: ${JSON.stringify(value)}\n\n`;
  }
}
