// How a database is keyed: plain (no encryption), a passphrase (SQLCipher's KDF), or a raw 256-bit key.
import { StorageError } from '../errors';

export type DatabaseKey =
  | { kind: 'plain' }
  | { kind: 'passphrase'; passphrase: string }
  | { kind: 'raw'; key: Buffer };

const RAW_KEY = /^[xX]'([0-9a-fA-F]{64})'$/;

/** SQLCipher's raw-key literal `x'<64 hex>'` (or `X'…'`, as the CLI also takes) → a raw key; anything else is a passphrase. */
export function keyFromSqlCipherString(text: string): DatabaseKey {
  const match = RAW_KEY.exec(text.trim());
  if (match) return { kind: 'raw', key: Buffer.from(match[1] as string, 'hex') };
  if (/^x'/i.test(text.trim())) {
    throw new StorageError('BAD_KEY_FORMAT', "A raw key must be written x'<64 hexadecimal digits>' (256 bits).");
  }
  if (text.length === 0) throw new StorageError('MISSING_KEY', 'The passphrase is empty.');
  return { kind: 'passphrase', passphrase: text };
}

/** The recovery-key form of a raw key: what `PRAGMA key` in the sqlcipher CLI accepts. */
export function rawKeyLiteral(key: Buffer): string {
  return `x'${key.toString('hex')}'`;
}

export function describeKey(key: DatabaseKey): string {
  return key.kind === 'plain' ? 'plain (unencrypted)' : key.kind === 'raw' ? 'raw 256-bit key' : 'passphrase';
}
