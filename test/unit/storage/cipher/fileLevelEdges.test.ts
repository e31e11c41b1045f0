// More of the cipher's edges: a file of exactly one page, details carried by each error, descriptors closed on every
// path, special files named, the codec's own messages, and the IV pool's large requests and refills.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { keyFromSqlCipherString } from '../../../../src/storage/cipher/databaseKey';
import { decryptDatabaseFile } from '../../../../src/storage/cipher/decryptFile';
import { inspectFile, setupNew, unlockExisting } from '../../../../src/storage/cipher/fileFormat';
import { fillRandom, randomBytesFromPool } from '../../../../src/storage/cipher/randomPool';
import { PageAuthenticationError, SALT_SIZE, SQLITE_MAGIC, SqlCipherCodec } from '../../../../src/storage/cipher/sqlcipherCodec';
import { verifyPages } from '../../../../src/storage/cipher/verifyPages';
import type { StorageError } from '../../../../src/storage/errors';

const RAW = { kind: 'raw', key: Buffer.alloc(32, 9) } as const;
const openDescriptors = () => readdirSync('/proc/self/fd').length;

function writeEncrypted(file: string, pages: number): void {
  const { codec } = setupNew(RAW, 4096);
  const out: Buffer[] = [];
  for (let page = 1; page <= pages; page++) {
    const plain = randomBytes(4096);
    if (page === 1) SQLITE_MAGIC.copy(plain, 0);
    const stored = Buffer.alloc(4096);
    codec.encrypt(page, plain, stored);
    out.push(stored);
  }
  writeFileSync(file, Buffer.concat(out));
}

describe('cipher: more edges', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'trcaa-cipher2-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a file of exactly one page unlocks; with the wrong key it is a wrong key, not a truncated file', () => {
    const file = path.join(dir, 'one.db');
    writeEncrypted(file, 1);
    const state = inspectFile(file);
    if (state.kind !== 'encrypted') throw new Error('not encrypted');
    assert.equal(unlockExisting(file, state, RAW).codec.pageSize, 4096);
    assert.throws(() => unlockExisting(file, state, { kind: 'raw', key: Buffer.alloc(32, 1) }), (e: StorageError) => e.code === 'WRONG_KEY' && e.details.file === file);
  });

  it('every error names its file in its details', () => {
    const cut = path.join(dir, 'cut.db');
    const good = path.join(dir, 'good.db');
    writeEncrypted(good, 2);
    writeFileSync(cut, Buffer.concat([readFileSync(good), Buffer.alloc(10)]));
    const state = inspectFile(cut);
    if (state.kind !== 'encrypted') throw new Error('not encrypted');
    assert.throws(() => unlockExisting(cut, state, RAW), (e: StorageError) => e.code === 'TRUNCATED' && e.details.file === cut);
    const short = path.join(dir, 'short.db');
    writeFileSync(short, randomBytes(100));
    const shortState = inspectFile(short);
    if (shortState.kind !== 'encrypted') throw new Error('not encrypted');
    assert.throws(() => unlockExisting(short, shortState, RAW), (e: StorageError) => e.code === 'TRUNCATED' && e.details.file === short);
    assert.throws(() => inspectFile(dir), (e: StorageError) => e.details.file === dir);
    const plain = path.join(dir, 'plain.db');
    writeFileSync(plain, Buffer.concat([SQLITE_MAGIC, Buffer.alloc(100)]));
    assert.throws(() => verifyPages(plain, RAW), (e: StorageError) => e.details.file === plain);
    assert.throws(() => decryptDatabaseFile(plain, RAW, path.join(dir, 'out.db')), (e: StorageError) => e.code === 'IO' && e.details.file === plain);
  });

  it('a path through a file, and a device, are refused with what they are', () => {
    const file = path.join(dir, 'plainfile');
    writeFileSync(file, 'x');
    assert.throws(() => inspectFile(path.join(file, 'db')), (e: StorageError) => e.code === 'IO' && e.message.startsWith(`Cannot read ${path.join(file, 'db')}: `) && e.details.file === path.join(file, 'db'));
    assert.throws(() => inspectFile('/dev/null'), (e: StorageError) => e.code === 'NOT_A_DATABASE' && e.message === '/dev/null is a device or other special file, not a database file (not a regular file).');
  });

  it('no file descriptor is left open, whatever the outcome', () => {
    const file = path.join(dir, 'fds.db');
    writeEncrypted(file, 3);
    const state = inspectFile(file);
    if (state.kind !== 'encrypted') throw new Error('not encrypted');
    const before = openDescriptors();
    for (let i = 0; i < 20; i++) {
      inspectFile(file);
      unlockExisting(file, state, RAW);
      assert.throws(() => unlockExisting(file, state, { kind: 'raw', key: Buffer.alloc(32, 2) }));
      verifyPages(file, RAW);
      const target = path.join(dir, `plain-${i}.db`);
      decryptDatabaseFile(file, RAW, target);
      assert.throws(() => decryptDatabaseFile(file, RAW, target));
    }
    assert.equal(openDescriptors(), before);
  });

  it('the codec says what is wrong: a salt that is not 16 bytes, the page whose HMAC fails', () => {
    const keys = { encryptionKey: Buffer.alloc(32, 1), hmacKey: Buffer.alloc(32, 2) };
    assert.throws(() => new SqlCipherCodec(4096, Buffer.alloc(15), keys), { message: 'salt must be 16 bytes' });
    const codec = new SqlCipherCodec(4096, Buffer.alloc(SALT_SIZE, 3), keys);
    const stored = Buffer.alloc(4096);
    codec.encrypt(7, randomBytes(4096), stored);
    stored[0] ^= 1;
    assert.throws(() => codec.decrypt(7, stored, Buffer.alloc(4096)), (e: PageAuthenticationError) => e instanceof PageAuthenticationError && e.page === 7 && e.message === 'page 7 failed its HMAC check');
  });

  it('keys: a raw-key prefix only counts at the start (spaces aside); a quote inside a passphrase is fine', () => {
    assert.deepEqual(keyFromSqlCipherString("it's max'd"), { kind: 'passphrase', passphrase: "it's max'd" });
    assert.throws(() => keyFromSqlCipherString("  x'abc'"), (e: StorageError) => e.code === 'BAD_KEY_FORMAT');
  });

  it('the IV pool: requests larger than the pool are random throughout; draws across refills never come back zeroed', () => {
    for (const n of [4097, 10_000, 65_536]) {
      const big = new Uint8Array(n);
      fillRandom(big);
      for (let at = 0; at + 64 <= n; at += 64) assert.ok(big.subarray(at, at + 64).some((byte) => byte !== 0), `${n} bytes: zeros at ${at}`);
    }
    for (let i = 0; i < 2000; i++) {
      const iv = randomBytesFromPool(i % 3 === 0 ? 100 : 16);
      assert.ok(iv.subarray(iv.length - 8).some((byte) => byte !== 0), `draw ${i} ends in zeros`);
    }
  });
});

