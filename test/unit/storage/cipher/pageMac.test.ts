// PageMac computes SQLCipher's page HMAC from precomputed padded key blocks (RFC 2104) with one-shot hashes: it must
// equal node:crypto's own HMAC-SHA512 of the bytes and the little-endian page number, call after call.
import * as assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { PageMac } from '../../../../src/storage/cipher/pageMac';

function reference(key: Buffer, page: number, bytes: Uint8Array): Buffer {
  const number = Buffer.alloc(4);
  number.writeUInt32LE(page, 0);
  return createHmac('sha512', key).update(bytes).update(number).digest();
}

describe('PageMac (HMAC-SHA512 of a page and its number)', () => {
  for (const oneShot of [true, false]) {
    it(`equals createHmac for both page sizes, any page number and message length (${oneShot ? 'one-shot hashes' : 'createHmac'})`, () => {
      for (const [pageSize, keyLength] of [
        [4096, 32],
        [16384, 32],
        [4096, 128],
        [4096, 200], // longer than SHA-512's block: hashed first
        [4096, 1],
      ] as const) {
        const key = randomBytes(keyLength);
        const mac = new PageMac(key, pageSize - 64, oneShot);
        // Longest first, then shorter ones: bytes left in the reused buffer must not count.
        for (const [page, length] of [
          [2, pageSize - 64],
          [1, pageSize - 80],
          [0xffffffff, 17],
          [7, 0],
          [0x01020304, pageSize - 64],
        ] as const) {
          const bytes = randomBytes(length);
          assert.deepEqual(mac.of(page, bytes), reference(key, page, bytes), `page size ${pageSize}, key ${keyLength} bytes, page ${page}, ${length} bytes`);
        }
      }
    });
  }

  it('gives each page number its own HMAC for the same bytes', () => {
    const mac = new PageMac(randomBytes(32), 4032);
    const bytes = randomBytes(4032);
    assert.notDeepEqual(mac.of(2, bytes), mac.of(3, bytes));
    assert.deepEqual(mac.of(2, bytes), mac.of(2, bytes));
  });

  it('refuses a message longer than it was made for', () => {
    const mac = new PageMac(randomBytes(32), 100);
    assert.doesNotThrow(() => mac.of(1, randomBytes(100)));
    // Refused by its own check, naming both sizes — not by a write past the buffer's end.
    assert.throws(() => mac.of(1, randomBytes(101)), { name: 'RangeError', message: 'PageMac: 101 bytes is more than the 100 it was made for' });
    assert.throws(() => mac.of(1, randomBytes(104)), { name: 'RangeError', message: 'PageMac: 104 bytes is more than the 100 it was made for' });
  });
});
