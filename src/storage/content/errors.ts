// Typed errors of the attachment and document repositories. They cross the worker boundary by name, code and
// details (protocol.ts toFailure), so callers test `error.code`, never the message.

export type ContentErrorCode =
  | 'NOT_FOUND' // no such row (never existed, or deleted meanwhile)
  | 'NO_CONTENT' // the row predates stored content (seed migrations 020/021): read file_path instead
  | 'DECOMPRESSION_BOMB' // stored content inflates beyond its recorded size: refused while inflating
  | 'CONTENT_TOO_LARGE' // over a size cap (the caller's, the image cap, SQLite's)
  | 'CORRUPT_CONTENT' // stored gzip does not inflate (bad data, CRC or length)
  | 'INVALID_CONTENT' // input that is not what it claims (not an image, empty, not a regular file)
  | 'FILE_UNREADABLE' // the file to attach could not be read
  | 'CANCELLED' // the caller cancelled; nothing was written
  | 'HANDLE_CLOSED' // a content read handle that is finished, closed or expired
  | 'NOT_SCANNED' // a log never scanned for PII cannot be approved
  | 'NOT_APPROVED' // egress of a log whose redaction nobody approved (and no per-use confirmation)
  | 'INVALID_RANGE' // a text range outside the log, empty, or too long
  | 'UNSUPPORTED_ENCODING'; // log bytes whose encoding cannot be told (no BOM, many NULs) or is not read (UTF-32)

export class ContentError extends Error {
  constructor(
    readonly code: ContentErrorCode,
    message: string,
    readonly details: Record<string, string | number | null | string[]> = {},
  ) {
    super(message);
    this.name = 'ContentError';
  }
}

// One ValidationError for every repository (src/core/model/validation.ts).
export { parseInput, ValidationError } from '../../core/model/validation';
export type { ValidationProblem } from '../../core/model/validation';
