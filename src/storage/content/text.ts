// A stored log's text (PII offsets count in it): its bytes decoded by src/core/text/logEncoding.ts. Bytes whose
// encoding is refused fail as ContentError UNSUPPORTED_ENCODING naming the log, never as text guessed at.
import { LogEncodingError, LogTextDecoder } from '../../core/text/logEncoding';
import { ContentError } from './errors';

export { decodeLogText, LogTextDecoder } from '../../core/text/logEncoding';
export type { LogEncoding } from '../../core/text/logEncoding';

export function encodingRefused(fileName: string, reason: string): ContentError {
  return new ContentError('UNSUPPORTED_ENCODING', `${fileName} cannot be read as text: ${reason}`, { reason });
}

/** LogTextDecoder whose refusal names the log it was decoding. */
export class NamedLogDecoder {
  private readonly decoder = new LogTextDecoder();
  constructor(private readonly fileName: string) {}

  get encoding() {
    return this.decoder.encoding;
  }
  write(chunk: Uint8Array): string {
    return this.named(() => this.decoder.write(chunk));
  }
  end(): string {
    return this.named(() => this.decoder.end());
  }

  private named(decode: () => string): string {
    try {
      return decode();
    } catch (error) {
      throw error instanceof LogEncodingError ? encodingRefused(this.fileName, error.reason) : error;
    }
  }
}
