// A stored log's text with every span not explicitly kept replaced ('pending' counts as redacted: nobody
// reviewed it), streamed piece by piece. The row and its spans are read together when the read starts (the
// compact detections as their compressed chunks, decoded as the text streams), so the text matches the decisions
// as they were at that moment.
import type { ReadContentOptions } from '../../core/model/logFile';
import { StreamingRedactor, type RedactionSpan } from '../../core/pii/redact';
import type { LogFileRow } from '../content/logContent';
import { decodeLogPieces, prepareLogRead } from '../content/logContent';
import type { Database } from '../database';
import { redactionSnapshot } from './spanSource';

export interface RedactedRead {
  row: LogFileRow;
  /** Spans replaced (decision pending or redact). */
  redactedSpans: number;
  pieces: AsyncIterable<string>;
}

export function prepareRedactedRead(db: Database, logFileId: string, options: ReadContentOptions = {}): RedactedRead {
  return db.transaction(() => {
    const read = prepareLogRead(db, logFileId, options);
    const spans = redactionSnapshot(db, read.row.id);
    return { row: read.row, redactedSpans: spans.count, pieces: redactPieces(decodeLogPieces(read.content, read.row.file_name), spans.spans) };
  }, 'deferred');
}

async function* redactPieces(pieces: AsyncIterable<string>, spans: Iterable<RedactionSpan>): AsyncGenerator<string, void, undefined> {
  const stream = new StreamingRedactor(spans);
  for await (const piece of pieces) {
    const out = stream.push(piece);
    if (out) yield out;
  }
  const rest = stream.end();
  if (rest) yield rest;
}
