// Content out: gzip inflated as a stream with a cap on its output. The cap is checked on every output chunk
// and zlib honours back-pressure (it inflates no further while its 64 KiB output buffer is unread), so a
// decompression bomb is refused after at most cap + one chunk of output — never inflated in full first.
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ContentError } from './errors';

export const INFLATE_CHUNK_BYTES = 64 * 1024;

export interface InflateLimit {
  /** Output beyond this many bytes is refused. */
  maxBytes: number;
  /** The error to throw, given the bytes inflated so far (including the chunk that passed the cap). */
  exceeded: (inflated: number) => Error;
}

/** Inflates the gzip read from `source` (chunks pulled one at a time), yielding output chunks. */
export async function* inflateGuarded(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, limit: InflateLimit): AsyncGenerator<Buffer, void, undefined> {
  // highWaterMark 1: pull one compressed chunk at a time, only when zlib wants more input.
  const input = Readable.from(source, { objectMode: true, highWaterMark: 1 });
  const gunzip = createGunzip({ chunkSize: INFLATE_CHUNK_BYTES });
  // Errors surface through the iteration of gunzip below; the callback only keeps them from being unhandled.
  const output = pipeline(input, gunzip, () => undefined);
  let inflated = 0;
  try {
    for await (const chunk of output as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > limit.maxBytes) throw limit.exceeded(inflated);
      yield chunk;
    }
  } catch (error) {
    throw asContentError(error);
  } finally {
    // Stops zlib and the source at once, whether we finished, failed or the consumer stopped early.
    gunzip.destroy();
    input.destroy();
  }
}

function asContentError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof ContentError || (error as { code?: unknown }).code === undefined) return error;
  const code = String((error as { code?: unknown }).code);
  if (code.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
    return new ContentError('CORRUPT_CONTENT', `The stored content is not valid gzip (${error.message}).`, { zlibCode: code });
  }
  return error;
}
