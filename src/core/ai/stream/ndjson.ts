// Newline-delimited JSON (Ollama's stream): one JSON value a line. Yields each non-blank line's text; the caller
// parses it, so that a malformed line is reported as a malformed reply with the text received so far kept.
import { readLines, type LineLimits } from './lines';

export async function* readNdjson(body: ReadableStream<Uint8Array>, limits: LineLimits = {}): AsyncGenerator<string> {
  for await (const line of readLines(body, limits)) {
    if (line.trim() !== '') yield line;
  }
}
