// Streamed reads for the main thread. A stream cannot cross the worker boundary, so the worker keeps the
// stream and hands out a handle; each read returns the next chunk (a Uint8Array, which structured clone copies,
// or a string for a redacted text read).
// Between reads nothing is locked (the BLOB is read in windows), so a forgotten handle costs only memory:
// idle handles expire and the number open at once is bounded.
import { randomUUID } from 'node:crypto';
import { ContentError } from './errors';

export const DEFAULT_READ_CHUNK_BYTES = 1024 * 1024;
const MAX_OPEN = 32;
const IDLE_MS = 5 * 60 * 1000;

type Chunk = Uint8Array | string;

interface Reader {
  iterator: AsyncIterator<Chunk>;
  /** Bytes, or UTF-16 code units for text. */
  chunkBytes: number;
  lastUsed: number;
  text: boolean;
}

export class ContentReaders {
  private readonly readers = new Map<string, Reader>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether the handle reads text (openText) rather than bytes. */
  isText(handle: string): boolean {
    return this.readers.get(handle)?.text === true;
  }

  get openCount(): number {
    return this.readers.size;
  }

  open(content: AsyncIterable<Uint8Array>, chunkBytes = DEFAULT_READ_CHUNK_BYTES): string {
    return this.add(content, chunkBytes, false);
  }

  /** A text read: read() returns strings of about `chunkUnits` UTF-16 code units. */
  openText(content: AsyncIterable<string>, chunkUnits = DEFAULT_READ_CHUNK_BYTES): string {
    return this.add(content, chunkUnits, true);
  }

  private add(content: AsyncIterable<Chunk>, chunkBytes: number, text: boolean): string {
    this.expire();
    const handle = randomUUID();
    this.readers.set(handle, { iterator: content[Symbol.asyncIterator](), chunkBytes, lastUsed: this.now(), text });
    return handle;
  }

  /** About `chunkBytes` of content (one inflated chunk more at most), or null at the end (the handle closes). */
  async read(handle: string): Promise<Uint8Array | null> {
    const chunk = await this.next(handle, false);
    return chunk as Uint8Array | null;
  }

  /** The next piece of a text read, or null at the end (the handle closes). */
  async readText(handle: string): Promise<string | null> {
    const chunk = await this.next(handle, true);
    return chunk as string | null;
  }

  private async next(handle: string, text: boolean): Promise<Chunk | null> {
    const reader = this.readers.get(handle);
    if (!reader) throw new ContentError('HANDLE_CLOSED', 'This content read has finished, was closed or expired; open it again.', { handle });
    if (reader.text !== text) {
      throw new ContentError('HANDLE_CLOSED', text ? 'This handle reads bytes: use readContent().' : 'This handle reads redacted text: use readRedacted().', { handle });
    }
    reader.lastUsed = this.now();
    const parts: Chunk[] = [];
    let size = 0;
    try {
      while (size < reader.chunkBytes) {
        const next = await reader.iterator.next();
        if (next.done) break;
        parts.push(next.value);
        size += next.value.length;
      }
    } catch (error) {
      this.readers.delete(handle);
      throw error;
    }
    if (size === 0) {
      this.readers.delete(handle);
      return null;
    }
    if (text) return (parts as string[]).join('');
    // A fresh, exactly sized array: structured clone copies a view's whole ArrayBuffer (zlib's 64 KiB output
    // buffers, Buffer's shared pool), so a view would send more than this chunk across the thread boundary.
    const out = new Uint8Array(size);
    let at = 0;
    for (const part of parts as Uint8Array[]) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  async close(handle: string): Promise<boolean> {
    const reader = this.readers.get(handle);
    if (!reader) return false;
    this.readers.delete(handle);
    await reader.iterator.return?.();
    return true;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.readers.keys()].map((handle) => this.close(handle)));
  }

  /** Drops readers idle too long, then the least recently used while too many are open. */
  private expire(): void {
    const now = this.now();
    const byAge = [...this.readers.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [handle, reader] of byAge) {
      if (now - reader.lastUsed <= IDLE_MS && this.readers.size < MAX_OPEN) break;
      this.readers.delete(handle);
      reader.iterator.return?.()?.catch(() => undefined);
    }
  }
}
