// The keys the benchmark uses: a passphrase (SQLCipher's PBKDF2 with 256,000 iterations on open) and a raw key.
import type { DatabaseKey } from '../../src/storage/cipher/databaseKey';

export type BenchKey = Exclude<DatabaseKey, { kind: 'plain' }>;

export const PASSPHRASE_KEY: BenchKey = { kind: 'passphrase', passphrase: 'bench passphrase' };
export const RAW_KEY: BenchKey = { kind: 'raw', key: Buffer.from('7f'.repeat(16) + '3c'.repeat(16), 'hex') };

export function keyPragma(key: BenchKey): string {
  return key.kind === 'raw' ? `PRAGMA key = "x'${key.key.toString('hex')}'";` : `PRAGMA key = '${key.passphrase}';`;
}

/** What crosses a process boundary: a Buffer does not survive JSON. */
export type KeySpec = { kind: 'raw'; hex: string } | { kind: 'passphrase'; passphrase: string };

export function toSpec(key: BenchKey): KeySpec {
  return key.kind === 'raw' ? { kind: 'raw', hex: key.key.toString('hex') } : { kind: 'passphrase', passphrase: key.passphrase };
}

export function fromSpec(spec: KeySpec): BenchKey {
  return spec.kind === 'raw' ? { kind: 'raw', key: Buffer.from(spec.hex, 'hex') } : spec;
}
