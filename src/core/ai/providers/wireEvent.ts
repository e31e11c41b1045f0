// What each wire format's stream comes down to, whatever its shape: text, usage, the model finishing its answer,
// the provider's end of stream. streamChat turns these into StreamEvents and a ChatResult.
export type WireEvent =
  | { type: 'text'; text: string }
  /** A whole tool call, once its arguments are complete; `id` absent when the format has none (Ollama). */
  | { type: 'toolCall'; id?: string; name: string; arguments: string }
  /** Counts as the provider reports them; a later report replaces an earlier one field by field. */
  | { type: 'usage'; promptTokens?: number; completionTokens?: number }
  /** The model ended its answer; `limit` when it stopped at its output token limit rather than by choice. */
  | { type: 'finish'; limit: boolean }
  /** The provider's own end of stream ([DONE], message_stop, done: true). */
  | { type: 'end' };

/** An error the provider reported inside the stream (after a 200). */
export class StreamReportedError extends Error {
  constructor(readonly detail: string, readonly overloaded: boolean) {
    super('The provider reported an error in the stream');
    this.name = 'StreamReportedError';
  }
}

/** Thrown for a chunk that is not JSON or not the expected shape; streamChat words it for the user. */
export class MalformedChunkError extends Error {
  constructor() {
    super('A chunk of the reply is not valid JSON');
    this.name = 'MalformedChunkError';
  }
}

export function parseChunk(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedChunkError();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MalformedChunkError();
  return value as Record<string, unknown>;
}

export const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

export const asCount = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;

/** The message in `{error: {message}}`, `{error: "…"}` or `{message}`, whichever the provider uses. */
export function errorMessageOf(value: Record<string, unknown>): string {
  const error = value.error;
  if (typeof error === 'string') return error;
  const inner = asRecord(error);
  if (inner && typeof inner.message === 'string') return inner.message;
  if (typeof value.message === 'string') return value.message;
  return 'unknown error';
}

/** Tool calls streamed in pieces (OpenAI's by index, Anthropic's by content block): whole once the stream says so. */
export class ToolCallAssembler {
  private readonly calls = new Map<number, { id?: string; name: string; parts: string[] }>();

  add(index: number, piece: { id?: unknown; name?: unknown; arguments?: unknown }): void {
    let call = this.calls.get(index);
    if (!call) {
      call = { name: '', parts: [] };
      this.calls.set(index, call);
    }
    if (typeof piece.id === 'string' && piece.id) call.id = piece.id;
    if (typeof piece.name === 'string' && piece.name && !call.name) call.name = piece.name;
    if (typeof piece.arguments === 'string') call.parts.push(piece.arguments);
  }

  /** The call at `index` (Anthropic's content_block_stop), or every call so far, in index order; forgotten once taken. */
  take(index?: number): Extract<WireEvent, { type: 'toolCall' }>[] {
    const indexes = index === undefined ? [...this.calls.keys()].sort((a, b) => a - b) : this.calls.has(index) ? [index] : [];
    const out: Extract<WireEvent, { type: 'toolCall' }>[] = [];
    for (const i of indexes) {
      const call = this.calls.get(i) as { id?: string; name: string; parts: string[] };
      this.calls.delete(i);
      if (!call.name) continue;
      out.push({ type: 'toolCall', ...(call.id ? { id: call.id } : {}), name: call.name, arguments: call.parts.join('') || '{}' });
    }
    return out;
  }
}
