// Anthropic's Messages API streamed as server-sent events: message_start (usage.input_tokens), content blocks whose
// content_block_delta carries text_delta text, message_delta (stop_reason, usage.output_tokens so far),
// message_stop; `ping` keeps the connection alive and `error` reports a failure (e.g. overloaded_error).
import type { LineLimits } from '../stream/lines';
import { readSse } from '../stream/sse';
import { asCount, asRecord, errorMessageOf, parseChunk, StreamReportedError, type WireEvent } from './wireEvent';

export async function* readAnthropicStream(body: ReadableStream<Uint8Array>, limits: LineLimits): AsyncGenerator<WireEvent> {
  for await (const event of readSse(body, limits)) {
    const chunk = parseChunk(event.data);
    const type = typeof chunk.type === 'string' ? chunk.type : event.event;
    switch (type) {
      case 'message_start': {
        const usage = asRecord(asRecord(chunk.message)?.usage);
        if (usage) yield { type: 'usage', promptTokens: asCount(usage.input_tokens) };
        break;
      }
      case 'content_block_start': {
        const block = asRecord(chunk.content_block);
        if (block?.type === 'text' && typeof block.text === 'string' && block.text !== '') yield { type: 'text', text: block.text };
        break;
      }
      case 'content_block_delta': {
        const delta = asRecord(chunk.delta);
        if (delta?.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') yield { type: 'text', text: delta.text };
        break;
      }
      case 'message_delta': {
        const usage = asRecord(chunk.usage);
        if (usage) yield { type: 'usage', completionTokens: asCount(usage.output_tokens), ...(asCount(usage.input_tokens) !== undefined ? { promptTokens: asCount(usage.input_tokens) } : {}) };
        const stop = asRecord(chunk.delta)?.stop_reason;
        if (typeof stop === 'string') yield { type: 'finish', limit: stop === 'max_tokens' };
        break;
      }
      case 'message_stop':
        yield { type: 'end' };
        return;
      case 'error': {
        const kind = asRecord(chunk.error)?.type;
        throw new StreamReportedError(errorMessageOf(chunk), kind === 'overloaded_error' || kind === 'api_error');
      }
      default:
        // ping, content_block_stop and event types added later carry nothing we show.
        break;
    }
  }
}
