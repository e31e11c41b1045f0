// Server-sent events (the WHATWG event-stream format, as OpenAI and Anthropic stream): lines grouped into events by
// blank lines, `data:` lines joined with "\n", `event:` naming the event, `id:` kept, comments (":") and unknown
// fields ignored. An event the stream ends in the middle of is dropped, as the format says.
import { DEFAULT_MAX_LINE_CHARS, readLines, StreamLimitError, type LineLimits } from './lines';

export interface SseEvent {
  /** `message` when the event has no `event:` line. */
  event: string;
  data: string;
  id?: string;
}

export async function* readSse(body: ReadableStream<Uint8Array>, limits: LineLimits = {}): AsyncGenerator<SseEvent> {
  const maxData = limits.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  let event = '';
  let data: string[] = [];
  let dataChars = 0;
  let id: string | undefined;
  for await (const line of readLines(body, limits)) {
    if (line === '') {
      if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), ...(id !== undefined ? { id } : {}) };
      event = '';
      data = [];
      dataChars = 0;
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      data.push(value);
      dataChars += value.length + 1;
      // Many short data lines must not add up past the line limit either.
      if (dataChars > maxData) throw new StreamLimitError('line', maxData);
    } else if (field === 'event') {
      event = value;
    } else if (field === 'id' && !value.includes('\0')) {
      id = value;
    }
  }
}
