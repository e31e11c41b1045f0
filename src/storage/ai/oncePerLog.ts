// Work done once per log on behalf of AI requests (mining its patterns, indexing its notable lines): requests that
// want it at the same time share one run, and a log whose content cannot be read is not read again by every later
// request — its content is stored once and never changes, so the same failure would come back (after reading up to
// the whole log again, for a damaged one).
import { ContentError } from '../content/errors';

/** Failures that reading the log again cannot cure. */
const PERMANENT = new Set(['NO_CONTENT', 'UNSUPPORTED_ENCODING', 'CORRUPT_CONTENT', 'DECOMPRESSION_BOMB', 'CONTENT_TOO_LARGE']);

export class OncePerLog<T> {
  private readonly running = new Map<string, Promise<T>>();
  private readonly failed = new Map<string, ContentError>();

  run(logFileId: string, work: () => Promise<T>): Promise<T> {
    const failure = this.failed.get(logFileId);
    if (failure) return Promise.reject(failure);
    const running = this.running.get(logFileId);
    if (running) return running;
    const run = work()
      .catch((error: unknown) => {
        if (error instanceof ContentError && PERMANENT.has(error.code)) this.failed.set(logFileId, error);
        throw error;
      })
      .finally(() => this.running.delete(logFileId));
    this.running.set(logFileId, run);
    return run;
  }
}
