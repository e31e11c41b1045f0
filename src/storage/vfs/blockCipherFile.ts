// Our earlier format for the side files of an encrypted database. Rollback journals are now in SQLCipher's own
// layout (sqlcipherJournalFile.ts); this class still writes super-journals (a transaction over several attached
// databases) and reads a hot journal an earlier TRCAA left, so it is rolled back after an update. The file's
// logical bytes are cut into 4096-byte blocks, each stored as
//     nonce[12] ‖ AES-256-GCM(block) ‖ tag[16]        (only the last block may be shorter)
// with the block's index as additional data, so a block cannot be moved, and a fresh nonce on every write.
// The logical size follows from the physical size alone. The key is derived from the database's keys (HKDF), so
// a hot journal left by a crash can be read back, and nothing about the pages it holds is readable on disk.
//
// A block that fails authentication reads as zeros. Such a block can only come from a write torn by a crash
// before SQLite synced the journal, i.e. before it touched the database file; zeros fail SQLite's own journal
// checksums, so playback stops there, exactly as it would on a torn plain journal. Nothing unauthenticated is
// ever returned as data.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, ftruncateSync } from 'node:fs';
import { fillRandom } from '../cipher/randomPool';
import type { VfsFile } from './vfsFile';
import { readFully, writeFully } from './vfsFile';

export const BLOCK_SIZE = 4096;
const NONCE = 12;
const TAG = 16;
const OVERHEAD = NONCE + TAG;
const STORED_BLOCK = BLOCK_SIZE + OVERHEAD;

export class BlockCipherFile implements VfsFile {
  private readonly stored = new Uint8Array(STORED_BLOCK);
  private readonly aad = Buffer.alloc(8);
  /**
   * The last block read or written, in plaintext. SQLite appends a journal record in three writes (page number,
   * page, checksum) that straddle blocks: a block being appended to stays here (`dirty`) until it is full or
   * something needs it on disk (flush()), so each block is encrypted once, not once per write touching it.
   */
  private readonly cache = new Uint8Array(BLOCK_SIZE);
  private cachedIndex = -1;
  private cachedLength = 0;
  private dirty = false;
  /** Blocks that read as zeros because they failed authentication (see above); for diagnostics and tests. */
  readonly damagedBlocks = new Set<number>();
  /** Logical bytes covered by the last sync(): SQLite may already rely on them (it writes the database next). */
  private durableSize = 0;
  /**
   * The logical size, unsaved bytes included, while this handle may rely on it: from its first write or truncate
   * until forgetSize(), which the VFS calls at every lock change of the database. Only the connection holding
   * RESERVED or more writes a journal, so between two lock changes nobody else changes it under a writer.
   */
  private knownSize: number | undefined;

  constructor(
    private readonly fd: number,
    private readonly key: Buffer,
  ) {}

  size(): number {
    return this.knownSize ?? this.storedSize();
  }

  /** Forget the cached size (a lock change: another connection may write the file next). Flushes first. */
  forgetSize(): void {
    this.flush();
    this.knownSize = undefined;
  }

  read(dest: Uint8Array, offset: number): number {
    const size = this.size();
    let done = 0;
    while (done < dest.length && offset + done < size) {
      const position = offset + done;
      const index = Math.floor(position / BLOCK_SIZE);
      const length = this.load(index);
      const within = position - index * BLOCK_SIZE;
      const n = Math.min(length - within, dest.length - done);
      if (n <= 0) break;
      dest.set(this.cache.subarray(within, within + n), done);
      done += n;
    }
    return done;
  }

  write(src: Uint8Array, offset: number): void {
    let size = this.trackedSize();
    // Writing past the end first fills the gap with zeros, as a sparse file would read.
    if (offset > size) {
      this.write(new Uint8Array(offset - size), size);
      size = offset;
    }
    // Appending into a block that holds synced bytes re-encrypts and rewrites them in place. SQLite does that right
    // after a sync (a new journal header at the next 4 KiB boundary, when it spills pages mid-transaction) and then
    // writes the database file, relying on those bytes: a power cut could tear the rewrite (the block would read
    // as zeros) after the database changed. So the rewrite is made durable before SQLite goes on.
    const rewritesSynced = offset >= this.durableSize && Math.floor(offset / BLOCK_SIZE) * BLOCK_SIZE < this.durableSize;
    let done = 0;
    while (done < src.length) {
      const position = offset + done;
      const index = Math.floor(position / BLOCK_SIZE);
      const within = position - index * BLOCK_SIZE;
      const n = Math.min(BLOCK_SIZE - within, src.length - done);
      if (index !== this.cachedIndex) {
        if (index * BLOCK_SIZE < size) {
          this.load(index);
        } else {
          this.flush();
          this.cachedIndex = index;
          this.cachedLength = 0;
        }
      }
      this.cache.set(src.subarray(done, done + n), within);
      this.cachedLength = Math.max(this.cachedLength, within + n);
      this.dirty = true;
      // A full block is final until SQLite rewrites it (rare): store it now. A partial one waits for the rest.
      if (this.cachedLength === BLOCK_SIZE) this.flush();
      done += n;
    }
    this.knownSize = Math.max(size, offset + src.length);
    if (rewritesSynced) {
      this.flush();
      fsyncSync(this.fd);
    }
  }

  truncate(size: number): void {
    if (size >= this.trackedSize()) return;
    const index = Math.floor(size / BLOCK_SIZE);
    const keep = size - index * BLOCK_SIZE;
    const tail = keep > 0 ? this.cache.slice(0, Math.min(keep, this.load(index))) : undefined;
    this.dirty = false;
    this.cachedIndex = -1;
    ftruncateSync(this.fd, index * STORED_BLOCK);
    this.durableSize = Math.min(this.durableSize, size);
    this.knownSize = index * BLOCK_SIZE;
    if (tail) {
      this.cache.set(tail);
      this.cachedIndex = index;
      this.cachedLength = tail.length;
      this.dirty = true;
      this.knownSize = size;
      this.flush();
    }
  }

  sync(): void {
    this.flush();
    fsyncSync(this.fd);
    this.durableSize = this.size();
  }

  /** Stores the block being appended to, if it has unsaved bytes. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.storeBlock(this.cachedIndex, this.cache.subarray(0, this.cachedLength));
  }

  close(): void {
    try {
      this.flush();
    } finally {
      this.cachedIndex = -1;
      this.dirty = false;
      closeSync(this.fd);
    }
  }

  /** The size this handle relies on from its first change on. */
  private trackedSize(): number {
    this.knownSize ??= this.storedSize();
    return this.knownSize;
  }

  private storedSize(): number {
    return logicalSize(fstatSync(this.fd).size);
  }

  /** Makes block `index` the cached one (saving the previous one first); returns its length. */
  private load(index: number): number {
    if (this.cachedIndex === index) return this.cachedLength;
    this.flush();
    this.cachedIndex = -1;
    const n = readFully(this.fd, this.stored, index * STORED_BLOCK);
    let length = 0;
    if (n <= OVERHEAD) {
      length = this.damaged(index, Math.max(0, n - OVERHEAD));
    } else {
      this.aad.writeBigUInt64LE(BigInt(index));
      try {
        const decipher = createDecipheriv('aes-256-gcm', this.key, this.stored.subarray(0, NONCE));
        decipher.setAAD(this.aad);
        decipher.setAuthTag(this.stored.subarray(n - TAG, n));
        const body = decipher.update(this.stored.subarray(NONCE, n - TAG));
        decipher.final();
        this.cache.set(body);
        length = body.length;
      } catch {
        length = this.damaged(index, n - OVERHEAD);
      }
    }
    this.cachedIndex = index;
    this.cachedLength = length;
    return length;
  }

  private storeBlock(index: number, data: Uint8Array): void {
    const out = Buffer.allocUnsafe(OVERHEAD + data.length);
    fillRandom(out.subarray(0, NONCE));
    this.aad.writeBigUInt64LE(BigInt(index));
    const cipher = createCipheriv('aes-256-gcm', this.key, out.subarray(0, NONCE));
    cipher.setAAD(this.aad);
    const body = cipher.update(data);
    cipher.final();
    out.set(body, NONCE);
    out.set(cipher.getAuthTag(), NONCE + data.length);
    writeFully(this.fd, out, index * STORED_BLOCK);
  }

  private damaged(index: number, length: number): number {
    this.damagedBlocks.add(index);
    this.cache.fill(0, 0, length);
    return length;
  }
}

export function logicalSize(physical: number): number {
  const full = Math.floor(physical / STORED_BLOCK);
  const rest = physical - full * STORED_BLOCK;
  return full * BLOCK_SIZE + (rest > OVERHEAD ? rest - OVERHEAD : 0);
}

/**
 * Whether the file open as `fd` is in this format under `key`: its first block authenticates (or, torn by a kill
 * while its header was rewritten, its second one). Anything else is not ours to read with this class.
 */
export function isBlockCipherFile(fd: number, key: Buffer): boolean {
  const stored = Buffer.alloc(STORED_BLOCK);
  const aad = Buffer.alloc(8);
  for (const index of [0, 1]) {
    const n = readFully(fd, stored, index * STORED_BLOCK);
    if (n <= OVERHEAD) return false;
    aad.writeBigUInt64LE(BigInt(index));
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(0, NONCE));
      decipher.setAAD(aad);
      decipher.setAuthTag(stored.subarray(n - TAG, n));
      decipher.update(stored.subarray(NONCE, n - TAG));
      decipher.final();
      return true;
    } catch {
      // not this block: try the next
    }
  }
  return false;
}
