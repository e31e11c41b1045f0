// A stored BLOB read in windows with substr(). The bundled SQLite WASM build leaves out incremental BLOB I/O
// (no sqlite3_blob_open/read among its exports), and substr() on a BLOB makes SQLite load the whole value
// before slicing it (measured: 20 ms per 64 KiB substr of a 64 MiB BLOB, against 3 ms for length()). So windows
// are large — at least a quarter of the value — which bounds the whole-value loads at four per read while
// JavaScript holds one window at a time, and no statement or lock is held between windows.
import type { Database } from '../database';
import { ContentError } from './errors';

export const MIN_WINDOW_BYTES = 4 * 1024 * 1024;
export const MAX_WINDOWS = 4;

export interface BlobLocation {
  table: 'log_files' | 'image_attachments';
  column: 'content_compressed' | 'image_data';
  id: string;
  /** length() of the value when the read began. */
  size: number;
}

export function windowSize(size: number): number {
  return Math.max(MIN_WINDOW_BYTES, Math.ceil(size / MAX_WINDOWS));
}

/** Yields the BLOB in order, one window per SELECT; a row deleted or changed meanwhile is a typed error. */
export function* blobWindows(db: Database, at: BlobLocation, window = windowSize(at.size)): Generator<Uint8Array, void, undefined> {
  for (let offset = 0; offset < at.size; offset += window) {
    const length = Math.min(window, at.size - offset);
    const row = db.get<{ chunk: unknown; size: number | null }>(
      `SELECT substr(${at.column}, ?, ?) AS chunk, length(${at.column}) AS size FROM ${at.table} WHERE id = ?`,
      [offset + 1, length, at.id],
    );
    if (!row) throw new ContentError('NOT_FOUND', `The attachment ${at.id} was deleted while it was being read.`, { id: at.id });
    if (row.size !== at.size || !(row.chunk instanceof Uint8Array) || row.chunk.length !== length) {
      throw new ContentError('CORRUPT_CONTENT', `The stored content of ${at.id} changed while it was being read.`, { id: at.id });
    }
    yield row.chunk;
  }
}
