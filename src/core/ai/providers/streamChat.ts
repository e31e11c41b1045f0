// One chat request, streamed: POSTs exactly the body the egress gate built (never rebuilt or touched here), with
// the key added to the headers at send time; emits each piece of text as it arrives; and ends with the whole
// answer and its token usage. Whatever arrived is never thrown away: a stream that is cut, stopped, silent for too
// long, malformed or over the size limit after some text resolves with that text marked incomplete. A failure
// before any text throws an AiProviderError (after the retries: 429 honouring Retry-After, one more try on a 5xx
// or a lost connection).
import { StreamLimitError, type LineLimits } from '../stream/lines';
import type { ChatResult, ProviderConfig, StreamEvent, ToolCall } from '../types';
import { readAnthropicStream } from './anthropicWire';
import { AiProviderError, closedError, hostOf, isAiProviderError, malformedError, safeDetail } from './errors';
import { openResponse, type FetchLike } from './http';
import { readJsonReply } from './jsonReply';
import { resolveLimits, type ProviderLimits } from './limits';
import { readOllamaStream } from './ollamaWire';
import { readOpenAiStream } from './openaiWire';
import { headersFor, type ChatRequest } from './request';
import { RequestControl } from './requestControl';
import { withRetries, type RetryInfo } from './retry';
import { finalUsage, promptTextOf, type ReportedUsage } from './usage';
import { MalformedChunkError, StreamReportedError, type WireEvent } from './wireEvent';

export interface StreamChatOptions {
  /** Stop: the answer so far is kept (incomplete), or AiProviderError 'cancelled' if nothing arrived yet. */
  signal?: AbortSignal;
  /** Text as it arrives, then the usage once at the end. Called synchronously as each chunk is read. */
  onEvent?: (event: StreamEvent) => void;
  /** Before each wait for a retry (e.g. to show "rate limited, retrying in 5 s"). */
  onRetry?: (info: RetryInfo) => void;
  /** fetch itself unless given (tests, a proxy-aware fetch). */
  fetch?: FetchLike;
  limits?: Partial<ProviderLimits>;
}

type WireReader = (body: ReadableStream<Uint8Array>, limits: LineLimits) => AsyncGenerator<WireEvent>;

const readers: Record<Exclude<ProviderConfig['kind'], 'vscode'>, WireReader> = {
  openai: readOpenAiStream,
  ollama: readOllamaStream,
  anthropic: readAnthropicStream,
};

export async function streamChat(config: ProviderConfig, request: ChatRequest, options: StreamChatOptions = {}): Promise<ChatResult> {
  if (config.kind === 'vscode') throw new Error('VS Code language models are called through vscode.lm, not streamChat');
  const limits = resolveLimits(config.timeoutMs, options.limits);
  return withRetries(() => attempt(config, request, options, limits, readers[config.kind as keyof typeof readers]), limits, options.signal, options.onRetry);
}

async function attempt(config: ProviderConfig, request: ChatRequest, options: StreamChatOptions, limits: ProviderLimits, read: WireReader): Promise<ChatResult> {
  const control = new RequestControl(request.url, options.signal);
  const parts: string[] = [];
  const toolCalls: ToolCall[] = [];
  let chars = 0;
  const usage: ReportedUsage = {};
  let finished: { limit: boolean } | undefined;
  let ended = false;
  let incompleteReason: string | undefined;
  try {
    const response = await openResponse({
      config, url: request.url, method: 'POST', headers: headersFor(config), body: request.body, control, timeoutMs: limits.timeoutMs, fetch: options.fetch,
    });
    if (!response.body) throw closedError(request.url);
    // Until the first chunk the answer timeout still runs; after each chunk, the idle timeout.
    const lineLimits: LineLimits = {
      maxLineChars: limits.maxEventChars,
      maxTotalChars: limits.maxReplyChars * 64 + limits.maxEventChars,
      onChunk: () => control.arm(limits.idleTimeoutMs, 'idle'),
    };
    // A server that ignored `stream: true` answers with one JSON document instead.
    const whole = config.kind !== 'ollama' && /^application\/json\b/i.test(response.headers.get('content-type') ?? '');
    const events = whole ? readJsonReply(config.kind as 'openai' | 'anthropic', response.body, lineLimits) : read(response.body, lineLimits);
    try {
      for (;;) {
        let next: IteratorResult<WireEvent>;
        try {
          next = await events.next();
        } catch (error) {
          // The model had finished its answer: only the usage or the end marker is missing.
          if (finished && (chars > 0 || toolCalls.length > 0)) break;
          const failure = streamFailure(error, control, config, request);
          if (chars === 0 && toolCalls.length === 0) throw failure.error;
          incompleteReason = failure.reason;
          break;
        }
        if (next.done) break;
        const event = next.value;
        if (event.type === 'text') {
          const room = limits.maxReplyChars - chars;
          const text = event.text.length > room ? event.text.slice(0, room) : event.text;
          if (text) {
            parts.push(text);
            chars += text.length;
            options.onEvent?.({ type: 'text', text });
          }
          if (event.text.length > room) {
            incompleteReason = `The answer passed the limit of ${limits.maxReplyChars.toLocaleString('en-US')} characters and was cut there.`;
            break;
          }
        } else if (event.type === 'toolCall') {
          // Ollama names no ids: the tool results must still say which call they answer.
          const call: ToolCall = { id: event.id ?? `call_${toolCalls.length + 1}`, name: event.name, arguments: event.arguments };
          toolCalls.push(call);
          options.onEvent?.({ type: 'toolCall', call });
        } else if (event.type === 'usage') {
          if (event.promptTokens !== undefined) usage.promptTokens = event.promptTokens;
          if (event.completionTokens !== undefined) usage.completionTokens = event.completionTokens;
        } else if (event.type === 'finish') {
          finished = { limit: event.limit };
        } else {
          ended = true;
        }
      }
    } finally {
      // Stops reading (and closes the connection) if we left the loop before the stream ended.
      await events.return(undefined).catch(() => undefined);
    }
    if (incompleteReason === undefined && !ended && !finished) {
      if (chars === 0 && toolCalls.length === 0) throw closedError(request.url);
      incompleteReason = 'The connection closed before the answer was complete.';
    }
    if (incompleteReason === undefined && finished?.limit) incompleteReason = 'The model reached its output token limit before finishing.';
  } finally {
    control.dispose();
  }
  const text = parts.join('');
  const result: ChatResult = { text, usage: finalUsage(usage, request.body, text), incomplete: incompleteReason !== undefined };
  if (incompleteReason !== undefined) result.incompleteReason = incompleteReason;
  if (toolCalls.length > 0) result.toolCalls = toolCalls;
  options.onEvent?.({ type: 'usage', usage: result.usage });
  return result;
}

/** Why reading the stream failed: the error to throw if nothing arrived yet, the reason to record if some did. */
function streamFailure(error: unknown, control: RequestControl, config: ProviderConfig, request: ChatRequest): { error: AiProviderError; reason: string } {
  const stopped = control.stopped();
  if (stopped) return { error: stopped, reason: stopped.kind === 'cancelled' ? 'Stopped before the answer was complete.' : stopped.message };
  if (error instanceof StreamLimitError) {
    const tooLarge = new AiProviderError('tooLarge', `The AI provider at ${hostOf(request.url)} sent a reply over the size limit (${error.chars.toLocaleString('en-US')} characters).`);
    return { error: tooLarge, reason: tooLarge.message };
  }
  if (error instanceof MalformedChunkError) {
    return { error: malformedError(request.url), reason: 'The provider sent a malformed reply; the answer stops there.' };
  }
  if (error instanceof StreamReportedError) {
    const detail = safeDetail(error.detail, { apiKey: config.apiKey, requestText: promptTextOf(request.body) });
    const message = `The AI provider at ${hostOf(request.url)} reported an error${detail ? `: “${detail}”` : ''}.`;
    return { error: new AiProviderError(error.overloaded ? 'server' : 'badRequest', message), reason: message };
  }
  if (isAiProviderError(error)) return { error, reason: error.message };
  return { error: closedError(request.url), reason: 'The connection closed before the answer was complete.' };
}
