// One range of a stored log's text, read by streaming the decoded text up to its end: only the range itself is
// kept, so a range near the end of a huge log costs time, never memory.
import { ContentError } from '../content/errors';
import { decodeLogPieces, prepareLogRead } from '../content/logContent';
import type { Database } from '../database';

export async function readTextRange(db: Database, logFileId: string, start: number, end: number): Promise<string> {
  const read = prepareLogRead(db, logFileId);
  const parts: string[] = [];
  let offset = 0;
  for await (const piece of decodeLogPieces(read.content, read.row.file_name)) {
    const pieceEnd = offset + piece.length;
    if (pieceEnd > start && offset < end) parts.push(piece.slice(Math.max(0, start - offset), Math.min(piece.length, end - offset)));
    offset = pieceEnd;
    if (offset >= end) return parts.join(''); // leaving the loop stops the inflation
  }
  throw new ContentError('INVALID_RANGE', `The range ${start}–${end} ends beyond the text of ${read.row.file_name} (${offset} characters).`, { id: read.row.id, start, end, length: offset });
}
