// The files behind our VFS. SQLite sees byte ranges; each implementation decides what reaches the disk.
import { closeSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

export interface VfsFile {
  /** Fills `dest` from `offset`; returns how many bytes exist there (fewer at the end of the file). */
  read(dest: Uint8Array, offset: number): number;
  write(src: Uint8Array, offset: number): void;
  truncate(size: number): void;
  sync(): void;
  size(): number;
  close(): void;
}

/** Reads as much as the file holds at `position`, looping over short reads. */
export function readFully(fd: number, dest: Uint8Array, position: number): number {
  let done = 0;
  while (done < dest.length) {
    const n = readSync(fd, dest, done, dest.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

export function writeFully(fd: number, src: Uint8Array, position: number): void {
  let done = 0;
  while (done < src.length) done += writeSync(fd, src, done, src.length - done, position + done);
}

/** fsync by path: a file, or a folder (so a new or renamed entry in it is durable). */
export function fsyncPath(target: string): void {
  const fd = openSync(target, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Bytes as they are: plain databases (Development mode) and their journals. */
export class PlainFile implements VfsFile {
  constructor(protected readonly fd: number) {}
  read(dest: Uint8Array, offset: number): number {
    return readFully(this.fd, dest, offset);
  }
  write(src: Uint8Array, offset: number): void {
    writeFully(this.fd, src, offset);
  }
  truncate(size: number): void {
    ftruncateSync(this.fd, size);
  }
  /** The data and what reading it back needs (the size), not the timestamps: fdatasync, as SQLite's unix VFS does. */
  sync(): void {
    fdatasyncSync(this.fd);
  }
  size(): number {
    return fstatSync(this.fd).size;
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** A nameless temporary file SQLite asks for: it lives in memory and never reaches the disk. */
export class MemoryFile implements VfsFile {
  private data = new Uint8Array(0);
  private length = 0;

  read(dest: Uint8Array, offset: number): number {
    const n = Math.max(0, Math.min(dest.length, this.length - offset));
    dest.set(this.data.subarray(offset, offset + n));
    return n;
  }
  write(src: Uint8Array, offset: number): void {
    const end = offset + src.length;
    if (end > this.data.length) {
      const grown = new Uint8Array(Math.max(end, this.data.length * 2));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(src, offset);
    this.length = Math.max(this.length, end);
  }
  truncate(size: number): void {
    if (size < this.length) this.data.fill(0, size, this.length);
    this.length = Math.min(this.length, size);
  }
  sync(): void {}
  size(): number {
    return this.length;
  }
  close(): void {
    this.data = new Uint8Array(0);
  }
}
