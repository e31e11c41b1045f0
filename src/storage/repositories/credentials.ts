// Integration credentials (AES-256-GCM) and integration configuration, one per service.
// A token is stored as base64(nonce[12] ‖ ciphertext ‖ tag[16]) under the credentials key (keys/credentialKey.ts),
// with a fresh random nonce each time; token_hash is its SHA-256 (hex), for audit and telling tokens apart.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { CredentialSummary, IntegrationConfig, IntegrationConfigInput, IntegrationService, SaveCredentialOptions } from '../../core/model/credential';
import { integrationServiceSchema, parseIntegrationConfig, saveCredentialOptionsSchema, tokenSchema } from '../../core/model/credential';
import { sqlTimestamp } from '../clock';
import { newId } from '../ids';
import type { RepositoryContext } from './context';

export type CredentialErrorCode =
  | 'NO_CREDENTIAL_KEY' // no credentials key was configured for this database connection
  | 'UNAUTHENTIC' // the ciphertext fails GCM authentication: another key, or the stored value was changed
  | 'MALFORMED'; // the stored value is not base64(nonce ‖ ciphertext ‖ tag)

export class CredentialError extends Error {
  constructor(
    readonly code: CredentialErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CredentialError';
  }
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HASH_PREFIX = 12;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** AES-256-GCM with a random 96-bit nonce: base64(nonce ‖ ciphertext ‖ tag), the desktop app's format. */
export function encryptSecret(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

/** The inverse of encryptSecret; a value that does not authenticate under `key` is a CredentialError. */
export function decryptSecret(key: Buffer, stored: string, what = 'the stored secret'): string {
  const bytes = Buffer.from(stored, 'base64');
  // Buffer.from skips characters that are not base64: re-encoding must give the same text back.
  if (bytes.length < NONCE_BYTES + TAG_BYTES || bytes.toString('base64').replace(/=+$/, '') !== stored.trim().replace(/=+$/, '')) {
    throw new CredentialError('MALFORMED', `${what} is not an AES-256-GCM value (base64 of nonce, ciphertext and tag).`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new CredentialError(
      'UNAUTHENTIC',
      `${what} cannot be decrypted with this credentials key: it was saved under another key (e.g. on another machine, or with another TRCAA_ENCRYPTION_KEY), or it was altered. Enter it again.`,
    );
  }
}

export function requireCredentialKey(key: Buffer | undefined): Buffer {
  if (!key) {
    throw new CredentialError('NO_CREDENTIAL_KEY', 'No credentials key is configured: set TRCAA_ENCRYPTION_KEY, or open the database from VS Code, which keeps one in its secret storage.');
  }
  return key;
}

interface CredentialRow {
  id: string;
  service: IntegrationService;
  token_hash: string;
  encrypted_token: string;
  created_at: string;
  expires_at: string | null;
}

interface ConfigRow {
  id: string;
  service: IntegrationService;
  base_url: string;
  username: string | null;
  project_name: string | null;
  space_key: string | null;
  auto_create_enabled: number;
  updated_at: string;
}

const toConfig = (row: ConfigRow): IntegrationConfig => ({
  id: row.id,
  service: row.service,
  baseUrl: row.base_url,
  username: row.username,
  projectName: row.project_name,
  spaceKey: row.space_key,
  autoCreateEnabled: row.auto_create_enabled === 1,
  updatedAt: row.updated_at,
});

export class CredentialRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Saves the service's token, replacing the one saved before (UNIQUE(service)). */
  save(service: IntegrationService, token: string, options: SaveCredentialOptions = {}): CredentialSummary {
    const name = integrationServiceSchema.parse(service);
    const value = tokenSchema.parse(token);
    const { expiresAt } = saveCredentialOptionsSchema.parse(options);
    const key = requireCredentialKey(this.ctx.credentialKey);
    const { db, audit, clock } = this.ctx;
    const hash = tokenHash(value);
    const now = sqlTimestamp(clock.now());
    return db.transaction(() => {
      db.exec(
        `INSERT INTO credentials(id, service, token_hash, encrypted_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(service) DO UPDATE SET token_hash = excluded.token_hash, encrypted_token = excluded.encrypted_token,
           created_at = excluded.created_at, expires_at = excluded.expires_at`,
        [newId(), name, hash, encryptSecret(key, value), now, expiresAt ?? null],
      );
      db.recordChange({ entity: 'credential', kind: 'updated', ids: [name] });
      audit.append({ action: 'credential.saved', entityType: 'credential', entityId: name, details: { service: name, token_hash_prefix: hash.slice(0, HASH_PREFIX) } });
      return { service: name, tokenHashPrefix: hash.slice(0, HASH_PREFIX), createdAt: now, expiresAt: expiresAt ?? null };
    });
  }

  /** The decrypted token, or undefined when none is saved for the service. */
  token(service: IntegrationService): string | undefined {
    const name = integrationServiceSchema.parse(service);
    const row = this.ctx.db.get<CredentialRow>('SELECT * FROM credentials WHERE service = ?', [name]);
    if (!row) return undefined;
    return decryptSecret(requireCredentialKey(this.ctx.credentialKey), row.encrypted_token, `The ${name} token`);
  }

  /** Removes the service's token; false when there was none. */
  remove(service: IntegrationService): boolean {
    const name = integrationServiceSchema.parse(service);
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      const row = db.get<CredentialRow>('SELECT * FROM credentials WHERE service = ?', [name]);
      if (!row) return false;
      db.exec('DELETE FROM credentials WHERE service = ?', [name]);
      db.recordChange({ entity: 'credential', kind: 'deleted', ids: [name] });
      audit.append({ action: 'credential.removed', entityType: 'credential', entityId: name, details: { service: name, token_hash_prefix: row.token_hash.slice(0, HASH_PREFIX) } });
      return true;
    });
  }

  /** Every saved credential, without its token. */
  list(): CredentialSummary[] {
    return this.ctx.db
      .query<Omit<CredentialRow, 'encrypted_token'>>('SELECT service, token_hash, created_at, expires_at FROM credentials ORDER BY service')
      .map((row) => ({ service: row.service, tokenHashPrefix: row.token_hash.slice(0, HASH_PREFIX), createdAt: row.created_at, expiresAt: row.expires_at }));
  }

  /** Saves the service's configuration, replacing the previous one. */
  saveConfig(service: IntegrationService, input: IntegrationConfigInput): IntegrationConfig {
    const name = integrationServiceSchema.parse(service);
    const config = parseIntegrationConfig(name, input);
    const { db, audit, clock } = this.ctx;
    const now = sqlTimestamp(clock.now());
    return db.transaction(() => {
      db.exec(
        `INSERT INTO integration_config(id, service, base_url, username, project_name, space_key, auto_create_enabled, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(service) DO UPDATE SET base_url = excluded.base_url, username = excluded.username, project_name = excluded.project_name,
           space_key = excluded.space_key, auto_create_enabled = excluded.auto_create_enabled, updated_at = excluded.updated_at`,
        [newId(), name, config.baseUrl, config.username ?? null, config.projectName ?? null, config.spaceKey ?? null, config.autoCreateEnabled ? 1 : 0, now],
      );
      db.recordChange({ entity: 'credential', kind: 'updated', ids: [name] });
      // Where tokens are sent is security-relevant: a changed base URL is on the record.
      audit.append({ action: 'integration.configured', entityType: 'integration', entityId: name, details: { service: name, base_url: config.baseUrl, auto_create_enabled: config.autoCreateEnabled } });
      return this.config(name) as IntegrationConfig;
    });
  }

  config(service: IntegrationService): IntegrationConfig | undefined {
    const row = this.ctx.db.get<ConfigRow>('SELECT * FROM integration_config WHERE service = ?', [integrationServiceSchema.parse(service)]);
    return row ? toConfig(row) : undefined;
  }

  configs(): IntegrationConfig[] {
    return this.ctx.db.query<ConfigRow>('SELECT * FROM integration_config ORDER BY service').map(toConfig);
  }

  /** Removes the service's configuration; false when there was none. */
  removeConfig(service: IntegrationService): boolean {
    const name = integrationServiceSchema.parse(service);
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      db.exec('DELETE FROM integration_config WHERE service = ?', [name]);
      if (db.changes() === 0) return false;
      db.recordChange({ entity: 'credential', kind: 'deleted', ids: [name] });
      audit.append({ action: 'integration.removed', entityType: 'integration', entityId: name, details: { service: name } });
      return true;
    });
  }
}

/** The methods the main thread may call (see store.ts). */
export const CREDENTIAL_REMOTE = ['save', 'token', 'remove', 'list', 'saveConfig', 'config', 'configs', 'removeConfig'] as const satisfies readonly (keyof CredentialRepository)[];
