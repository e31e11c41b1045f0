// Log files: gzip content in the database, streamed read-back with a decompression-bomb guard.
import type { RepositoryContext } from './context';

export class LogFileRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}

/** The methods the main thread may call (see store.ts). */
export const LOG_FILE_REMOTE = [] as const satisfies readonly (keyof LogFileRepository)[];
