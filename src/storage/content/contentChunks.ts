// A large log's gzip kept in rows of our own (log_content_chunks, migration 032) instead of the seed's one
// content_compressed value: a value is copied whole into the WASM heap to be written — twice, the bound value and
// SQLite's record of it — and that heap never shrinks, so a 200 MB log's 28 MB of gzip cost ~85 MB of the worker's
// memory for good. Chunks are written while the log streams in, each in a short transaction of its own, under a
// staging row; the attach's one transaction then adds the log row and drops the staging row, so a log is never
// visible before it is complete and scanned. The chunks are consecutive pieces of one gzip stream: read in order,
// they are exactly the bytes the column would hold.
import type { Database } from '../database';
import { ContentError } from './errors';

/**
 * Gzip bytes per row: a small, bounded copy in the WASM heap per write, and few commits (each syncs the file while
 * the attach's thread waits: 1 MiB rows made a 200 MB log's 28 commits ~0.25 s slower than 4 MiB rows' 7).
 */
export const CONTENT_CHUNK_BYTES = 4 * 1024 * 1024;
/** Logs from this size on are stored in chunks (smaller ones in the seed's column, which the desktop app reads). */
export const CHUNKED_CONTENT_FROM_BYTES = 32 * 1024 * 1024;
/** A staging row older than this belongs to an attach that died (a crash): its chunks are swept. */
const STAGING_EXPIRES_MS = 24 * 60 * 60 * 1000;

export interface ChunkingOptions {
  /** Files from this size on are stored in chunks (default CHUNKED_CONTENT_FROM_BYTES). */
  fromBytes?: number;
  /** Gzip bytes per row (default CONTENT_CHUNK_BYTES). */
  chunkBytes?: number;
}

/** The chunks of one attach in progress: write them as the gzip comes, then adopt() them in the log's transaction. */
export class StagedContent {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private seq = 0;

  constructor(
    private readonly db: Database,
    readonly logFileId: string,
    now: Date,
    private readonly chunkBytes = CONTENT_CHUNK_BYTES,
  ) {
    db.transaction(() => {
      sweepAbandoned(db, now);
      db.exec('INSERT INTO log_content_staging(log_file_id, started_at) VALUES (?, ?)', [logFileId, now.toISOString()]);
    });
  }

  write(bytes: Uint8Array): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    while (this.pendingBytes >= this.chunkBytes) this.flush(this.chunkBytes);
  }

  /** Inside the log's transaction: the last chunk, and the chunks become the log's (the staging row goes). */
  adopt(): void {
    if (this.pendingBytes > 0) this.flush(this.pendingBytes);
    this.db.exec('DELETE FROM log_content_staging WHERE log_file_id = ?', [this.logFileId]);
  }

  /** The attach failed, was cancelled or found a duplicate: its chunks go. */
  discard(): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM log_content_chunks WHERE log_file_id = ?', [this.logFileId]);
      this.db.exec('DELETE FROM log_content_staging WHERE log_file_id = ?', [this.logFileId]);
    });
  }

  private flush(bytes: number): void {
    const data = new Uint8Array(bytes);
    let at = 0;
    while (at < bytes) {
      const part = this.pending[0] as Uint8Array;
      const take = Math.min(part.length, bytes - at);
      data.set(part.subarray(0, take), at);
      at += take;
      if (take === part.length) this.pending.shift();
      else this.pending[0] = part.subarray(take);
    }
    this.pendingBytes -= bytes;
    // Its own short transaction while the log streams in (a savepoint inside the log's transaction).
    this.db.transaction(() => this.db.exec('INSERT INTO log_content_chunks(log_file_id, seq, data) VALUES (?, ?, ?)', [this.logFileId, this.seq, data]));
    this.seq++;
  }
}

/**
 * Chunks no log owns and no live attach is writing: from an attach that died before its transaction (a crash; a
 * failed attach discards its own at once), or brought by an import whose log was left out.
 */
export function sweepAbandoned(db: Database, now: Date): number {
  const expired = new Date(now.getTime() - STAGING_EXPIRES_MS).toISOString();
  db.exec('DELETE FROM log_content_staging WHERE started_at < ?', [expired]);
  db.exec(
    `DELETE FROM log_content_chunks WHERE log_file_id IN (
       SELECT DISTINCT c.log_file_id FROM log_content_chunks c
        WHERE NOT EXISTS (SELECT 1 FROM log_files l WHERE l.id = c.log_file_id)
          AND NOT EXISTS (SELECT 1 FROM log_content_staging s WHERE s.log_file_id = c.log_file_id))`,
  );
  return db.changes();
}

/** A log's chunks in order, one row per read; a log deleted or changed meanwhile is a typed error. */
export function* readChunks(db: Database, logFileId: string, chunks: number, size: number): Generator<Uint8Array, void, undefined> {
  let read = 0;
  for (let seq = 0; seq < chunks; seq++) {
    const row = db.get<{ data: unknown }>('SELECT data FROM log_content_chunks WHERE log_file_id = ? AND seq = ?', [logFileId, seq]);
    if (!row) throw new ContentError('NOT_FOUND', `The log ${logFileId} was deleted while it was being read.`, { id: logFileId });
    if (!(row.data instanceof Uint8Array)) throw new ContentError('CORRUPT_CONTENT', `The stored content of ${logFileId} is damaged (chunk ${seq}).`, { id: logFileId });
    read += row.data.length;
    yield row.data;
  }
  if (read !== size) throw new ContentError('CORRUPT_CONTENT', `The stored content of ${logFileId} changed while it was being read.`, { id: logFileId });
}

/** How many chunks a log has and their total size (0 and 0 for a log whose content is in the seed's column). */
export function chunkedSize(db: Database, logFileId: string): { chunks: number; size: number } {
  const row = db.get<{ n: number; size: number | null }>('SELECT count(*) AS n, sum(length(data)) AS size FROM log_content_chunks WHERE log_file_id = ?', [logFileId]) as { n: number; size: number | null };
  return { chunks: row.n, size: row.size ?? 0 };
}
