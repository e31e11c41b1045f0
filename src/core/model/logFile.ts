// Log files and their PII spans: validated inputs and the shapes repositories return (never the content BLOB).
import { z } from 'zod';

export const MAX_FILE_NAME_LENGTH = 1024;
export const MAX_PATH_LENGTH = 4096;
/** insertContent is for small in-memory content; larger logs go through insertFromFile. */
export const MAX_IN_MEMORY_LOG_BYTES = 32 * 1024 * 1024;

export const mimeTypeSchema = z
  .string()
  .max(255)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/i, 'not a MIME type (type/subtype)');

const fileNameSchema = z.string().trim().min(1).max(MAX_FILE_NAME_LENGTH);

export const logFileMetaSchema = z.object({
  /** Shown name; default: the file's base name. */
  fileName: fileNameSchema.optional(),
  /** The workspace-relative path to record; default: the absolute path read. */
  workspacePath: z.string().min(1).max(MAX_PATH_LENGTH).optional(),
  /** Default: sniffed from the first bytes and the extension. */
  mimeType: mimeTypeSchema.optional(),
});
export type LogFileMeta = z.input<typeof logFileMetaSchema>;

export const logContentMetaSchema = logFileMetaSchema.extend({ fileName: fileNameSchema });
export type LogContentMeta = z.input<typeof logContentMetaSchema>;

/** POSIX /…, Windows C:\… or C:/…, or a UNC \\server\share path (no node:path: webviews import models too). */
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(MAX_PATH_LENGTH)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute path');

export const idSchema = z.string().min(1).max(100);

export interface LogFile {
  id: string;
  issueId: string;
  fileName: string;
  filePath: string;
  /** Bytes of the original content; null in rows from before the seed recorded it. */
  fileSize: number | null;
  mimeType: string | null;
  /** SHA-256 hex of the original bytes. */
  contentHash: string | null;
  /** 'YYYY-MM-DD HH:MM:SS' UTC. */
  uploadedAt: string;
  /** The user approved its redaction. */
  redacted: boolean;
  /** Bytes of gzip stored; null when the row has no stored content (added before seed migration 020). */
  compressedSize: number | null;
}

export interface InsertLogResult {
  logFile: LogFile;
  /** The same content was already attached to this issue: that row is returned and nothing was written. */
  duplicate: boolean;
}

/** A row of the cross-incident view v_log_files_with_issue. */
export interface LogFileWithIssue extends Omit<LogFile, 'compressedSize'> {
  issueTitle: string;
}

export const readContentOptionsSchema = z.object({
  /** Absolute cap on the bytes read back, whatever the recorded size says. */
  maxBytes: z.number().int().positive().optional(),
  /** Bytes per readContent() call (about). */
  chunkBytes: z.number().int().min(1024).max(16 * 1024 * 1024).optional(),
});
export type ReadContentOptions = z.input<typeof readContentOptionsSchema>;

export interface ContentReadHandle {
  handle: string;
  fileSize: number | null;
  compressedSize: number;
}

// ---- PII spans ------------------------------------------------------------------------------------------------

/**
 * A span in the log's text: UTF-16 code-unit offsets (JavaScript string indices) into the stored bytes decoded
 * as UTF-8 (DESIGN.md "Domain notes"), end exclusive — so originalValue is exactly text.slice(start, end).
 */
export const piiSpanInputSchema = z
  .object({
    piiType: z.string().trim().min(1).max(100),
    startOffset: z.number().int().nonnegative(),
    endOffset: z.number().int().positive(),
    originalValue: z.string().min(1),
    replacement: z.string().max(1000),
  })
  .refine((span) => span.endOffset > span.startOffset, { message: 'endOffset must be after startOffset', path: ['endOffset'] })
  .refine((span) => span.originalValue.length === span.endOffset - span.startOffset, {
    message: 'originalValue must be exactly as long as the span (UTF-16 code units)',
    path: ['originalValue'],
  });
export type PiiSpanInput = z.input<typeof piiSpanInputSchema>;

export const MAX_PII_SPANS_PER_LOG = 1_000_000;
export const piiSpanListSchema = z.array(piiSpanInputSchema).max(MAX_PII_SPANS_PER_LOG);

export interface PiiSpan {
  id: string;
  logFileId: string;
  piiType: string;
  startOffset: number;
  endOffset: number;
  originalValue: string;
  replacement: string;
}

// ---- Lists across incidents -------------------------------------------------------------------------------------

export const attachmentListOptionsSchema = z.object({
  /** Case-insensitive substring of the file name (no wildcards: % and _ match themselves). */
  nameFilter: z.string().max(MAX_FILE_NAME_LENGTH).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().nonnegative().default(0),
});
export type AttachmentListOptions = z.input<typeof attachmentListOptionsSchema>;

export interface AttachmentPage<T> {
  rows: T[];
  /** Rows matching the filter, across all pages. */
  total: number;
}
