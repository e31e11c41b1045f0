// The main database file in the SQLCipher 4 format: every page encrypted and authenticated on its own.
import type { SqlCipherCodec } from '../cipher/sqlcipherCodec';
import { PageAuthenticationError, RESERVE_SIZE } from '../cipher/sqlcipherCodec';
import { StorageError } from '../errors';
import { PlainFile, readFully, writeFully } from './vfsFile';
import type { WrittenPages } from './writtenPages';

/** A PlainFile whose reads decrypt and whose writes encrypt; truncate, sync, size and close are the plain ones. */
export class PageCipherFile extends PlainFile {
  private readonly stored: Uint8Array;
  private readonly plain: Uint8Array;
  /**
   * Page 1 as last decrypted or written, stored and plain. SQLite reads its change counter (16 bytes of page 1) at
   * the start of every transaction, where the C build reads them raw; identical stored bytes decrypt to identical
   * plain ones, so a page 1 nobody rewrote is not decrypted (and authenticated) again.
   */
  private readonly page1 = { known: false, stored: Buffer.alloc(0), plain: Buffer.alloc(0) };

  constructor(
    fd: number,
    private readonly codec: SqlCipherCodec,
    private readonly fileName: string,
    /** Where the pages written are remembered for the journal (writtenPages.ts), when given. */
    private readonly written?: WrittenPages,
  ) {
    super(fd);
    this.stored = new Uint8Array(codec.pageSize);
    this.plain = new Uint8Array(codec.pageSize);
    this.page1.stored = Buffer.alloc(codec.pageSize);
    this.page1.plain = Buffer.alloc(codec.pageSize);
  }

  override read(dest: Uint8Array, offset: number): number {
    const P = this.codec.pageSize;
    let done = 0;
    while (done < dest.length) {
      const position = offset + done;
      const page = Math.floor(position / P) + 1;
      const within = position - (page - 1) * P;
      const n = Math.min(P - within, dest.length - done);
      // SQLite reads whole pages: decrypt straight into its buffer.
      if (n === P) {
        if (!this.readPage(page, dest.subarray(done, done + P))) break;
      } else {
        if (!this.readPage(page, this.plain)) break;
        dest.set(this.plain.subarray(within, within + n), done);
      }
      done += n;
    }
    return done;
  }

  override write(src: Uint8Array, offset: number): void {
    const P = this.codec.pageSize;
    let done = 0;
    while (done < src.length) {
      const position = offset + done;
      const page = Math.floor(position / P) + 1;
      const within = position - (page - 1) * P;
      const n = Math.min(P - within, src.length - done);
      // SQLite writes whole pages; a partial write (never seen in practice) merges with what is stored.
      let plain: Uint8Array;
      if (n === P) {
        plain = src.subarray(done, done + P);
      } else {
        if (!this.readPage(page, this.plain)) this.plain.fill(0);
        this.plain.set(src.subarray(done, done + n), within);
        plain = this.plain;
      }
      if (page === 1) this.checkHeader(plain);
      this.codec.encrypt(page, plain, this.stored);
      if (page === 1) this.page1.known = false; // until written whole
      writeFully(this.fd, this.stored, (page - 1) * P);
      if (page === 1) this.remember(this.stored, plain);
      this.written?.remember(page, plain, this.stored);
      done += n;
    }
  }

  /** Decrypts page `page` into `out` (pageSize bytes); false when the file ends before it. */
  private readPage(page: number, out: Uint8Array): boolean {
    const P = this.codec.pageSize;
    const n = readFully(this.fd, this.stored, (page - 1) * P);
    if (n === 0) return false;
    if (n < P) {
      throw new StorageError('TRUNCATED', `${this.fileName} is truncated: page ${page} has ${n} of ${P} bytes.`, { page, file: this.fileName });
    }
    if (page === 1 && this.page1.known && this.page1.stored.equals(this.stored)) {
      out.set(this.page1.plain);
      return true;
    }
    try {
      this.codec.decrypt(page, this.stored, out);
    } catch (error) {
      if (error instanceof PageAuthenticationError) {
        throw page === 1
          ? new StorageError('WRONG_KEY', `The key does not open ${this.fileName} (or it is not an encrypted database).`, { page, file: this.fileName })
          : new StorageError('CORRUPT_PAGE', `Page ${page} of ${this.fileName} failed its integrity check (HMAC): the file was changed or damaged on disk.`, { page, file: this.fileName });
      }
      throw error;
    }
    if (page === 1) this.remember(this.stored, out);
    return true;
  }

  private remember(stored: Uint8Array, plain: Uint8Array): void {
    this.page1.stored.set(stored);
    this.page1.plain.set(plain);
    this.page1.known = true;
  }

  /** A page 1 without 80 reserved bytes or with another page size would "encrypt" into a malformed file. */
  private checkHeader(plain: Uint8Array): void {
    const pageSize = ((plain[16] as number) << 8) | (plain[17] as number);
    const reserve = plain[20];
    const effective = pageSize === 1 ? 65536 : pageSize;
    if (effective !== 0 && effective !== this.codec.pageSize) {
      throw new StorageError('IO', `Refusing to write: SQLite page size ${effective} differs from the cipher page size ${this.codec.pageSize}.`);
    }
    if (reserve !== RESERVE_SIZE && effective !== 0) {
      throw new StorageError('IO', `Refusing to write: page 1 reserves ${reserve} bytes per page, SQLCipher needs ${RESERVE_SIZE}.`);
    }
  }
}
