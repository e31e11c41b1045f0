// What each wire format's stream comes down to, whatever its shape: text, usage, the model finishing its answer,
// the provider's end of stream. streamChat turns these into StreamEvents and a ChatResult.
export type WireEvent =
  | { type: 'text'; text: string }
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
