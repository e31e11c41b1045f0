// The SQLCipher 4 page format (docs/storage.md "The database file: SQLCipher 4"), with node:crypto on the hot path:
//   page n > 1:  AES-256-CBC(plain[0 .. P-80]) ‖ IV[16] ‖ HMAC-SHA512(ciphertext ‖ IV ‖ u32le(n))
//   page 1:      salt[16] ‖ AES-256-CBC(plain[16 .. P-80]) ‖ IV ‖ HMAC over bytes 16 .. P-64 ‖ u32le(1)
// Keys: passphrase → PBKDF2-HMAC-SHA512(passphrase, salt, 256000, 32); raw → the 32 bytes themselves.
// HMAC key: PBKDF2-HMAC-SHA512(key, salt XOR 0x3a, 2, 32).
import { createCipheriv, createDecipheriv, pbkdf2Sync, timingSafeEqual, type Cipher, type Decipher } from 'node:crypto';
import type { DatabaseKey } from './databaseKey';
import { PageMac } from './pageMac';
import { fillRandom } from './randomPool';

export const SALT_SIZE = 16;
export const IV_SIZE = 16;
export const HMAC_SIZE = 64;
export const RESERVE_SIZE = IV_SIZE + HMAC_SIZE; // 80: the reserved bytes at the end of every page
export const KDF_ITERATIONS = 256_000;
export const HMAC_KDF_ITERATIONS = 2;
export const HMAC_SALT_MASK = 0x3a;
export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface CipherKeys {
  encryptionKey: Buffer;
  hmacKey: Buffer;
}

export function deriveKeys(key: Exclude<DatabaseKey, { kind: 'plain' }>, salt: Buffer): CipherKeys {
  const encryptionKey =
    key.kind === 'raw' ? Buffer.from(key.key) : pbkdf2Sync(Buffer.from(key.passphrase, 'utf8'), salt, KDF_ITERATIONS, 32, 'sha512');
  const hmacSalt = Buffer.from(salt.map((byte) => byte ^ HMAC_SALT_MASK));
  const hmacKey = pbkdf2Sync(encryptionKey, hmacSalt, HMAC_KDF_ITERATIONS, 32, 'sha512');
  return { encryptionKey, hmacKey };
}

/** Why a page could not be decrypted: the caller turns this into a user-facing error naming the page. */
export class PageAuthenticationError extends Error {
  constructor(readonly page: number) {
    super(`page ${page} failed its HMAC check`);
  }
}

const ZERO_IV = Buffer.alloc(IV_SIZE);

export class SqlCipherCodec {
  readonly reserve = RESERVE_SIZE;
  private readonly mac: PageMac;
  /**
   * One long-lived AES-256-CBC cipher and decipher per codec instead of two objects per page (their creation costs
   * more than the AES itself). Each page is one CBC message with its own IV; run through a continuing context, a
   * page chains from the previous page's last ciphertext block instead of its IV. Only the first block is affected,
   * so it is corrected: encrypting, P0 ⊕ IV ⊕ prev goes in (E(P0 ⊕ IV ⊕ prev ⊕ prev) = E(P0 ⊕ IV)); decrypting,
   * D(C0) ⊕ prev comes out, and ⊕ prev ⊕ IV gives P0. `prev` is the last ciphertext block each context saw.
   */
  private cipher: Cipher | undefined;
  private readonly cipherPrev = Buffer.alloc(IV_SIZE);
  private decipher: Decipher | undefined;
  private readonly decipherPrev = Buffer.alloc(IV_SIZE);
  private readonly scratch: Buffer;

  constructor(
    readonly pageSize: number,
    readonly salt: Buffer,
    private readonly keys: CipherKeys,
  ) {
    if (salt.length !== SALT_SIZE) throw new Error('salt must be 16 bytes');
    this.scratch = Buffer.alloc(pageSize);
    this.mac = new PageMac(keys.hmacKey, pageSize - HMAC_SIZE);
  }

  /** Encrypts one plaintext page into `out` (both `pageSize` bytes) with a fresh random IV. */
  encrypt(page: number, plain: Uint8Array, out: Uint8Array): void {
    const P = this.pageSize;
    const start = page === 1 ? SALT_SIZE : 0;
    const end = P - RESERVE_SIZE;
    const length = end - start;
    const iv = out.subarray(end, end + IV_SIZE);
    fillRandom(iv); // straight into its place in the stored page
    const input = this.scratch.subarray(0, length);
    input.set(plain.subarray(start, end));
    const prev = this.cipherPrev;
    for (let i = 0; i < IV_SIZE; i++) input[i] = (input[i] as number) ^ (iv[i] as number) ^ (prev[i] as number);
    let body: Buffer;
    try {
      this.cipher ??= createCipheriv('aes-256-cbc', this.keys.encryptionKey, ZERO_IV).setAutoPadding(false);
      body = this.cipher.update(input);
      if (body.length !== length) throw new Error(`AES-256-CBC returned ${body.length} of ${length} bytes`);
    } catch (error) {
      this.cipher = undefined; // its chaining state is unknown now: the next page starts a fresh one
      prev.fill(0);
      throw error;
    }
    prev.set(body.subarray(length - IV_SIZE));
    if (page === 1) out.set(this.salt, 0);
    out.set(body, start);
    out.set(this.mac.of(page, out.subarray(start, end + IV_SIZE)), end + IV_SIZE);
  }

  /** Decrypts one stored page into `out`; throws PageAuthenticationError when the HMAC does not match. */
  decrypt(page: number, stored: Uint8Array, out: Uint8Array): void {
    const P = this.pageSize;
    const start = page === 1 ? SALT_SIZE : 0;
    const end = P - RESERVE_SIZE;
    const length = end - start;
    const expected = this.mac.of(page, stored.subarray(start, end + IV_SIZE));
    if (!timingSafeEqual(expected, stored.subarray(end + IV_SIZE, P))) throw new PageAuthenticationError(page);
    const iv = stored.subarray(end, end + IV_SIZE);
    const prev = this.decipherPrev;
    let body: Buffer;
    try {
      this.decipher ??= createDecipheriv('aes-256-cbc', this.keys.encryptionKey, ZERO_IV).setAutoPadding(false);
      body = this.decipher.update(stored.subarray(start, end));
      if (body.length !== length) throw new Error(`AES-256-CBC returned ${body.length} of ${length} bytes`);
    } catch (error) {
      this.decipher = undefined;
      prev.fill(0);
      throw error;
    }
    for (let i = 0; i < IV_SIZE; i++) body[i] = (body[i] as number) ^ (prev[i] as number) ^ (iv[i] as number);
    prev.set(stored.subarray(end - IV_SIZE, end));
    if (page === 1) out.set(SQLITE_MAGIC, 0);
    out.set(body, start);
    out.set(stored.subarray(end, P), end); // SQLite ignores the reserved bytes; keep them as stored
  }
}
