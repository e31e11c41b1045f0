// SQLite reads 16 bytes of page 1 (its change counter) at the start of every transaction. PageCipherFile decrypts
// page 1 only when its stored bytes changed: never a stale page 1, never an unauthenticated one.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { RESERVE_SIZE, SALT_SIZE, SqlCipherCodec } from '../../../../src/storage/cipher/sqlcipherCodec';
import { StorageError } from '../../../../src/storage/errors';
import { PageCipherFile } from '../../../../src/storage/vfs/pageCipherFile';
import { useTempDir } from '../testFiles';

const P = 4096;
const keys = { encryptionKey: createHash('sha256').update('enc').digest(), hmacKey: createHash('sha256').update('mac').digest() };

/** A plain page 1 as SQLite writes it: page size, 80 reserved bytes, and `counter` as its change counter. */
function pageOne(counter: number): Uint8Array {
  const plain = randomBytes(P);
  plain.set(Buffer.from('SQLite format 3\0', 'latin1'), 0);
  plain[16] = P >> 8;
  plain[17] = P & 0xff;
  plain[20] = RESERVE_SIZE;
  new DataView(plain.buffer, plain.byteOffset).setUint32(24, counter);
  return plain;
}

/** A codec whose decryptions are counted. */
function countingCodec(salt: Buffer): { codec: SqlCipherCodec; decrypts: () => number } {
  const codec = new SqlCipherCodec(P, salt, keys);
  let count = 0;
  const decrypt = codec.decrypt.bind(codec);
  codec.decrypt = (page, stored, out) => {
    count++;
    decrypt(page, stored, out);
  };
  return { codec, decrypts: () => count };
}

const counterOf = (file: PageCipherFile): number => {
  const header = new Uint8Array(16);
  assert.equal(file.read(header, 24), 16);
  return new DataView(header.buffer).getUint32(0);
};

describe('PageCipherFile: page 1 read at every transaction', () => {
  const dir = useTempDir('trcaa-page1-');
  let fds: number[];
  const open = (file: string) => {
    if (!existsSync(file)) writeFileSync(file, '');
    const fd = openSync(file, 'r+');
    fds.push(fd);
    return fd;
  };
  beforeEach(() => (fds = []));
  afterEach(() => fds.forEach((fd) => closeSync(fd)));

  it('decrypts page 1 once while nobody rewrites it, and afresh once another connection did', () => {
    const file = path.join(dir(), 'db');
    const salt = randomBytes(SALT_SIZE);
    const mine = countingCodec(salt);
    const theirs = countingCodec(salt);
    const ours = new PageCipherFile(open(file), mine.codec, 'db');
    const other = new PageCipherFile(open(file), theirs.codec, 'db');

    ours.write(pageOne(1), 0);
    for (let i = 0; i < 5; i++) assert.equal(counterOf(ours), 1);
    assert.equal(mine.decrypts(), 0, 'what we wrote ourselves is known');

    assert.equal(counterOf(other), 1);
    assert.equal(counterOf(other), 1);
    assert.equal(theirs.decrypts(), 1, 'the other connection decrypted it once');

    other.write(pageOne(2), 0);
    assert.equal(counterOf(ours), 2, 'the other connection\'s commit is seen');
    assert.equal(counterOf(ours), 2);
    assert.equal(mine.decrypts(), 1);
  });

  it('authenticates a page 1 changed on disk instead of answering from what it knew', () => {
    const file = path.join(dir(), 'db');
    const ours = new PageCipherFile(open(file), new SqlCipherCodec(P, randomBytes(SALT_SIZE), keys), 'db');
    ours.write(pageOne(7), 0);
    assert.equal(counterOf(ours), 7);
    const fd = open(file);
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, 100);
    byte[0] = byte[0]! ^ 1;
    writeSync(fd, byte, 0, 1, 100);
    assert.throws(() => counterOf(ours), (error: unknown) => error instanceof StorageError && error.code === 'WRONG_KEY');
  });
});
