// Which key opens the database, decided without any UI (docs/storage.md "Keys"):
//   TRCAA_DB_KEY (legacy TFTSR_DB_KEY) set        → that passphrase (the desktop app's databases open with it)
//   extension mode Development, no variable       → plain SQLite (the desktop app's debug build)
//   otherwise                                      → a random 256-bit raw key kept in SecretStorage, made on first run
// A key is created only when there is no database yet (or a plain one to convert): an existing encrypted file
// with no key is never given a new one — the user is asked for the recovery key instead.
import { randomBytes } from 'node:crypto';
import type { DatabaseKey } from '../cipher/databaseKey';
import { keyFromSqlCipherString, rawKeyLiteral } from '../cipher/databaseKey';

export type ExtensionModeName = 'Production' | 'Development' | 'Test';

/** The VS Code layer gives SecretStorage; tests give a Map. */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  store(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export const DATABASE_KEY_SECRET = 'trcaa.database.key';
/** A new key written before a re-key's rename and promoted after it: no crash can lose the only key. */
export const PENDING_KEY_SECRET = 'trcaa.database.key.pending';
export const KEY_ENV_VARIABLES = ['TRCAA_DB_KEY', 'TFTSR_DB_KEY'] as const;

export type KeySource = 'environment' | 'secret-storage' | 'new' | 'development-plain';

export type KeyDecision =
  | { kind: 'key'; key: DatabaseKey; source: KeySource; variable?: string; convertPlain: boolean }
  | { kind: 'missing'; reason: string };

export function keyFromEnvironment(env: Readonly<Record<string, string | undefined>>): { key: DatabaseKey; variable: string } | undefined {
  for (const variable of KEY_ENV_VARIABLES) {
    const value = env[variable];
    if (value) return { key: keyFromSqlCipherString(value), variable };
  }
  return undefined;
}

export async function decideDatabaseKey(input: {
  env: Readonly<Record<string, string | undefined>>;
  mode: ExtensionModeName;
  secrets: SecretStore;
  file: { kind: 'missing' | 'empty' | 'plain' | 'encrypted' };
}): Promise<KeyDecision> {
  const { env, mode, secrets, file } = input;
  const fromEnv = keyFromEnvironment(env);
  if (fromEnv) return { kind: 'key', key: fromEnv.key, source: 'environment', variable: fromEnv.variable, convertPlain: file.kind === 'plain' };
  if (mode === 'Development' && file.kind !== 'encrypted') {
    return { kind: 'key', key: { kind: 'plain' }, source: 'development-plain', convertPlain: false };
  }
  const stored = await secrets.get(DATABASE_KEY_SECRET);
  if (stored) return { kind: 'key', key: keyFromSqlCipherString(stored), source: 'secret-storage', convertPlain: file.kind === 'plain' };
  if (file.kind === 'encrypted') {
    return { kind: 'missing', reason: 'The database is encrypted, but this VS Code has no key for it (secret storage may not have travelled with it).' };
  }
  const key = randomBytes(32);
  await secrets.store(DATABASE_KEY_SECRET, rawKeyLiteral(key));
  return { kind: 'key', key: { kind: 'raw', key }, source: 'new', convertPlain: file.kind === 'plain' };
}

/** How a key is kept in SecretStorage: SQLCipher's own notation (x'…' for raw keys, else the passphrase). */
export function secretForm(key: DatabaseKey): string {
  if (key.kind === 'plain') throw new Error('a plain database has no key to store');
  return key.kind === 'raw' ? rawKeyLiteral(key.key) : key.passphrase;
}
