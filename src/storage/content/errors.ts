// Typed errors of the attachment and document repositories. They cross the worker boundary by name, code and
// details (protocol.ts toFailure), so callers test `error.code`, never the message.
import type { z } from 'zod';

export type ContentErrorCode =
  | 'NOT_FOUND' // no such row (never existed, or deleted meanwhile)
  | 'NO_CONTENT' // the row predates stored content (seed migrations 020/021): read file_path instead
  | 'DECOMPRESSION_BOMB' // stored content inflates beyond its recorded size: refused while inflating
  | 'CONTENT_TOO_LARGE' // over a size cap (the caller's, the image cap, SQLite's)
  | 'CORRUPT_CONTENT' // stored gzip does not inflate (bad data, CRC or length)
  | 'INVALID_CONTENT' // input that is not what it claims (not an image, empty, not a regular file)
  | 'FILE_UNREADABLE' // the file to attach could not be read
  | 'CANCELLED' // the caller cancelled; nothing was written
  | 'HANDLE_CLOSED'; // a content read handle that is finished, closed or expired

export class ContentError extends Error {
  constructor(
    readonly code: ContentErrorCode,
    message: string,
    readonly details: Record<string, string | number | null> = {},
  ) {
    super(message);
    this.name = 'ContentError';
  }
}

export interface ValidationProblem {
  path: string;
  message: string;
}

/** Invalid input to a repository method; same name, code and shape as the issues repository's. */
export class ValidationError extends Error {
  readonly code = 'VALIDATION';
  readonly details: { issues: ValidationProblem[] };
  constructor(what: string, issues: ValidationProblem[]) {
    super(`Invalid ${what}: ${issues.map((issue) => (issue.path ? `${issue.message} (${issue.path})` : issue.message)).join(' ')}`);
    this.name = 'ValidationError';
    this.details = { issues };
  }
}

/** Parses with a schema; failures become a ValidationError naming what was invalid. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(what, result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })));
  }
  return result.data;
}
