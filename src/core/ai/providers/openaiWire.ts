// OpenAI-compatible chat completions streamed as server-sent events: `data: {chat.completion.chunk}` with
// choices[0].delta.content, a finish_reason, then (stream_options.include_usage) a chunk with empty choices and
// usage, then `data: [DONE]`. Servers that report errors in the stream send `data: {"error": …}`.
import type { LineLimits } from '../stream/lines';
import { readSse } from '../stream/sse';
import { asCount, asRecord, errorMessageOf, parseChunk, StreamReportedError, type WireEvent } from './wireEvent';

export async function* readOpenAiStream(body: ReadableStream<Uint8Array>, limits: LineLimits): AsyncGenerator<WireEvent> {
  for await (const event of readSse(body, limits)) {
    const data = event.data.trim();
    if (data === '[DONE]') {
      yield { type: 'end' };
      return;
    }
    const chunk = parseChunk(data);
    if (chunk.error !== undefined && chunk.error !== null) throw new StreamReportedError(errorMessageOf(chunk), false);
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = asRecord(choices[0]);
    const content = asRecord(choice?.delta)?.content;
    if (typeof content === 'string' && content !== '') yield { type: 'text', text: content };
    if (typeof choice?.finish_reason === 'string') yield { type: 'finish', limit: choice.finish_reason === 'length' };
    const usage = asRecord(chunk.usage);
    if (usage) yield { type: 'usage', promptTokens: asCount(usage.prompt_tokens), completionTokens: asCount(usage.completion_tokens) };
  }
}
