// Log files: gzip content in the database, streamed read-back with a decompression-bomb guard.
import path from 'node:path';
import type { ContentReadHandle, InsertLogResult, LogContentMeta, LogFile, LogFileMeta, ReadContentOptions } from '../../core/model/logFile';
import {
  absolutePathSchema,
  idSchema,
  logContentMetaSchema,
  logFileMetaSchema,
  MAX_IN_MEMORY_LOG_BYTES,
  readContentOptionsSchema,
} from '../../core/model/logFile';
import { sqlTimestamp } from '../clock';
import { blobWindows } from '../content/blobWindows';
import { ContentError, parseInput } from '../content/errors';
import type { CompressOptions, Compressed } from '../content/gzip';
import { cancelledError, compressBytes, compressFile, isCancelled } from '../content/gzip';
import { inflateGuarded } from '../content/inflate';
import { sniffLogMime } from '../content/mime';
import { ContentReaders } from '../content/readHandles';
import { LogTextDecoder } from '../content/text';
import { newId } from '../ids';
import type { RepositoryContext } from './context';

/** Read-back may exceed the recorded size by this much before it counts as a bomb (a row's size is exact for our rows). */
export const BOMB_MARGIN_BYTES = 64 * 1024;
/** Default absolute cap of a streamed read: what any one log may inflate to, whatever its row says. */
export const DEFAULT_MAX_READ_BYTES = 4 * 1024 * 1024 * 1024;
/** Default cap of contentText(): the text is built in memory. */
export const DEFAULT_MAX_TEXT_BYTES = 64 * 1024 * 1024;

export type InsertFileOptions = CompressOptions;

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

interface LogFileRow extends LogFileBaseRow {
  compressed_size: number | null;
}

const COLUMNS = 'id, issue_id, file_name, file_path, file_size, mime_type, content_hash, uploaded_at, redacted, length(content_compressed) AS compressed_size';

export const logFileFields = (row: LogFileBaseRow): Omit<LogFile, 'compressedSize'> => ({
  id: row.id,
  issueId: row.issue_id,
  fileName: row.file_name,
  filePath: row.file_path,
  fileSize: row.file_size,
  mimeType: row.mime_type,
  contentHash: row.content_hash,
  uploadedAt: row.uploaded_at,
  redacted: row.redacted === 1,
});

const toLogFile = (row: LogFileRow): LogFile => ({ ...logFileFields(row), compressedSize: row.compressed_size });

interface PreparedRead {
  row: LogFileRow;
  compressedSize: number;
  content: AsyncIterable<Uint8Array>;
}

const MiB = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

export class LogFileRepository {
  private readonly readers = new ContentReaders();

  constructor(protected readonly ctx: RepositoryContext) {}

  /**
   * Attaches a file: streamed once through SHA-256 and gzip, then written with its timeline event and audit row
   * in one transaction. The same content already on this issue is not stored again. Cancelled (signal,
   * shouldCancel or cancelFlag) before the write, nothing is left behind.
   */
  async insertFromFile(issueId: string, filePath: string, meta: LogFileMeta = {}, options: InsertFileOptions = {}): Promise<InsertLogResult> {
    const id = parseInput(idSchema, issueId, 'issue id');
    const absolute = path.normalize(parseInput(absolutePathSchema, filePath, 'log file path'));
    const input = parseInput(logFileMetaSchema, meta, 'log file details');
    this.requireIssue(id);
    const compressed = await compressFile(absolute, options);
    if (isCancelled(options)) throw cancelledError();
    const fileName = input.fileName ?? path.basename(absolute);
    return this.store(id, compressed, { fileName, filePath: input.workspacePath ?? absolute, mimeType: input.mimeType });
  }

  /** Attaches small content already in memory (at most 32 MiB: larger logs go through insertFromFile). */
  insertContent(issueId: string, bytes: Uint8Array, meta: LogContentMeta): InsertLogResult {
    const id = parseInput(idSchema, issueId, 'issue id');
    const input = parseInput(logContentMetaSchema, meta, 'log details');
    if (!(bytes instanceof Uint8Array)) throw new ContentError('INVALID_CONTENT', 'Log content must be bytes (a Uint8Array).');
    if (bytes.length > MAX_IN_MEMORY_LOG_BYTES) {
      throw new ContentError('CONTENT_TOO_LARGE', `${MiB(bytes.length)} is too much to attach from memory (at most ${MiB(MAX_IN_MEMORY_LOG_BYTES)}): attach the file instead.`, { limit: MAX_IN_MEMORY_LOG_BYTES });
    }
    this.requireIssue(id);
    return this.store(id, compressBytes(bytes), { fileName: input.fileName, filePath: input.workspacePath ?? '', mimeType: input.mimeType });
  }

  private store(issueId: string, content: Compressed, meta: { fileName: string; filePath: string; mimeType: string | undefined }): InsertLogResult {
    const { db, audit, timeline, clock } = this.ctx;
    return db.transaction(() => {
      // Checked inside the write transaction, so two attaches of the same content cannot both land.
      const existing = db.get<LogFileRow>(`SELECT ${COLUMNS} FROM log_files WHERE issue_id = ? AND content_hash = ? ORDER BY rowid LIMIT 1`, [issueId, content.sha256]);
      if (existing) return { logFile: toLogFile(existing), duplicate: true };
      const row: LogFileRow = {
        id: newId(),
        issue_id: issueId,
        file_name: meta.fileName,
        file_path: meta.filePath,
        file_size: content.size,
        mime_type: meta.mimeType ?? sniffLogMime(content.head, meta.fileName),
        content_hash: content.sha256,
        uploaded_at: sqlTimestamp(clock.now()),
        redacted: 0,
        compressed_size: content.gzip.length,
      };
      db.exec(
        `INSERT INTO log_files(id, issue_id, file_name, file_path, file_size, mime_type, content_hash, uploaded_at, redacted, content_compressed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
        [row.id, row.issue_id, row.file_name, row.file_path, row.file_size, row.mime_type, row.content_hash, row.uploaded_at, content.gzip],
      );
      timeline.record({ issueId, eventType: 'log_uploaded', description: `Log attached: ${meta.fileName}`, metadata: { file_name: meta.fileName, file_size: content.size } });
      audit.append({
        action: 'log.attached',
        entityType: 'log_file',
        entityId: row.id,
        details: { issue_id: issueId, file_name: meta.fileName, file_size: content.size, compressed_size: content.gzip.length, content_hash: content.sha256 },
      });
      return { logFile: toLogFile(row), duplicate: false };
    });
  }

  get(id: string): LogFile | null {
    const row = this.ctx.db.get<LogFileRow>(`SELECT ${COLUMNS} FROM log_files WHERE id = ?`, [parseInput(idSchema, id, 'log file id')]);
    return row ? toLogFile(row) : null;
  }

  /** The issue's logs in upload order, without their content. */
  listForIssue(issueId: string): LogFile[] {
    return this.ctx.db.query<LogFileRow>(`SELECT ${COLUMNS} FROM log_files WHERE issue_id = ? ORDER BY uploaded_at, rowid`, [parseInput(idSchema, issueId, 'issue id')]).map(toLogFile);
  }

  /** Deletes the log and (by cascade) its PII spans; false when there was no such log. */
  delete(id: string): boolean {
    const logId = parseInput(idSchema, id, 'log file id');
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      const row = db.get<LogFileRow>(`SELECT ${COLUMNS} FROM log_files WHERE id = ?`, [logId]);
      if (!row) return false;
      const spans = db.get<{ n: number }>('SELECT count(*) AS n FROM pii_spans WHERE log_file_id = ?', [logId])?.n ?? 0;
      db.exec('DELETE FROM log_files WHERE id = ?', [logId]);
      audit.append({
        action: 'log.deleted',
        entityType: 'log_file',
        entityId: logId,
        details: { issue_id: row.issue_id, file_name: row.file_name, file_size: row.file_size, content_hash: row.content_hash, pii_spans_deleted: spans },
      });
      return true;
    });
  }

  /** Records the user's approval of the log's redaction (or withdraws it). */
  setRedacted(id: string, redacted: boolean): LogFile {
    const logId = parseInput(idSchema, id, 'log file id');
    if (typeof redacted !== 'boolean') throw new ContentError('INVALID_CONTENT', 'redacted must be true or false.');
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      db.exec('UPDATE log_files SET redacted = ? WHERE id = ?', [redacted ? 1 : 0, logId]);
      if (db.changes() === 0) throw notFound(logId);
      const spans = db.get<{ n: number }>('SELECT count(*) AS n FROM pii_spans WHERE log_file_id = ?', [logId])?.n ?? 0;
      audit.append({ action: redacted ? 'log.redaction_approved' : 'log.redaction_revoked', entityType: 'log_file', entityId: logId, details: { pii_spans: spans } });
      return toLogFile(db.get<LogFileRow>(`SELECT ${COLUMNS} FROM log_files WHERE id = ?`, [logId]) as LogFileRow);
    });
  }

  // ---- Read-back --------------------------------------------------------------------------------------------

  /**
   * The original bytes, inflated as they are consumed (in-process: tests, CLI, work inside the worker). Output
   * beyond the recorded size (+64 KiB) fails with DECOMPRESSION_BOMB, beyond `maxBytes` with CONTENT_TOO_LARGE,
   * each as soon as the cap is passed.
   */
  content(id: string, options: ReadContentOptions = {}): AsyncIterable<Uint8Array> {
    return this.prepareRead(id, options).content;
  }

  /** Starts a streamed read for the main thread: then readContent() until null, or closeContent(). */
  openContent(id: string, options: ReadContentOptions = {}): ContentReadHandle {
    const read = this.prepareRead(id, options);
    const handle = this.readers.open(read.content, parseInput(readContentOptionsSchema, options, 'read options').chunkBytes);
    return { handle, fileSize: read.row.file_size, compressedSize: read.compressedSize };
  }

  /** The next chunk (about 1 MiB, or the chunkBytes asked for), or null at the end; an error closes the handle. */
  readContent(handle: string): Promise<Uint8Array | null> {
    return this.readers.read(String(handle));
  }

  /** Stops a read early; false if it had already finished or been closed. */
  closeContent(handle: string): Promise<boolean> {
    return this.readers.close(String(handle));
  }

  /** Ends every streamed read (the engine calls this before it closes the database). */
  closeAllContent(): Promise<void> {
    return this.readers.closeAll();
  }

  /**
   * A small log's text: UTF-8 decoded with invalid sequences as U+FFFD and line endings kept (the text PII
   * offsets count in). Refused with CONTENT_TOO_LARGE beyond `maxBytes` (default 64 MiB).
   */
  async contentText(id: string, options: { maxBytes?: number } = {}): Promise<string> {
    const maxBytes = parseInput(readContentOptionsSchema, options, 'read options').maxBytes ?? DEFAULT_MAX_TEXT_BYTES;
    const read = this.prepareRead(id, { maxBytes });
    if (read.row.file_size !== null && read.row.file_size > maxBytes) throw tooLarge(read.row, maxBytes);
    const decoder = new LogTextDecoder();
    const parts: string[] = [];
    for await (const chunk of read.content) parts.push(decoder.write(chunk));
    parts.push(decoder.end());
    return parts.join('');
  }

  /** Checks the row now (so a missing log fails at open); the content itself is read lazily. */
  private prepareRead(id: string, options: ReadContentOptions): PreparedRead {
    const logId = parseInput(idSchema, id, 'log file id');
    const { maxBytes = DEFAULT_MAX_READ_BYTES } = parseInput(readContentOptionsSchema, options, 'read options');
    const { db } = this.ctx;
    const row = db.get<LogFileRow & { kind: string }>(`SELECT ${COLUMNS}, typeof(content_compressed) AS kind FROM log_files WHERE id = ?`, [logId]);
    if (!row) throw notFound(logId);
    if (row.compressed_size === null) {
      throw new ContentError('NO_CONTENT', `${row.file_name} was attached before TRCAA kept log contents; it can only be read from ${row.file_path}.`, { id: logId, filePath: row.file_path });
    }
    if (row.kind !== 'blob') throw new ContentError('CORRUPT_CONTENT', `The stored content of ${row.file_name} is not gzip data.`, { id: logId });
    // The recorded size is the first guard; without one (legacy rows) only the absolute cap applies.
    const bombCap = row.file_size === null ? Infinity : row.file_size + BOMB_MARGIN_BYTES;
    const cap = Math.min(bombCap, maxBytes);
    const compressedSize = row.compressed_size;
    const content = inflateGuarded(blobWindows(db, { table: 'log_files', column: 'content_compressed', id: logId, size: compressedSize }), {
      maxBytes: cap,
      exceeded: (inflated) =>
        bombCap <= maxBytes
          ? new ContentError(
              'DECOMPRESSION_BOMB',
              `${row.file_name} was refused: its stored content inflates beyond its recorded size of ${row.file_size} bytes (stopped after ${inflated} bytes). It may be a decompression bomb.`,
              { id: logId, recordedSize: row.file_size, inflated },
            )
          : tooLarge(row, maxBytes, inflated),
    });
    return { row, compressedSize, content };
  }

  private requireIssue(issueId: string): void {
    if (!this.ctx.db.get('SELECT 1 AS x FROM issues WHERE id = ?', [issueId])) {
      throw new ContentError('NOT_FOUND', `No issue ${issueId}: it may have been deleted.`, { id: issueId });
    }
  }
}

function notFound(id: string): ContentError {
  return new ContentError('NOT_FOUND', `No log file ${id}: it may have been deleted.`, { id });
}

function tooLarge(row: LogFileRow, maxBytes: number, inflated?: number): ContentError {
  const size = inflated === undefined ? `it has ${row.file_size} bytes` : `stopped after ${inflated} bytes`;
  return new ContentError(
    'CONTENT_TOO_LARGE',
    `${row.file_name} is larger than the ${maxBytes} bytes this read allows (${size}).`,
    { id: row.id, limit: maxBytes, recordedSize: row.file_size, ...(inflated === undefined ? {} : { inflated }) },
  );
}

/** The methods the main thread may call (see store.ts). */
export const LOG_FILE_REMOTE = [
  'insertFromFile',
  'insertContent',
  'get',
  'listForIssue',
  'delete',
  'setRedacted',
  'openContent',
  'readContent',
  'closeContent',
  'contentText',
] as const satisfies readonly (keyof LogFileRepository)[];
