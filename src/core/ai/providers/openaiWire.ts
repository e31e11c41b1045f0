// OpenAI-compatible chat completions streamed as server-sent events: `data: {chat.completion.chunk}` with
// choices[0].delta.content (or delta.tool_calls[]: {index, id and function.name in the first piece, then
// function.arguments fragments}), a finish_reason ('tool_calls' when it asks for tools), then
// (stream_options.include_usage) a chunk with empty choices and usage, then `data: [DONE]`. Servers that report errors in the stream send `data: {"error": …}`.
import type { LineLimits } from '../stream/lines';
import { readSse } from '../stream/sse';
import { asCount, asRecord, errorMessageOf, parseChunk, StreamReportedError, ToolCallAssembler, type WireEvent } from './wireEvent';

export async function* readOpenAiStream(body: ReadableStream<Uint8Array>, limits: LineLimits): AsyncGenerator<WireEvent> {
  const tools = new ToolCallAssembler();
  for await (const event of readSse(body, limits)) {
    const data = event.data.trim();
    if (data === '[DONE]') {
      yield* tools.take();
      yield { type: 'end' };
      return;
    }
    const chunk = parseChunk(data);
    if (chunk.error !== undefined && chunk.error !== null) throw new StreamReportedError(errorMessageOf(chunk), false);
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = asRecord(choices[0]);
    const delta = asRecord(choice?.delta);
    const content = delta?.content;
    if (typeof content === 'string' && content !== '') yield { type: 'text', text: content };
    const toolCalls = Array.isArray(delta?.tool_calls) ? delta.tool_calls : [];
    for (const [position, raw] of toolCalls.entries()) {
      const piece = asRecord(raw);
      const fn = asRecord(piece?.function);
      tools.add(typeof piece?.index === 'number' ? piece.index : position, { id: piece?.id, name: fn?.name, arguments: fn?.arguments });
    }
    if (typeof choice?.finish_reason === 'string') {
      yield* tools.take();
      yield { type: 'finish', limit: choice.finish_reason === 'length' };
    }
    const usage = asRecord(chunk.usage);
    if (usage) yield { type: 'usage', promptTokens: asCount(usage.prompt_tokens), completionTokens: asCount(usage.completion_tokens) };
  }
}
