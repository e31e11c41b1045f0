// Log files: gzip content in the database, streamed read-back with a decompression-bomb guard.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ContentReadHandle, InsertLogResult, LogContentMeta, LogFile, LogFileMeta, ReadContentOptions } from '../../core/model/logFile';
import {
  absolutePathSchema,
  detectorOptionsSchema,
  idSchema,
  logContentMetaSchema,
  logFileMetaSchema,
  MAX_IN_MEMORY_LOG_BYTES,
  readContentOptionsSchema,
  sha256Schema,
} from '../../core/model/logFile';
import type { LogPatternIndex } from '../../core/logs/patterns/logPatternIndex';
import type { DetectorOptions, PatternProblem } from '../../core/pii/types';
import { sqlTimestamp } from '../clock';
import { ContentError, parseInput } from '../content/errors';
import type { CompressOptions, Compressed } from '../content/gzip';
import { cancelledError, compressBytes, compressFile, isCancelled } from '../content/gzip';
import type { LogFileBaseRow, LogFileRow, PreparedRead } from '../content/logContent';
import { LOG_COLUMNS, logNotFound, logTooLarge, prepareLogRead } from '../content/logContent';
import { sniffLogMime } from '../content/mime';
import { ContentReaders } from '../content/readHandles';
import { CHUNKED_CONTENT_FROM_BYTES, StagedContent } from '../content/contentChunks';
import { NamedLogDecoder } from '../content/text';
import { newId } from '../ids';
import { wasScanned } from '../pii/approval';
import { prepareRedactedRead } from '../pii/redactedText';
import { spanCount } from '../pii/spanSource';
import type { DetectionSet } from '../pii/detectionSet';
import { ByteScan } from '../pii/scan';
import { storeScan } from '../pii/storeScan';
import { InThreadMining, startAttachMining } from '../patterns/attachMining';
import type { RepositoryContext } from './context';
import { storePatternIndex } from './logPatterns';

/** Default cap of contentText(): the text is built in memory. */
export const DEFAULT_MAX_TEXT_BYTES = 64 * 1024 * 1024;

export { BOMB_MARGIN_BYTES, DEFAULT_MAX_READ_BYTES } from '../content/logContent';
export type { LogFileBaseRow } from '../content/logContent';

export interface InsertFileOptions extends CompressOptions {
  /** The PII scan's settings; absent, the default detector runs (a new log is always scanned). */
  pii?: DetectorOptions;
}

export interface InsertContentOptions {
  /** As InsertFileOptions.pii. */
  pii?: DetectorOptions;
}

const COLUMNS = LOG_COLUMNS;

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

/** Logs from this size on are mined on a thread of their own (starting one costs tens of milliseconds). */
const THREADED_MINING_BYTES = 8 * 1024 * 1024;

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0; // compressFile says what is wrong with the file
  }
}

/** A failed attach's chunks go at once; if even that fails (the database closed), the next large attach sweeps them. */
function discardQuietly(staged: StagedContent): void {
  try {
    staged.discard();
  } catch {
    // swept later (contentChunks.ts sweepAbandoned)
  }
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
    const pii = parseInput(detectorOptionsSchema, options.pii ?? {}, 'PII scan options');
    this.requireIssue(id);
    // Scanned in the same pass as the hash and gzip, so the spans land with the log in one transaction: a log
    // is never visible (or approvable) unscanned.
    // Its patterns are mined from the same decoded text (docs/patterns.md).
    const fileName = input.fileName ?? path.basename(absolute);
    const size = await sizeOf(absolute);
    // Large logs are mined on a thread of their own, beside this thread's scan and gzip's thread pool, and their
    // gzip is written in chunks as it comes (contentChunks.ts) instead of being held for the transaction.
    const patterns = startAttachMining(this.ctx.minerWorkerFile && size >= THREADED_MINING_BYTES ? this.ctx.minerWorkerFile : undefined);
    const { fromBytes = CHUNKED_CONTENT_FROM_BYTES, chunkBytes } = this.ctx.contentChunking ?? {};
    const staged = size >= fromBytes ? new StagedContent(this.ctx.db, newId(), this.ctx.clock.now(), chunkBytes) : undefined;
    let stored = false;
    try {
      let minerBusy: Promise<void> | void;
      // The mining thread also detects PII in some of the scan's windows when it is idle (scan.ts LogScan).
      const scan = new ByteScan(fileName, pii, (piece, heldFrom) => (minerBusy = patterns.push(piece, heldFrom) ?? minerBusy), patterns.windows?.(pii));
      const compressed = await compressFile(absolute, {
        ...options,
        onChunk: (chunk) => {
          const scanBusy = scan.write(chunk);
          const wait = minerBusy;
          minerBusy = undefined;
          return scanBusy && wait ? Promise.all([scanBusy, wait]).then(() => undefined) : (scanBusy ?? wait);
        },
        ...(staged ? { onCompressed: (chunk: Buffer) => staged.write(chunk) } : {}),
      });
      if (isCancelled(options)) throw cancelledError();
      const found = await scan.finish();
      const result = this.store(id, compressed, { fileName, filePath: input.workspacePath ?? absolute, mimeType: input.mimeType }, found, scan.scan.problems, await patterns.end(), staged);
      stored = !result.duplicate;
      return result;
    } finally {
      patterns.stop();
      if (staged && !stored) discardQuietly(staged);
    }
  }

  /** Attaches small content already in memory (at most 32 MiB: larger logs go through insertFromFile). */
  insertContent(issueId: string, bytes: Uint8Array, meta: LogContentMeta, options: InsertContentOptions = {}): InsertLogResult {
    const id = parseInput(idSchema, issueId, 'issue id');
    const input = parseInput(logContentMetaSchema, meta, 'log details');
    const pii = parseInput(detectorOptionsSchema, options?.pii ?? {}, 'PII scan options');
    if (!(bytes instanceof Uint8Array)) throw new ContentError('INVALID_CONTENT', 'Log content must be bytes (a Uint8Array).');
    if (bytes.length > MAX_IN_MEMORY_LOG_BYTES) {
      throw new ContentError('CONTENT_TOO_LARGE', `${MiB(bytes.length)} is too much to attach from memory (at most ${MiB(MAX_IN_MEMORY_LOG_BYTES)}): attach the file instead.`, { limit: MAX_IN_MEMORY_LOG_BYTES });
    }
    this.requireIssue(id);
    // Scanned first: bytes whose encoding cannot be told are refused before any compression work.
    const patterns = new InThreadMining();
    const scan = new ByteScan(input.fileName, pii, (piece) => patterns.push(piece));
    scan.write(bytes);
    const compressed = compressBytes(bytes);
    const found = scan.end();
    return this.store(id, compressed, { fileName: input.fileName, filePath: input.workspacePath ?? '', mimeType: input.mimeType }, found, scan.scan.problems, patterns.finish());
  }

  private store(
    issueId: string,
    content: Compressed,
    meta: { fileName: string; filePath: string; mimeType: string | undefined },
    found: DetectionSet,
    problems: readonly PatternProblem[],
    index: LogPatternIndex | undefined,
    staged?: StagedContent,
  ): InsertLogResult {
    const { db, audit, timeline, clock } = this.ctx;
    return db.transaction(() => {
      // Checked inside the write transaction, so two attaches of the same content cannot both land.
      const existing = db.get<LogFileRow>(`SELECT ${COLUMNS} FROM log_files WHERE issue_id = ? AND content_hash = ? ORDER BY rowid LIMIT 1`, [issueId, content.sha256]);
      if (existing) return { logFile: toLogFile(existing), duplicate: true };
      const row: LogFileRow = {
        id: staged?.logFileId ?? newId(),
        issue_id: issueId,
        file_name: meta.fileName,
        file_path: meta.filePath,
        file_size: content.size,
        mime_type: meta.mimeType ?? sniffLogMime(content.head, meta.fileName),
        content_hash: content.sha256,
        uploaded_at: sqlTimestamp(clock.now()),
        redacted: 0,
        compressed_size: content.compressedSize,
      };
      db.exec(
        `INSERT INTO log_files(id, issue_id, file_name, file_path, file_size, mime_type, content_hash, uploaded_at, redacted, content_compressed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
        [row.id, row.issue_id, row.file_name, row.file_path, row.file_size, row.mime_type, row.content_hash, row.uploaded_at, content.gzip ?? null],
      );
      staged?.adopt();
      db.recordChange({ entity: 'log', kind: 'created', ids: [row.id], issueId });
      timeline.record({ issueId, eventType: 'log_uploaded', description: `Log attached: ${meta.fileName}`, metadata: { file_name: meta.fileName, file_size: content.size } });
      audit.append({
        action: 'log.attached',
        entityType: 'log_file',
        entityId: row.id,
        details: { issue_id: issueId, file_name: meta.fileName, file_size: content.size, compressed_size: content.compressedSize, content_hash: content.sha256 },
      });
      const pii = storeScan(this.ctx, row.id, found, problems);
      if (index) storePatternIndex(db, row.id, index, row.uploaded_at);
      return { logFile: toLogFile(row), duplicate: false, pii };
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

  /**
   * The logs whose attached content has this SHA-256 (hex), newest first: how a workspace file still holding the
   * attached bytes is matched to its logs (the same file may be attached to several incidents).
   */
  findByContentHash(sha256: string): LogFile[] {
    const hash = parseInput(sha256Schema, sha256, 'content hash');
    return this.ctx.db.query<LogFileRow>(`SELECT ${COLUMNS} FROM log_files WHERE content_hash = ? ORDER BY uploaded_at DESC, rowid DESC`, [hash]).map(toLogFile);
  }

  /** Deletes the log and (by cascade) its PII spans; false when there was no such log. */
  delete(id: string): boolean {
    const logId = parseInput(idSchema, id, 'log file id');
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      const row = db.get<LogFileRow>(`SELECT ${COLUMNS} FROM log_files WHERE id = ?`, [logId]);
      if (!row) return false;
      const spans = spanCount(db, logId);
      db.exec('DELETE FROM log_files WHERE id = ?', [logId]);
      db.recordChange({ entity: 'log', kind: 'deleted', ids: [logId], issueId: row.issue_id });
      audit.append({
        action: 'log.deleted',
        entityType: 'log_file',
        entityId: logId,
        details: { issue_id: row.issue_id, file_name: row.file_name, file_size: row.file_size, content_hash: row.content_hash, pii_spans_deleted: spans },
      });
      return true;
    });
  }

  /**
   * Approves the log's redaction as reviewed: every span still pending becomes 'redact' (nobody kept it), and
   * redacted = 1, with an audit row counting what is redacted and kept — all in one transaction. Refused for a
   * log that was never scanned (attached before PII scanning existed): scanLog() it first.
   */
  approveRedaction(logFileId: string): LogFile {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      const row = db.get<LogFileRow>(`SELECT ${COLUMNS} FROM log_files WHERE id = ?`, [logId]);
      if (!row) throw logNotFound(logId);
      if (!wasScanned(db, logId)) {
        throw new ContentError('NOT_SCANNED', `${row.file_name} has not been scanned for PII yet: scan it before approving its redaction.`, { id: logId });
      }
      db.exec("UPDATE pii_spans SET decision = 'redact' WHERE log_file_id = ? AND decision = 'pending'", [logId]);
      db.exec("UPDATE pii_values SET decision = 'redact' WHERE set_id = (SELECT set_id FROM pii_detection_sets WHERE log_file_id = ?) AND decision = 'pending'", [logId]);
      const byDecision = db.query<{ decision: string; pii_type: string; n: number }>(
        'SELECT decision, pii_type, sum(occurrences) AS n FROM pii_occurrences WHERE log_file_id = ? GROUP BY decision, pii_type ORDER BY pii_type',
        [logId],
      );
      const total = (decision: string) => byDecision.filter((r) => r.decision === decision).reduce((sum, r) => sum + r.n, 0);
      const byType: Record<string, number> = {};
      for (const r of byDecision) if (r.decision === 'redact') byType[r.pii_type] = (byType[r.pii_type] ?? 0) + r.n;
      db.exec('UPDATE log_files SET redacted = 1 WHERE id = ?', [logId]);
      db.recordChange({ entity: 'log', kind: 'updated', ids: [logId], issueId: row.issue_id });
      db.recordChange({ entity: 'pii', kind: 'updated', ids: [logId], issueId: row.issue_id });
      audit.append({ action: 'log.redaction_approved', entityType: 'log_file', entityId: logId, details: { redacted: total('redact'), kept: total('keep'), by_type: byType } });
      return toLogFile({ ...row, redacted: 1 });
    });
  }

  /** Withdraws the approval (false); true approves exactly as approveRedaction(). */
  setRedacted(id: string, redacted: boolean): LogFile {
    const logId = parseInput(idSchema, id, 'log file id');
    if (typeof redacted !== 'boolean') throw new ContentError('INVALID_CONTENT', 'redacted must be true or false.');
    if (redacted) return this.approveRedaction(logId);
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      db.exec('UPDATE log_files SET redacted = 0 WHERE id = ?', [logId]);
      if (db.changes() === 0) throw logNotFound(logId);
      const spans = spanCount(db, logId);
      audit.append({ action: 'log.redaction_revoked', entityType: 'log_file', entityId: logId, details: { reason: 'withdrawn', pii_spans: spans } });
      const log = toLogFile(db.get<LogFileRow>(`SELECT ${COLUMNS} FROM log_files WHERE id = ?`, [logId]) as LogFileRow);
      db.recordChange({ entity: 'log', kind: 'updated', ids: [logId], issueId: log.issueId });
      return log;
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

  /** Stops a read early (bytes or redacted text); false if it had already finished or been closed. */
  closeContent(handle: string): Promise<boolean> {
    return this.readers.close(String(handle));
  }

  /**
   * Starts a streamed read of the redacted text for the main thread (viewing locally: no audit row): then
   * readRedacted() until null, or closeContent(). Every span not explicitly kept is replaced — pending too.
   * chunkBytes counts UTF-16 code units here.
   */
  openRedacted(logFileId: string, options: ReadContentOptions = {}): ContentReadHandle {
    const { chunkBytes } = parseInput(readContentOptionsSchema, options, 'read options');
    const read = prepareRedactedRead(this.ctx.db, logFileId, options);
    const handle = this.readers.openText(read.pieces, chunkBytes);
    return { handle, fileSize: read.row.file_size, compressedSize: read.row.compressed_size ?? 0 };
  }

  /** The next piece of redacted text (about 1 MiB), or null at the end; an error closes the handle. */
  readRedacted(handle: string): Promise<string | null> {
    return this.readers.readText(String(handle));
  }

  /** In the worker: the redacted text, piece by piece (the egress gate reads through this). */
  redactedText(logFileId: string): AsyncIterable<string> {
    return prepareRedactedRead(this.ctx.db, logFileId).pieces;
  }

  /** Ends every streamed read (the engine calls this before it closes the database). */
  closeAllContent(): Promise<void> {
    return this.readers.closeAll();
  }

  /**
   * A small log's text: decoded by its byte-order mark with invalid sequences as U+FFFD and line endings kept
   * (the text PII offsets count in; core/text/logEncoding.ts). Refused with CONTENT_TOO_LARGE beyond `maxBytes` (default 64 MiB).
   */
  async contentText(id: string, options: { maxBytes?: number } = {}): Promise<string> {
    const maxBytes = parseInput(readContentOptionsSchema, options, 'read options').maxBytes ?? DEFAULT_MAX_TEXT_BYTES;
    const read = this.prepareRead(id, { maxBytes });
    if (read.row.file_size !== null && read.row.file_size > maxBytes) throw logTooLarge(read.row, maxBytes);
    const decoder = new NamedLogDecoder(read.row.file_name);
    const parts: string[] = [];
    for await (const chunk of read.content) parts.push(decoder.write(chunk));
    parts.push(decoder.end());
    return parts.join('');
  }

  private prepareRead(id: string, options: ReadContentOptions): PreparedRead {
    return prepareLogRead(this.ctx.db, id, options);
  }

  private requireIssue(issueId: string): void {
    if (!this.ctx.db.get('SELECT 1 AS x FROM issues WHERE id = ?', [issueId])) {
      throw new ContentError('NOT_FOUND', `No issue ${issueId}: it may have been deleted.`, { id: issueId });
    }
  }
}

/** The methods the main thread may call (see store.ts). */
export const LOG_FILE_REMOTE = [
  'insertFromFile',
  'insertContent',
  'get',
  'listForIssue',
  'findByContentHash',
  'delete',
  'setRedacted',
  'approveRedaction',
  'openContent',
  'readContent',
  'closeContent',
  'contentText',
  'openRedacted',
  'readRedacted',
] as const satisfies readonly (keyof LogFileRepository)[];
