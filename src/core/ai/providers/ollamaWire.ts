// Ollama's native /api/chat streamed as NDJSON: `{message: {content}, done: false}` a line (a tool request comes
// whole in one line's message.tool_calls[]: {function: {name, arguments: {…} as an object}}, without ids), then a last line with
// `done: true`, done_reason and the counts prompt_eval_count / eval_count. Errors come as `{"error": "…"}`.
import type { LineLimits } from '../stream/lines';
import { readNdjson } from '../stream/ndjson';
import { asCount, asRecord, errorMessageOf, parseChunk, StreamReportedError, type WireEvent } from './wireEvent';

export async function* readOllamaStream(body: ReadableStream<Uint8Array>, limits: LineLimits): AsyncGenerator<WireEvent> {
  for await (const line of readNdjson(body, limits)) {
    const chunk = parseChunk(line);
    if (chunk.error !== undefined && chunk.error !== null) throw new StreamReportedError(errorMessageOf(chunk), false);
    const message = asRecord(chunk.message);
    const content = message?.content;
    if (typeof content === 'string' && content !== '') yield { type: 'text', text: content };
    for (const raw of Array.isArray(message?.tool_calls) ? message.tool_calls : []) {
      const fn = asRecord(asRecord(raw)?.function);
      if (typeof fn?.name !== 'string' || !fn.name) continue;
      const args = typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {});
      yield { type: 'toolCall', name: fn.name, arguments: args };
    }
    if (chunk.done === true) {
      yield { type: 'usage', promptTokens: asCount(chunk.prompt_eval_count), completionTokens: asCount(chunk.eval_count) };
      yield { type: 'finish', limit: chunk.done_reason === 'length' };
      yield { type: 'end' };
      return;
    }
  }
}
