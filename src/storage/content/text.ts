// A log's text as DESIGN.md defines it for PII offsets: its stored bytes decoded as UTF-8, invalid sequences
// replaced by U+FFFD, line endings and a leading byte-order mark kept (so offsets count every code unit).

/** A streaming decoder: feed chunks in order, then end(). Split multi-byte sequences are joined across chunks. */
export class LogTextDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  write(chunk: Uint8Array): string {
    return this.decoder.decode(chunk, { stream: true });
  }
  end(): string {
    return this.decoder.decode();
  }
}

export function decodeLogText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
}
