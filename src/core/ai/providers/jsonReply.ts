// A whole JSON reply from a server that ignored `stream: true` (some gateways and proxies do): the same events as a
// stream, all at once. Ollama needs none of this: its non-streamed reply is one NDJSON line with `done: true`.
import { readLines, type LineLimits } from '../stream/lines';
import { asCount, asRecord, errorMessageOf, MalformedChunkError, parseChunk, StreamReportedError, type WireEvent } from './wireEvent';

export async function* readJsonReply(kind: 'openai' | 'anthropic', body: ReadableStream<Uint8Array>, limits: LineLimits): AsyncGenerator<WireEvent> {
  const lines: string[] = [];
  for await (const line of readLines(body, limits)) lines.push(line);
  const reply = parseChunk(lines.join('\n'));
  if (reply.error !== undefined && reply.error !== null) throw new StreamReportedError(errorMessageOf(reply), false);
  if (kind === 'openai') {
    const choice = asRecord(Array.isArray(reply.choices) ? reply.choices[0] : undefined);
    const content = asRecord(choice?.message)?.content;
    if (typeof content !== 'string') throw new MalformedChunkError();
    if (content) yield { type: 'text', text: content };
    const usage = asRecord(reply.usage);
    if (usage) yield { type: 'usage', promptTokens: asCount(usage.prompt_tokens), completionTokens: asCount(usage.completion_tokens) };
    yield { type: 'finish', limit: choice?.finish_reason === 'length' };
  } else {
    if (!Array.isArray(reply.content)) throw new MalformedChunkError();
    const text = reply.content.map((block) => asRecord(block)).filter((block) => block?.type === 'text' && typeof block.text === 'string').map((block) => block?.text as string).join('');
    if (text) yield { type: 'text', text };
    const usage = asRecord(reply.usage);
    if (usage) yield { type: 'usage', promptTokens: asCount(usage.input_tokens), completionTokens: asCount(usage.output_tokens) };
    yield { type: 'finish', limit: reply.stop_reason === 'max_tokens' };
  }
  yield { type: 'end' };
}
