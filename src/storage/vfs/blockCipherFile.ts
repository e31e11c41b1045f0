// Every other file of an encrypted database (rollback journal, super-journal) in our own format: the file's
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
import { randomBytesFromPool } from '../cipher/randomPool';
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
  /** The last block decrypted or written: journals are appended in pieces smaller than a block. */
  private cached: { index: number; data: Uint8Array } | undefined;
  /** Blocks that read as zeros because they failed authentication (see above); for diagnostics and tests. */
  readonly damagedBlocks = new Set<number>();
  /** Logical bytes covered by the last sync(): SQLite may already rely on them (it writes the database next). */
  private durableSize = 0;

  constructor(
    private readonly fd: number,
    private readonly key: Buffer,
  ) {}

  size(): number {
    return logicalSize(fstatSync(this.fd).size);
  }

  read(dest: Uint8Array, offset: number): number {
    const size = this.size();
    let done = 0;
    while (done < dest.length && offset + done < size) {
      const position = offset + done;
      const index = Math.floor(position / BLOCK_SIZE);
      const block = this.block(index);
      const within = position - index * BLOCK_SIZE;
      const n = Math.min(block.length - within, dest.length - done);
      if (n <= 0) break;
      dest.set(block.subarray(within, within + n), done);
      done += n;
    }
    return done;
  }

  write(src: Uint8Array, offset: number): void {
    const size = this.size();
    // Writing past the end first fills the gap with zeros, as a sparse file would read.
    if (offset > size) this.write(new Uint8Array(offset - size), size);
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
      const existing = index * BLOCK_SIZE < this.size() ? this.block(index) : new Uint8Array(0);
      const length = Math.max(existing.length, within + n);
      const data = new Uint8Array(length);
      data.set(existing);
      data.set(src.subarray(done, done + n), within);
      this.storeBlock(index, data);
      done += n;
    }
    if (rewritesSynced) fsyncSync(this.fd);
  }

  truncate(size: number): void {
    if (size >= this.size()) return;
    const index = Math.floor(size / BLOCK_SIZE);
    const keep = size - index * BLOCK_SIZE;
    const tail = keep > 0 ? this.block(index).slice(0, keep) : undefined;
    ftruncateSync(this.fd, index * STORED_BLOCK);
    this.cached = undefined;
    this.durableSize = Math.min(this.durableSize, size);
    if (tail) this.storeBlock(index, tail);
  }

  sync(): void {
    fsyncSync(this.fd);
    this.durableSize = this.size();
  }

  close(): void {
    this.cached = undefined;
    closeSync(this.fd);
  }

  private block(index: number): Uint8Array {
    if (this.cached?.index === index) return this.cached.data;
    const n = readFully(this.fd, this.stored, index * STORED_BLOCK);
    if (n <= OVERHEAD) return this.damaged(index, Math.max(0, n - OVERHEAD));
    const stored = this.stored.subarray(0, n);
    this.aad.writeBigUInt64LE(BigInt(index));
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, stored.subarray(0, NONCE));
      decipher.setAAD(this.aad);
      decipher.setAuthTag(stored.subarray(n - TAG));
      const data = Buffer.concat([decipher.update(stored.subarray(NONCE, n - TAG)), decipher.final()]);
      this.cached = { index, data };
      return data;
    } catch {
      return this.damaged(index, n - OVERHEAD);
    }
  }

  private storeBlock(index: number, data: Uint8Array): void {
    const nonce = randomBytesFromPool(NONCE);
    this.aad.writeBigUInt64LE(BigInt(index));
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(this.aad);
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    writeFully(this.fd, Buffer.concat([nonce, body, cipher.getAuthTag()]), index * STORED_BLOCK);
    this.cached = { index, data };
  }

  private damaged(index: number, length: number): Uint8Array {
    this.damagedBlocks.add(index);
    return new Uint8Array(length);
  }
}

export function logicalSize(physical: number): number {
  const full = Math.floor(physical / STORED_BLOCK);
  const rest = physical - full * STORED_BLOCK;
  return full * BLOCK_SIZE + (rest > OVERHEAD ? rest - OVERHEAD : 0);
}
