// Which key encrypts integration credentials and MCP auth values (docs/storage.md "Keys"), kept apart from the
// database key so that showing or changing one never exposes the other:
//   TRCAA_ENCRYPTION_KEY (legacy TFTSR_ENCRYPTION_KEY) set → SHA-256 of its UTF-8 bytes: the desktop app's
//                                                          derivation, so the desktop's credentials decrypt
//   otherwise                                             → a random 256-bit key kept in SecretStorage
import { createHash, randomBytes } from 'node:crypto';
import type { SecretStore } from './keyPolicy';

export const CREDENTIAL_KEY_SECRET = 'trcaa.credentials.key';
export const CREDENTIAL_KEY_ENV_VARIABLES = ['TRCAA_ENCRYPTION_KEY', 'TFTSR_ENCRYPTION_KEY'] as const;

export type CredentialKeySource = 'environment' | 'secret-storage' | 'new';

export interface CredentialKeyDecision {
  key: Buffer;
  source: CredentialKeySource;
  /** The environment variable the key came from. */
  variable?: string;
  /** Set when something the user should know happened (e.g. an unusable stored key was replaced). */
  warning?: string;
}

/** The desktop app's credential key: SHA-256 of the variable's value. */
export function desktopCredentialKey(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function credentialKeyFromEnvironment(env: Readonly<Record<string, string | undefined>>): { key: Buffer; variable: string } | undefined {
  for (const variable of CREDENTIAL_KEY_ENV_VARIABLES) {
    const value = env[variable];
    if (value) return { key: desktopCredentialKey(value), variable };
  }
  return undefined;
}

const STORED_KEY = /^[0-9a-f]{64}$/;

export async function decideCredentialKey(input: { env: Readonly<Record<string, string | undefined>>; secrets: SecretStore }): Promise<CredentialKeyDecision> {
  const fromEnv = credentialKeyFromEnvironment(input.env);
  if (fromEnv) return { key: fromEnv.key, source: 'environment', variable: fromEnv.variable };
  const stored = await input.secrets.get(CREDENTIAL_KEY_SECRET);
  if (stored && STORED_KEY.test(stored)) return { key: Buffer.from(stored, 'hex'), source: 'secret-storage' };
  // Only credentials depend on this key, and they can be entered again; the database stays readable either way.
  const key = randomBytes(32);
  await input.secrets.store(CREDENTIAL_KEY_SECRET, key.toString('hex'));
  return {
    key,
    source: 'new',
    ...(stored ? { warning: 'The stored credentials key was not a 256-bit hex key and was replaced: credentials saved under it must be entered again.' } : {}),
  };
}
