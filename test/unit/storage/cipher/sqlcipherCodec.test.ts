// The page codec keeps one AES-256-CBC cipher and decipher alive and corrects each page's first block for the
// chaining value (sqlcipherCodec.ts). Every page must still be exactly one CBC message under its own IV: checked
// against @noble/ciphers (an independent AES), page by page, in any order, across both page sizes and page 1.
import * as assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { cbc } from '@noble/ciphers/aes.js';
import { HMAC_SIZE, IV_SIZE, PageAuthenticationError, RESERVE_SIZE, SALT_SIZE, SqlCipherCodec, SQLITE_MAGIC } from '../../../../src/storage/cipher/sqlcipherCodec';

const keys = { encryptionKey: createHash('sha256').update('enc').digest(), hmacKey: createHash('sha256').update('mac').digest() };

function plainPage(pageSize: number, page: number): Uint8Array {
  const plain = randomBytes(pageSize);
  if (page === 1) plain.set(SQLITE_MAGIC, 0);
  return plain;
}

describe('SqlCipherCodec with long-lived AES contexts', () => {
  for (const pageSize of [4096, 16384]) {
    it(`writes each ${pageSize}-byte page as one CBC message under its own IV, and reads any order back`, () => {
      const codec = new SqlCipherCodec(pageSize, randomBytes(SALT_SIZE), keys);
      const end = pageSize - RESERVE_SIZE;
      const pages = [3, 1, 7, 2, 2, 9, 1, 5, 4, 8, 6, 3];
      const written: { page: number; plain: Uint8Array; stored: Uint8Array }[] = [];
      for (const page of pages) {
        const plain = plainPage(pageSize, page);
        const stored = new Uint8Array(pageSize);
        codec.encrypt(page, plain, stored);
        const start = page === 1 ? SALT_SIZE : 0;
        const iv = stored.subarray(end, end + IV_SIZE);
        const reference = cbc(keys.encryptionKey, iv, { disablePadding: true }).decrypt(stored.subarray(start, end));
        assert.deepEqual(Buffer.from(reference), Buffer.from(plain.subarray(start, end)), `page ${page} decrypts alone`);
        written.push({ page, plain, stored });
      }
      // Read back through a codec that saw other pages in between, in reverse order, twice.
      const reader = new SqlCipherCodec(pageSize, codec.salt, keys);
      for (const { page, plain, stored } of [...written].reverse().concat(written)) {
        const out = new Uint8Array(pageSize);
        reader.decrypt(page, stored, out);
        assert.deepEqual(Buffer.from(out.subarray(0, end)), Buffer.from(plain.subarray(0, end)), `page ${page}`);
      }
    });
  }

  it('reads pages written by a fresh CBC context per page (as SQLCipher writes them)', () => {
    const pageSize = 4096;
    const codec = new SqlCipherCodec(pageSize, randomBytes(SALT_SIZE), keys);
    const end = pageSize - RESERVE_SIZE;
    for (const page of [2, 1, 5, 5, 3]) {
      const plain = plainPage(pageSize, page);
      const start = page === 1 ? SALT_SIZE : 0;
      const iv = randomBytes(IV_SIZE);
      const stored = new Uint8Array(pageSize);
      if (page === 1) stored.set(codec.salt, 0);
      stored.set(cbc(keys.encryptionKey, iv, { disablePadding: true }).encrypt(plain.subarray(start, end)), start);
      stored.set(iv, end);
      const mac = createHmacOf(stored.subarray(start, end + IV_SIZE), page);
      stored.set(mac, end + IV_SIZE);
      const out = new Uint8Array(pageSize);
      codec.decrypt(page, stored, out);
      assert.deepEqual(Buffer.from(out.subarray(0, end)), Buffer.from(plain.subarray(0, end)), `page ${page}`);
    }
  });

  it('refuses a page whose HMAC fails, and keeps decrypting the next pages correctly', () => {
    const pageSize = 4096;
    const codec = new SqlCipherCodec(pageSize, randomBytes(SALT_SIZE), keys);
    const plain = plainPage(pageSize, 2);
    const stored = new Uint8Array(pageSize);
    codec.encrypt(2, plain, stored);
    const bad = Uint8Array.from(stored);
    bad[100] = (bad[100] as number) ^ 1;
    assert.throws(() => codec.decrypt(2, bad, new Uint8Array(pageSize)), PageAuthenticationError);
    const out = new Uint8Array(pageSize);
    codec.decrypt(2, stored, out);
    assert.deepEqual(Buffer.from(out.subarray(0, pageSize - RESERVE_SIZE)), Buffer.from(plain.subarray(0, pageSize - RESERVE_SIZE)));
    assert.equal(HMAC_SIZE, 64);
  });
});

function createHmacOf(data: Uint8Array, page: number): Buffer {
  const n = Buffer.alloc(4);
  n.writeUInt32LE(page, 0);
  return createHmac('sha512', keys.hmacKey).update(data).update(n).digest();
}
