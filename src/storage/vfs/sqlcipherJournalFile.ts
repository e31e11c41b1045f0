// The rollback journal of an encrypted database, in SQLCipher's own layout, so that any SQLCipher 4 build (the
// `sqlcipher` CLI, DB Browser) rolls back a hot journal we leave, and we roll back one it leaves. SQLite's pager
// writes the journal as segments: a header (magic, nRec, cksumInit, original database size, sector size, page size;
// one sector long), then records `u32be pgno ‖ page ‖ u32be cksum`, each in three writes, where
// cksum = cksumInit + Σ page[i] for i = P-200, P-400, … > 0. SQLCipher stores the page encrypted exactly as in the
// database file for that page number (AES-CBC, fresh IV, HMAC with the page number) and the checksum over those
// encrypted bytes; the headers stay plain.
//
// SQLite-wasm has no codec: it hands us plain pages and expects plain pages back. So a record's page is encrypted
// on write (its page number is the 4 bytes just before it) — or, when the database file last stored exactly that
// page through this connection, those stored bytes are reused (writtenPages.ts) — and its checksum rewritten over
// the ciphertext; on read
// the page is authenticated and decrypted, and the checksum rewritten over the plaintext, which is what SQLite
// checks. A record's page is told from everything else by size and place: exactly one page long, at an offset
// 4 mod 8 (headers start on sector boundaries, records are 8 bytes longer than a page).
import { fstatSync } from 'node:fs';
import path from 'node:path';
import { StorageError } from '../errors';
import { PageAuthenticationError } from '../cipher/sqlcipherCodec';
import type { SqlCipherCodec } from '../cipher/sqlcipherCodec';
import { PlainFile, readFully, writeFully } from './vfsFile';
import type { WrittenPages } from './writtenPages';

export const JOURNAL_MAGIC = Buffer.from('d9d505f920a163d7', 'hex');
const HEADER_FIELDS = 28;

/** SQLite's journal checksum of one page: every 200th byte counted back from the end, added to cksumInit. */
function pageSum(page: Uint8Array): number {
  let sum = 0;
  for (let i = page.length - 200; i > 0; i -= 200) sum += page[i] as number;
  return sum;
}

const isRecordPage = (length: number, offset: number, pageSize: number) => length === pageSize && offset % 8 === 4;

export class SqlCipherJournalFile extends PlainFile {
  private readonly stored: Uint8Array;
  private readonly pageNumber = Buffer.alloc(4);
  private readonly checksum = Buffer.alloc(4);
  /** The record whose page was written or read last: its checksum follows at `at`, off by `delta`. */
  private lastRecord: { at: number; delta: number } | undefined;
  /**
   * The record being written, held: SQLite writes a record in three calls in a row (page number, page, checksum),
   * which reach the file as one write once the checksum comes — a third of the write calls of a commit. Any other
   * call writes what is held first, as does the database file before it changes (DatabaseFile.write), so the file
   * lacks no byte SQLite wrote by the time anything could rely on it.
   */
  private readonly record: Buffer;
  private held: { at: number; length: number } | undefined;

  constructor(
    fd: number,
    private readonly codec: SqlCipherCodec,
    private readonly fileName: string,
    /** The database file's last writes: a record of a page written then reuses its stored bytes (writtenPages.ts). */
    private readonly written?: WrittenPages,
  ) {
    super(fd);
    this.stored = new Uint8Array(codec.pageSize);
    this.record = Buffer.alloc(codec.pageSize + 8);
  }

  override write(src: Uint8Array, offset: number): void {
    const P = this.codec.pageSize;
    const held = this.held;
    if (held && offset === held.at + held.length) {
      if (held.length === 4 && isRecordPage(src.length, offset, P)) {
        this.encryptRecord(this.record.readUInt32BE(0), src, this.record.subarray(4, 4 + P), offset);
        held.length += P;
        return;
      }
      if (held.length === 4 + P && src.length === 4 && this.lastRecord?.at === offset) {
        this.record.writeUInt32BE(this.storedChecksum(src, this.lastRecord.delta), 4 + P);
        this.lastRecord = undefined;
        this.held = undefined;
        writeFully(this.fd, this.record, held.at);
        return;
      }
    }
    this.flush();
    if (isRecordPage(src.length, offset, P)) {
      // Its page number was written apart (not held): read back.
      this.encryptRecord(this.recordPageNumber(offset), src, this.stored, offset);
      writeFully(this.fd, this.stored, offset);
      return;
    }
    if (src.length === 4 && this.lastRecord?.at === offset) {
      this.checksum.writeUInt32BE(this.storedChecksum(src, this.lastRecord.delta));
      this.lastRecord = undefined;
      writeFully(this.fd, this.checksum, offset);
      return;
    }
    this.lastRecord = undefined;
    // Perhaps a record's page number (records start 8-byte aligned): held for its page and checksum.
    if (src.length === 4 && offset % 8 === 0) {
      this.record.set(src, 0);
      this.held = { at: offset, length: 4 };
      return;
    }
    writeFully(this.fd, src, offset);
  }

  /** The stored form of a record's page into `out`: what the database file stored last for it, or a fresh encryption. */
  private encryptRecord(pgno: number, plain: Uint8Array, out: Uint8Array, offset: number): void {
    const stored = this.written?.storedFor(pgno, plain);
    if (stored) out.set(stored);
    else this.codec.encrypt(pgno, plain, out);
    this.lastRecord = { at: offset + this.codec.pageSize, delta: pageSum(out) - pageSum(plain) };
  }

  /** SQLite's checksum over the plain page becomes SQLCipher's over the stored one: same cksumInit. */
  private storedChecksum(plainChecksum: Uint8Array, delta: number): number {
    return (Buffer.from(plainChecksum.buffer, plainChecksum.byteOffset, 4).readUInt32BE(0) + delta) >>> 0;
  }

  /** Writes the record held, if any. */
  flush(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    writeFully(this.fd, this.record.subarray(0, held.length), held.at);
  }

  /** At a lock change of the database (DatabaseFile): nothing may stay held across it. */
  forgetSize(): void {
    this.flush();
  }

  override truncate(size: number): void {
    this.flush();
    super.truncate(size);
  }

  override sync(): void {
    this.flush();
    super.sync();
  }

  override size(): number {
    this.flush();
    return super.size();
  }

  override close(): void {
    try {
      this.flush();
    } finally {
      super.close();
    }
  }

  override read(dest: Uint8Array, offset: number): number {
    const P = this.codec.pageSize;
    this.flush();
    if (isRecordPage(dest.length, offset, P)) {
      const n = readFully(this.fd, this.stored, offset);
      if (n < P) {
        this.lastRecord = undefined;
        return readFully(this.fd, dest, offset); // cut short: SQLite stops at a short read
      }
      const pgno = this.recordPageNumber(offset);
      try {
        this.codec.decrypt(pgno, this.stored, dest);
      } catch (error) {
        if (error instanceof PageAuthenticationError) throw damagedJournal(this.fileName, `the record at byte ${offset - 4} (page ${pgno}) failed its integrity check (HMAC)`);
        throw error;
      }
      this.lastRecord = { at: offset + P, delta: pageSum(this.stored) - pageSum(dest) };
      return P;
    }
    if (dest.length === 4 && this.lastRecord?.at === offset) {
      const n = readFully(this.fd, this.checksum, offset);
      const delta = this.lastRecord.delta;
      this.lastRecord = undefined;
      if (n < 4) return readFully(this.fd, dest, offset);
      Buffer.from(dest.buffer, dest.byteOffset, 4).writeUInt32BE((this.checksum.readUInt32BE(0) - delta) >>> 0);
      return 4;
    }
    this.lastRecord = undefined;
    return readFully(this.fd, dest, offset);
  }

  /** The page number of the record whose page starts at `offset`: written in plain just before it. */
  private recordPageNumber(offset: number): number {
    if (readFully(this.fd, this.pageNumber, offset - 4) < 4) throw damagedJournal(this.fileName, `the record at byte ${offset - 4} has no page number`);
    const pgno = this.pageNumber.readUInt32BE(0);
    if (pgno === 0) throw damagedJournal(this.fileName, `the record at byte ${offset - 4} names page 0`);
    return pgno;
  }
}

export function damagedJournal(journal: string, why: string): StorageError {
  const name = path.basename(journal);
  return new StorageError(
    'CORRUPT_JOURNAL',
    `The rollback journal ${name} is damaged: ${why}. It holds the pages that undo an unfinished transaction, so the database ` +
      `is not opened (it could hold half of that transaction) and no file was changed. Keep ${name} and the database file ` +
      `together, and restore both from a backup or copy them aside before deciding anything else.`,
    { file: journal },
  );
}

export type JournalState = 'empty' | 'stale' | 'hot';

/**
 * What SQLite would make of the journal open as `fd` (an SQLCipher-layout journal of a database using `codec`),
 * checking everything SQLite would rely on in a hot one: a header that is neither a journal header nor one not
 * yet synced (zeros where the magic goes), a page size other than the database's, and within each synced segment
 * a record that is missing, names page 0, fails its checksum or fails its HMAC all throw CORRUPT_JOURNAL. SQLite
 * itself would stop its playback silently at the first of those and keep the half-written database.
 * Records past a segment's nRec were never synced (a torn tail): SQLite ignores them, and so does this check.
 */
export function checkSqlCipherJournal(fd: number, journal: string, codec: SqlCipherCodec): JournalState {
  const P = codec.pageSize;
  const size = fstatSync(fd).size;
  if (size === 0) return 'empty';
  const head = Buffer.alloc(HEADER_FIELDS);
  const n = readFully(fd, head, 0);
  // A writer killed before its first journal sync leaves zeros where the magic and nRec go: not hot.
  if (head.subarray(0, Math.min(n, 12)).every((byte) => byte === 0)) return 'stale';
  if (n < HEADER_FIELDS || !head.subarray(0, 8).equals(JOURNAL_MAGIC)) throw damagedJournal(journal, 'its header is not a journal header');
  const sectorSize = head.readUInt32BE(20);
  const pageSize = head.readUInt32BE(24);
  if (pageSize !== P) throw damagedJournal(journal, `its header gives a page size of ${pageSize} bytes, the database uses ${P}`);
  if (sectorSize < 32 || sectorSize > 65536 || (sectorSize & (sectorSize - 1)) !== 0) throw damagedJournal(journal, `its header gives an impossible sector size (${sectorSize})`);

  const record = Buffer.alloc(P + 8);
  const plain = Buffer.alloc(P);
  for (let segment = 0; segment + sectorSize <= size; ) {
    readFully(fd, head, segment);
    // A later header without the magic ends the journal, for SQLite too (it is not synced, or is an older tail).
    if (segment > 0 && !head.subarray(0, 8).equals(JOURNAL_MAGIC)) break;
    const cksumInit = head.readUInt32BE(12);
    let nRec = head.readUInt32BE(8);
    // 0xffffffff: written without syncing (synchronous = OFF); SQLite takes every whole record that follows.
    if (nRec === 0xffffffff) nRec = Math.floor((size - segment - sectorSize) / (P + 8));
    let at = segment + sectorSize;
    for (let i = 1; i <= nRec; i++, at += P + 8) {
      const where = `record ${i} of ${nRec} after the header at byte ${segment}`;
      if (readFully(fd, record, at) < P + 8) throw damagedJournal(journal, `it ends inside ${where}: synced records are missing`);
      const pgno = record.readUInt32BE(0);
      const page = record.subarray(4, 4 + P);
      if (pgno === 0) throw damagedJournal(journal, `${where} names page 0`);
      if (((cksumInit + pageSum(page)) >>> 0) !== record.readUInt32BE(4 + P)) throw damagedJournal(journal, `${where} (page ${pgno}) fails its checksum`);
      try {
        codec.decrypt(pgno, page, plain);
      } catch (error) {
        if (error instanceof PageAuthenticationError) throw damagedJournal(journal, `${where} (page ${pgno}) failed its integrity check (HMAC)`);
        throw error;
      }
    }
    segment = Math.ceil(at / sectorSize) * sectorSize;
  }
  return 'hot';
}
