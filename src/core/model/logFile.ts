// Log files and their PII spans: validated inputs and the shapes repositories return (never the content BLOB).
import { z } from 'zod';
import type { PatternProblem } from '../pii/types';
import { PII_TYPES } from '../pii/types';

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
/** A SHA-256 digest as stored and audited: 64 lowercase hex digits. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256: 64 lowercase hex digits');

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
  /** The PII scan of a new log, stored with it in the same transaction (absent for a duplicate). */
  pii?: PiiScanReport;
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
 * The review state of a span. 'pending' (nobody looked yet) is redacted like 'redact' everywhere text is shown
 * redacted or leaves the machine; only 'keep' leaves the original in place.
 */
export const PII_DECISIONS = ['pending', 'redact', 'keep'] as const;
export const piiDecisionSchema = z.enum(PII_DECISIONS);
export type PiiDecision = z.infer<typeof piiDecisionSchema>;

/**
 * A span in the log's text: UTF-16 code-unit offsets (JavaScript string indices) into the stored bytes decoded
 * as UTF-8 (docs/domain.md "PII offsets"), end exclusive — so originalValue is exactly text.slice(start, end).
 */
export const piiSpanInputSchema = z
  .object({
    piiType: z.string().trim().min(1).max(100),
    startOffset: z.number().int().nonnegative(),
    endOffset: z.number().int().positive(),
    originalValue: z.string().min(1),
    replacement: z.string().max(1000),
    /** Default 'pending'. */
    decision: piiDecisionSchema.optional(),
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
  decision: PiiDecision;
}

/** Span ids per setDecision() call: a whole log's worth, never an unbounded list. */
export const MAX_SPAN_IDS_PER_CALL = 100_000;
export const spanIdListSchema = z.array(idSchema).min(1).max(MAX_SPAN_IDS_PER_CALL);

/** A user's pattern as settings hold it; the detector reports a bad regex as a PatternProblem, never throws. */
export const customPatternSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (1-64)'),
  pattern: z.string().min(1).max(4096),
});

/** DetectorOptions (src/core/pii/types.ts) as they cross the worker boundary: plain data only. */
export const detectorOptionsSchema = z.object({
  enabledTypes: z.array(z.enum(PII_TYPES)).max(PII_TYPES.length * 2).optional(),
  customPatterns: z.array(customPatternSchema).max(200).optional(),
});

/**
 * Options of a scan: the detector's, and a cancel flag from another thread (an Int32Array over a
 * SharedArrayBuffer, which survives structured clone; non-zero element 0 cancels).
 */
export const scanOptionsSchema = detectorOptionsSchema.extend({
  cancelFlag: z.custom<Int32Array>((value) => value instanceof Int32Array, 'must be an Int32Array (over a SharedArrayBuffer)').optional(),
});
export type ScanOptions = z.input<typeof scanOptionsSchema>;

/** What a scan found and stored. */
export interface PiiScanReport {
  /** Spans stored for the log after the scan (kept Manual spans included). */
  spans: number;
  countsByType: Record<string, number>;
  /** Custom patterns the detector refused; the scan went on without them. */
  problems: PatternProblem[];
}

/** Per log of an issue (the tree): spans by type, and how many await review or are kept. */
export interface PiiLogCounts {
  byType: Record<string, number>;
  pending: number;
  kept: number;
  /** TRCAA scanned the log (an approval counts only then: an imported redacted = 1 does not). */
  scanned: boolean;
}

// ---- Egress -----------------------------------------------------------------------------------------------------

export const egressRequestSchema = z.object({
  /** The logs whose redacted text leaves, in this order. */
  logIds: z.array(idSchema).min(1).max(1000),
  /** Where it goes, for the audit row: e.g. 'clipboard', 'export:/path/file.log', 'ai:openai'. */
  destination: z.string().trim().min(1).max(200),
  /** The user confirmed, for this one use, releasing logs whose redaction nobody approved. */
  confirmedUnapproved: z.boolean().optional(),
});
export type EgressRequest = z.input<typeof egressRequestSchema>;

export interface EgressRelease {
  sha256: string;
  /** UTF-8 bytes released. */
  bytes: number;
  /** The audit row recording the release. */
  auditId: string;
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
