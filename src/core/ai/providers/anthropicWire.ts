// Anthropic's Messages API streamed as server-sent events: message_start (usage.input_tokens), content blocks whose
// content_block_delta carries text_delta text (or, in a tool_use block {id, name}, input_json_delta partial_json
// fragments of its input, whole at content_block_stop), message_delta (stop_reason, usage.output_tokens so far),
// message_stop; `ping` keeps the connection alive and `error` reports a failure (e.g. overloaded_error).
import type { LineLimits } from '../stream/lines';
import { readSse } from '../stream/sse';
import { asCount, asRecord, errorMessageOf, parseChunk, StreamReportedError, ToolCallAssembler, type WireEvent } from './wireEvent';

export async function* readAnthropicStream(body: ReadableStream<Uint8Array>, limits: LineLimits): AsyncGenerator<WireEvent> {
  const tools = new ToolCallAssembler();
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
        if (block?.type === 'tool_use') {
          // The input comes as input_json_delta pieces; a non-empty input here is the whole of it.
          const input = asRecord(block.input);
          tools.add(blockIndex(chunk), { id: block.id, name: block.name, ...(input && Object.keys(input).length ? { arguments: JSON.stringify(input) } : {}) });
        }
        break;
      }
      case 'content_block_delta': {
        const delta = asRecord(chunk.delta);
        if (delta?.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') yield { type: 'text', text: delta.text };
        if (delta?.type === 'input_json_delta') tools.add(blockIndex(chunk), { arguments: delta.partial_json });
        break;
      }
      case 'content_block_stop':
        yield* tools.take(blockIndex(chunk));
        break;
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
        // ping and event types added later carry nothing we show.
        break;
    }
  }
}

const blockIndex = (chunk: Record<string, unknown>): number => (typeof chunk.index === 'number' ? chunk.index : 0);
