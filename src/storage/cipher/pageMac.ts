// The HMAC-SHA512 of a page as SQLCipher 4 computes it: HMAC(hmacKey, bytes ‖ u32le(page number)).
// createHmac() builds a new OpenSSL HMAC context per call — per page read or written — and that costs nearly as much
// as hashing the 4 KiB page itself. HMAC is H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message)) (RFC 2104): with both padded
// key blocks made once, a page is two one-shot crypto.hash() calls over a buffer this object reuses.
import { createHash, createHmac, hash } from 'node:crypto';

/** SHA-512's block size: the key is padded to it (RFC 2104). */
const BLOCK = 128;

export class PageMac {
  /** (K ⊕ ipad) ‖ message ‖ page number: the inner hash's input, the message copied in per page. */
  private readonly inner: Buffer;
  /** (K ⊕ opad) ‖ inner digest. */
  private readonly outer = Buffer.alloc(BLOCK + 64);

  /**
   * `maxBytes`: the longest message (a page's ciphertext and IV). `oneShot` false: createHmac per page (the Node
   * versions without crypto.hash, before 20.12; also how tests compare both ways).
   */
  constructor(
    private readonly key: Buffer,
    maxBytes: number,
    private readonly oneShot = typeof hash === 'function',
  ) {
    // Keys longer than a block are hashed first (RFC 2104); SQLCipher's are 32 bytes, but any key stays correct.
    const padded = Buffer.alloc(BLOCK);
    padded.set(key.length > BLOCK ? createHash('sha512').update(key).digest() : key);
    this.inner = Buffer.alloc(BLOCK + maxBytes + 4);
    for (let i = 0; i < BLOCK; i++) {
      this.inner[i] = (padded[i] as number) ^ 0x36;
      this.outer[i] = (padded[i] as number) ^ 0x5c;
    }
  }

  /** The 64-byte HMAC of `bytes` followed by `page` as a little-endian u32. */
  of(page: number, bytes: Uint8Array): Buffer {
    if (!this.oneShot) {
      const number = Buffer.alloc(4);
      number.writeUInt32LE(page, 0);
      return createHmac('sha512', this.key).update(bytes).update(number).digest();
    }
    const end = BLOCK + bytes.length;
    if (end + 4 > this.inner.length) throw new RangeError(`PageMac: ${bytes.length} bytes is more than the ${this.inner.length - BLOCK - 4} it was made for`);
    this.inner.set(bytes, BLOCK);
    this.inner.writeUInt32LE(page, end);
    this.outer.set(hash('sha512', this.inner.subarray(0, end + 4), 'buffer'), BLOCK);
    return hash('sha512', this.outer, 'buffer');
  }
}
