// What the database file of one connection wrote last to its most recently written pages: plain and stored bytes.
// SQLite journals a page as it was when the transaction began, and SQLCipher's journal layout wants it encrypted as
// in the database file for that page number (sqlcipherJournalFile.ts). For a page this connection wrote in an
// earlier transaction — page 1 and the leaves that a burst of small commits keeps changing — the bytes it stored
// then are such an encryption: the record reuses them instead of encrypting the page again (an AES-CBC pass and an
// HMAC per journaled page, about half of a small commit's cipher work). Only when the plaintext is byte for byte the
// one encrypted then, so an IV never serves two plaintexts; and only in the journal, which by SQLite's design holds
// the database's earlier content: the database file itself gets a fresh IV on every write, so a rewrite with
// unchanged content does not show as such.
import { RESERVE_SIZE, SALT_SIZE } from '../cipher/sqlcipherCodec';

/** How much a connection keeps: 64 pages of 4 KiB (16 of 16 KiB), plain and stored. */
export const WRITTEN_PAGES_BYTES = 512 * 1024;

interface Written {
  plain: Buffer;
  stored: Buffer;
}

export class WrittenPages {
  /** By page number, least recently written first. */
  private readonly pages = new Map<number, Written>();
  private readonly capacity: number;

  constructor(
    private readonly pageSize: number,
    bytes = WRITTEN_PAGES_BYTES,
  ) {
    this.capacity = Math.max(1, Math.floor(bytes / (2 * pageSize)));
  }

  /** Page `page` now holds `stored` in the database file, the encryption of `plain` (both pageSize bytes). */
  remember(page: number, plain: Uint8Array, stored: Uint8Array): void {
    let entry = this.pages.get(page);
    if (entry) {
      this.pages.delete(page); // to the most recent end
    } else if (this.pages.size >= this.capacity) {
      const [oldest, reused] = this.pages.entries().next().value as [number, Written];
      this.pages.delete(oldest);
      entry = reused;
    }
    entry ??= { plain: Buffer.alloc(this.pageSize), stored: Buffer.alloc(this.pageSize) };
    entry.plain.set(plain);
    entry.stored.set(stored);
    this.pages.set(page, entry);
  }

  /**
   * The stored bytes last written for `page` when they encrypt exactly `plain` (the bytes the cipher covers: not
   * page 1's header, not the reserved bytes, which the stored page replaces); else undefined.
   */
  storedFor(page: number, plain: Uint8Array): Buffer | undefined {
    const entry = this.pages.get(page);
    if (!entry) return undefined;
    const start = page === 1 ? SALT_SIZE : 0;
    const end = this.pageSize - RESERVE_SIZE;
    return entry.plain.subarray(start, end).equals(plain.subarray(start, end)) ? entry.stored : undefined;
  }
}
