// A stored log's content as a stream: the row checked at once (a missing log fails at open), the gzip read in
// windows (or chunk rows: contentChunks.ts) and inflated lazily with a decompression-bomb guard, and — for PII
// work — decoded to the log's text.
import type { ReadContentOptions } from '../../core/model/logFile';
import { idSchema, readContentOptionsSchema } from '../../core/model/logFile';
import type { Database } from '../database';
import { blobWindows } from './blobWindows';
import { chunkedSize, readChunks } from './contentChunks';
import { ContentError, parseInput } from './errors';
import { inflateGuarded } from './inflate';
import { NamedLogDecoder } from './text';

/** Read-back may exceed the recorded size by this much before it counts as a bomb (a row's size is exact for our rows). */
export const BOMB_MARGIN_BYTES = 64 * 1024;
/** Default absolute cap of a streamed read: what any one log may inflate to, whatever its row says. */
export const DEFAULT_MAX_READ_BYTES = 4 * 1024 * 1024 * 1024;

/** The columns every list of logs has (the table, and the seed's view v_log_files_with_issue). */
export interface LogFileBaseRow {
  id: string;
  issue_id: string;
  file_name: string;
  file_path: string;
  file_size: number | null;
  mime_type: string | null;
  content_hash: string | null;
  uploaded_at: string;
  redacted: number | null;
}

export interface LogFileRow extends LogFileBaseRow {
  compressed_size: number | null;
}

/** A large log's gzip is in chunks (contentChunks.ts): its size is theirs. */
export const LOG_COLUMNS = `id, issue_id, file_name, file_path, file_size, mime_type, content_hash, uploaded_at, redacted,
  coalesce(length(content_compressed), (SELECT sum(length(data)) FROM log_content_chunks c WHERE c.log_file_id = log_files.id)) AS compressed_size`;

export interface PreparedRead {
  row: LogFileRow;
  compressedSize: number;
  content: AsyncIterable<Uint8Array>;
}

export function logNotFound(id: string): ContentError {
  return new ContentError('NOT_FOUND', `No log file ${id}: it may have been deleted.`, { id });
}

export function logTooLarge(row: LogFileRow, maxBytes: number, inflated?: number): ContentError {
  const size = inflated === undefined ? `it has ${row.file_size} bytes` : `stopped after ${inflated} bytes`;
  return new ContentError(
    'CONTENT_TOO_LARGE',
    `${row.file_name} is larger than the ${maxBytes} bytes this read allows (${size}).`,
    { id: row.id, limit: maxBytes, recordedSize: row.file_size, ...(inflated === undefined ? {} : { inflated }) },
  );
}

/** Checks the row now (so a missing log fails at open); the content itself is read lazily. */
export function prepareLogRead(db: Database, id: string, options: ReadContentOptions = {}): PreparedRead {
  const logId = parseInput(idSchema, id, 'log file id');
  const { maxBytes = DEFAULT_MAX_READ_BYTES } = parseInput(readContentOptionsSchema, options, 'read options');
  const row = db.get<LogFileRow & { kind: string }>(`SELECT ${LOG_COLUMNS}, typeof(content_compressed) AS kind FROM log_files WHERE id = ?`, [logId]);
  if (!row) throw logNotFound(logId);
  if (row.compressed_size === null) {
    throw new ContentError('NO_CONTENT', `${row.file_name} was attached before TRCAA kept log contents; it can only be read from ${row.file_path}.`, { id: logId, filePath: row.file_path });
  }
  const chunked = row.kind === 'null' ? chunkedSize(db, logId) : undefined;
  if (row.kind !== 'blob' && !chunked) throw new ContentError('CORRUPT_CONTENT', `The stored content of ${row.file_name} is not gzip data.`, { id: logId });
  // The recorded size is the first guard; without one (legacy rows) only the absolute cap applies.
  const bombCap = row.file_size === null ? Infinity : row.file_size + BOMB_MARGIN_BYTES;
  const cap = Math.min(bombCap, maxBytes);
  const compressedSize = row.compressed_size;
  const gzip = chunked
    ? readChunks(db, logId, chunked.chunks, chunked.size)
    : blobWindows(db, { table: 'log_files', column: 'content_compressed', id: logId, size: compressedSize });
  const content = inflateGuarded(gzip, {
    maxBytes: cap,
    exceeded: (inflated) =>
      bombCap <= maxBytes
        ? new ContentError(
            'DECOMPRESSION_BOMB',
            `${row.file_name} was refused: its stored content inflates beyond its recorded size of ${row.file_size} bytes (stopped after ${inflated} bytes). It may be a decompression bomb.`,
            { id: logId, recordedSize: row.file_size, inflated },
          )
        : logTooLarge(row, maxBytes, inflated),
  });
  return { row, compressedSize, content };
}

/**
 * Decodes byte chunks to the log's text (by its byte-order mark, invalid sequences as U+FFFD: core/text/
 * logEncoding.ts), piece by piece; bytes whose encoding cannot be told fail as UNSUPPORTED_ENCODING naming `fileName`.
 */
export async function* decodeLogPieces(content: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<string, void, undefined> {
  const decoder = new NamedLogDecoder(fileName);
  for await (const chunk of content) {
    const piece = decoder.write(chunk);
    if (piece) yield piece;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
