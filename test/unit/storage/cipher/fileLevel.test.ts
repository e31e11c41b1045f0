// The cipher's file-level pieces without SQLite: keys from what a person types, the key derivation checked against
// an independent implementation (@noble/hashes), files recognised before they are opened, page 1 unlocking under
// either page size, every page verified, and an encrypted file decrypted page by page. The files are written here
// by the page codec itself.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hkdf } from '@noble/hashes/hkdf.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { describeKey, keyFromSqlCipherString, rawKeyLiteral } from '../../../../src/storage/cipher/databaseKey';
import { decryptDatabaseFile } from '../../../../src/storage/cipher/decryptFile';
import { inspectFile, setupNew, unlockExisting } from '../../../../src/storage/cipher/fileFormat';
import { deriveJournalKey } from '../../../../src/storage/cipher/journalKey';
import { deriveKeys, RESERVE_SIZE, SALT_SIZE, SQLITE_MAGIC } from '../../../../src/storage/cipher/sqlcipherCodec';
import { verifyPages } from '../../../../src/storage/cipher/verifyPages';
import type { StorageError } from '../../../../src/storage/errors';

const RAW = { kind: 'raw', key: Buffer.alloc(32, 7) } as const;
const isStorageError = (code: string, message?: string | RegExp) => (error: StorageError) =>
  error.code === code && (message === undefined || (typeof message === 'string' ? error.message === message : message.test(error.message)));

/** An encrypted file of `pages` pages under `key`, written by the codec; returns the plain pages too. */
function writeEncrypted(file: string, key: typeof RAW, pageSize: 4096 | 16384, pages: number): Buffer[] {
  const { codec } = setupNew(key, pageSize);
  const plains: Buffer[] = [];
  const stored: Buffer[] = [];
  for (let page = 1; page <= pages; page++) {
    const plain = randomBytes(pageSize);
    if (page === 1) SQLITE_MAGIC.copy(plain, 0);
    const out = Buffer.alloc(pageSize);
    codec.encrypt(page, plain, out);
    plains.push(plain);
    stored.push(out);
  }
  writeFileSync(file, Buffer.concat(stored));
  return plains;
}

describe('cipher: keys and files without SQLite', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'trcaa-cipher-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a raw-key literal (spaces around allowed) or a passphrase kept as typed; says what is wrong otherwise', () => {
    const hex = 'ab'.repeat(32);
    assert.deepEqual(keyFromSqlCipherString(`  x'${hex}'\n`), { kind: 'raw', key: Buffer.from(hex, 'hex') });
    assert.deepEqual(keyFromSqlCipherString(' correct horse '), { kind: 'passphrase', passphrase: ' correct horse ' });
    // The sqlcipher CLI takes X'…' too (it compares the prefix case-insensitively), and blob literals are written so.
    assert.deepEqual(keyFromSqlCipherString(`X'${hex.toUpperCase()}'`), { kind: 'raw', key: Buffer.from(hex, 'hex') });
    assert.throws(() => keyFromSqlCipherString(`x'${hex.slice(1)}'`), isStorageError('BAD_KEY_FORMAT', "A raw key must be written x'<64 hexadecimal digits>' (256 bits)."));
    assert.throws(() => keyFromSqlCipherString(`X'${'g'.repeat(64)}'`), isStorageError('BAD_KEY_FORMAT'));
    assert.throws(() => keyFromSqlCipherString(''), isStorageError('MISSING_KEY', 'The passphrase is empty.'));
    assert.equal(rawKeyLiteral(Buffer.from(hex, 'hex')), `x'${hex}'`);
    assert.deepEqual([describeKey({ kind: 'plain' }), describeKey(RAW), describeKey({ kind: 'passphrase', passphrase: 'p' })], ['plain (unencrypted)', 'raw 256-bit key', 'passphrase']);
  });

  it('derives SQLCipher 4 keys: PBKDF2-HMAC-SHA512 256,000 rounds, HMAC key from the salt XOR 0x3a (checked against @noble/hashes)', function () {
    this.timeout(60_000);
    const salt = randomBytes(SALT_SIZE);
    const masked = Uint8Array.from(salt, (byte) => byte ^ 0x3a);
    const fromPassphrase = deriveKeys({ kind: 'passphrase', passphrase: 'pässword' }, salt);
    const encryptionKey = pbkdf2(sha512, new TextEncoder().encode('pässword'), salt, { c: 256_000, dkLen: 32 });
    assert.deepEqual(new Uint8Array(fromPassphrase.encryptionKey), encryptionKey);
    assert.deepEqual(new Uint8Array(fromPassphrase.hmacKey), pbkdf2(sha512, encryptionKey, masked, { c: 2, dkLen: 32 }));
    const fromRaw = deriveKeys(RAW, salt);
    assert.deepEqual(fromRaw.encryptionKey, RAW.key);
    assert.deepEqual(new Uint8Array(fromRaw.hmacKey), pbkdf2(sha512, RAW.key, masked, { c: 2, dkLen: 32 }));
    const journal = deriveJournalKey(fromRaw, salt);
    assert.deepEqual(new Uint8Array(journal), hkdf(sha256, Buffer.concat([fromRaw.encryptionKey, fromRaw.hmacKey]), salt, new TextEncoder().encode('trcaa rollback journal v1'), 32));
  });

  it('recognises a missing, empty, plain or encrypted file, and refuses a folder or a pipe before opening it', () => {
    assert.deepEqual(inspectFile(path.join(dir, 'none.db')), { kind: 'missing' });
    writeFileSync(path.join(dir, 'empty.db'), '');
    assert.deepEqual(inspectFile(path.join(dir, 'empty.db')), { kind: 'empty' });
    writeFileSync(path.join(dir, 'plain.db'), Buffer.concat([SQLITE_MAGIC, Buffer.alloc(100)]));
    assert.deepEqual(inspectFile(path.join(dir, 'plain.db')), { kind: 'plain' });
    const head = randomBytes(SALT_SIZE);
    writeFileSync(path.join(dir, 'enc.db'), Buffer.concat([head, Buffer.alloc(4080)]));
    assert.deepEqual(inspectFile(path.join(dir, 'enc.db')), { kind: 'encrypted', salt: head, size: 4096 });
    const folder = path.join(dir, 'folder.db');
    mkdirSync(folder);
    assert.throws(() => inspectFile(folder), isStorageError('NOT_A_DATABASE', `${folder} is a folder, not a database file.`));
    const fifo = path.join(dir, 'pipe.db');
    if (spawnSync('mkfifo', [fifo]).status === 0 && existsSync(fifo)) {
      assert.throws(() => inspectFile(fifo), isStorageError('NOT_A_DATABASE', `${fifo} is a named pipe (FIFO), not a database file (not a regular file).`));
    }
  });

  for (const pageSize of [4096, 16384] as const) {
    it(`unlocks a ${pageSize}-byte-page file whichever page size is tried first, and verifies every page`, () => {
      const file = path.join(dir, `pages-${pageSize}.db`);
      writeEncrypted(file, RAW, pageSize, 3);
      const state = inspectFile(file);
      assert.equal(state.kind, 'encrypted');
      if (state.kind !== 'encrypted') return;
      for (const preferred of [4096, 16384] as const) assert.equal(unlockExisting(file, state, RAW, preferred).codec.pageSize, pageSize);
      assert.deepEqual(verifyPages(file, RAW), { pages: 3, pageSize, badPages: [] });
      assert.deepEqual(verifyPages(file, RAW, 16384), { pages: 3, pageSize, badPages: [] });
    });
  }

  it('names the pages whose HMAC fails', () => {
    const file = path.join(dir, 'damaged.db');
    writeEncrypted(file, RAW, 4096, 5);
    const bytes = readFileSync(file);
    bytes[2 * 4096 + 100] ^= 1; // page 3
    bytes[4 * 4096 + 4095] ^= 1; // page 5's HMAC
    writeFileSync(file, bytes);
    assert.deepEqual(verifyPages(file, RAW), { pages: 5, pageSize: 4096, badPages: [3, 5] });
  });

  it('a wrong key, a file cut mid-page or shorter than a page: each its own error', () => {
    const file = path.join(dir, 'keyed.db');
    writeEncrypted(file, RAW, 4096, 2);
    const state = inspectFile(file);
    if (state.kind !== 'encrypted') throw new Error('not encrypted');
    const other = { kind: 'raw', key: Buffer.alloc(32, 8) } as const;
    assert.throws(() => unlockExisting(file, state, other), isStorageError('WRONG_KEY', `The key does not open ${file}: wrong key or passphrase, or not an encrypted TRCAA/SQLCipher database.`));
    const cut = path.join(dir, 'cut.db');
    writeFileSync(cut, readFileSync(file).subarray(0, 4096 + 10));
    const cutState = inspectFile(cut);
    if (cutState.kind !== 'encrypted') throw new Error('not encrypted');
    assert.throws(() => unlockExisting(cut, cutState, RAW), isStorageError('TRUNCATED', `${cut} is truncated: 4106 bytes is not a whole number of 4096-byte pages.`));
    const short = path.join(dir, 'short.db');
    writeFileSync(short, readFileSync(file).subarray(0, 4095));
    const shortState = inspectFile(short);
    if (shortState.kind !== 'encrypted') throw new Error('not encrypted');
    assert.throws(() => unlockExisting(short, shortState, RAW), isStorageError('TRUNCATED', `${short} is truncated: 4095 bytes is less than one page.`));
  });

  it('verifyPages: an empty file has no pages; a plain one is refused as plain', () => {
    const empty = path.join(dir, 'never-written.db');
    writeFileSync(empty, '');
    assert.deepEqual(verifyPages(empty, RAW), { pages: 0, pageSize: 4096, badPages: [] });
    assert.deepEqual(verifyPages(empty, RAW, 16384), { pages: 0, pageSize: 16384, badPages: [] });
    const plain = path.join(dir, 'plain2.db');
    writeFileSync(plain, Buffer.concat([SQLITE_MAGIC, Buffer.alloc(4080)]));
    assert.throws(() => verifyPages(plain, RAW), isStorageError('PLAIN_DATABASE', `${plain} is not an encrypted database (plain).`));
    assert.throws(() => verifyPages(path.join(dir, 'gone.db'), RAW), isStorageError('IO', `${path.join(dir, 'gone.db')} is not an encrypted database (missing).`));
  });

  it('decrypts a file page by page: the plain pages back, SQLite\'s header on page 1, the reserved bytes zeroed', () => {
    const file = path.join(dir, 'to-decrypt.db');
    const plains = writeEncrypted(file, RAW, 4096, 4);
    const target = path.join(dir, 'decrypted.db');
    decryptDatabaseFile(file, RAW, target);
    const out = readFileSync(target);
    assert.equal(out.length, 4 * 4096);
    for (let page = 0; page < 4; page++) {
      const got = out.subarray(page * 4096, (page + 1) * 4096);
      assert.deepEqual(got.subarray(0, 4096 - RESERVE_SIZE), (plains[page] as Buffer).subarray(0, 4096 - RESERVE_SIZE), `page ${page + 1}`);
      assert.ok(got.subarray(4096 - RESERVE_SIZE).every((byte) => byte === 0), `page ${page + 1} reserve`);
    }
    assert.deepEqual(out.subarray(0, 16), SQLITE_MAGIC);
    assert.throws(() => decryptDatabaseFile(file, RAW, target), (error: NodeJS.ErrnoException) => error.code === 'EEXIST');
    assert.throws(() => decryptDatabaseFile(target, RAW, path.join(dir, 'x.db')), isStorageError('IO', `${target} is not an encrypted database (plain).`));
  });

  it('a new file gets a fresh random salt each time', () => {
    const a = setupNew(RAW, 4096);
    const b = setupNew(RAW, 16384);
    assert.equal(a.codec.salt.length, SALT_SIZE);
    assert.notDeepEqual(a.codec.salt, b.codec.salt);
    assert.equal(b.codec.pageSize, 16384);
    assert.deepEqual(a.journalKey, deriveJournalKey(deriveKeys(RAW, a.codec.salt), a.codec.salt));
  });
});
