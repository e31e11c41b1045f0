import * as assert from 'node:assert/strict';
import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { gcm } from '@noble/ciphers/aes.js';
import { ZodError } from 'zod';
import type { Clock } from '../../../../src/storage/clock';
import { Database } from '../../../../src/storage/database';
import { credentialKeyFromEnvironment, CREDENTIAL_KEY_SECRET, decideCredentialKey, desktopCredentialKey } from '../../../../src/storage/keys/credentialKey';
import type { SecretStore } from '../../../../src/storage/keys/keyPolicy';
import { migrations } from '../../../../src/storage/migrations';
import { migrate } from '../../../../src/storage/migrations/migrate';
import { CredentialError, decryptSecret, encryptSecret } from '../../../../src/storage/repositories/credentials';
import { createStore } from '../../../../src/storage/store';
import { useTempDir } from '../testFiles';

const clock: Clock = { now: () => new Date(Date.UTC(2026, 5, 1, 8, 30, 0)) };
const TOKEN = 'ATATT3xFfGF0-confluence-token-ünïcödé';

describe('credentials and integration config', () => {
  const dir = useTempDir('trcaa-credentials-');
  let db: Database;
  const key = randomBytes(32);

  beforeEach(async () => {
    db = await Database.open(path.join(dir(), 'c.db'), { key: { kind: 'plain' } });
    migrate(db, migrations);
  });
  afterEach(() => db.close());

  const store = (credentialKey: Buffer = key) => createStore(db, { clock, credentialKey });

  it('round-trips a token: stored as base64(nonce ‖ AES-256-GCM ciphertext ‖ tag), hashed with SHA-256', () => {
    const credentials = store().credentials;
    const saved = credentials.save('confluence', TOKEN, { expiresAt: '2026-12-31T23:00:00Z' });
    assert.equal(saved.expiresAt, '2026-12-31 23:00:00');
    assert.equal(credentials.token('confluence'), TOKEN);
    assert.equal(credentials.token('servicenow'), undefined);

    const row = db.get<{ token_hash: string; encrypted_token: string; created_at: string }>("SELECT * FROM credentials WHERE service = 'confluence'");
    assert.ok(row);
    assert.equal(row.token_hash, createHash('sha256').update(TOKEN, 'utf8').digest('hex'));
    assert.equal(row.created_at, '2026-06-01 08:30:00');
    assert.ok(!row.encrypted_token.includes('confluence-token'));
    // An independent AES-GCM (noble) reads the stored layout: nonce first, tag last.
    const bytes = Buffer.from(row.encrypted_token, 'base64');
    const plain = gcm(key, bytes.subarray(0, 12)).decrypt(bytes.subarray(12));
    assert.equal(Buffer.from(plain).toString('utf8'), TOKEN);
    assert.equal(bytes.length, 12 + Buffer.byteLength(TOKEN) + 16);
  });

  it('encrypts equal plaintexts to different ciphertexts (a fresh nonce each time)', () => {
    const values = new Set(Array.from({ length: 20 }, () => encryptSecret(key, TOKEN)));
    assert.equal(values.size, 20);
    const nonces = new Set([...values].map((value) => Buffer.from(value, 'base64').subarray(0, 12).toString('hex')));
    assert.equal(nonces.size, 20);
    for (const value of values) assert.equal(decryptSecret(key, value), TOKEN);
  });

  it('keeps one credential per service: saving again replaces it', () => {
    const credentials = store().credentials;
    credentials.save('servicenow', 'first-password');
    const before = db.get<{ encrypted_token: string }>("SELECT encrypted_token FROM credentials WHERE service = 'servicenow'");
    credentials.save('servicenow', 'second-password');
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM credentials')?.n, 1);
    assert.equal(credentials.token('servicenow'), 'second-password');
    assert.notEqual(db.get<{ encrypted_token: string }>("SELECT encrypted_token FROM credentials WHERE service = 'servicenow'")?.encrypted_token, before?.encrypted_token);
  });

  it('refuses a tampered ciphertext with a typed error, never garbage', () => {
    const credentials = store().credentials;
    credentials.save('azuredevops', TOKEN);
    const row = db.get<{ encrypted_token: string }>('SELECT encrypted_token FROM credentials') as { encrypted_token: string };
    for (const at of [0, 13, Buffer.from(row.encrypted_token, 'base64').length - 1]) {
      const bytes = Buffer.from(row.encrypted_token, 'base64');
      bytes[at] = (bytes[at] as number) ^ 0x01; // nonce, ciphertext, tag
      db.exec('UPDATE credentials SET encrypted_token = ?', [bytes.toString('base64')]);
      assert.throws(() => credentials.token('azuredevops'), (error: unknown) => error instanceof CredentialError && error.code === 'UNAUTHENTIC' && /another key|altered/.test(error.message));
    }
    db.exec("UPDATE credentials SET encrypted_token = 'not base64 at all!'");
    assert.throws(() => credentials.token('azuredevops'), (error: unknown) => error instanceof CredentialError && error.code === 'MALFORMED');
  });

  it('a different credentials key cannot read the token (typed error)', () => {
    store().credentials.save('confluence', TOKEN);
    assert.throws(() => store(randomBytes(32)).credentials.token('confluence'), (error: unknown) => error instanceof CredentialError && error.code === 'UNAUTHENTIC');
  });

  it('without a credentials key, saving and reading fail with a typed error', () => {
    store().credentials.save('confluence', TOKEN);
    const keyless = createStore(db, { clock }).credentials;
    assert.throws(() => keyless.token('confluence'), (error: unknown) => error instanceof CredentialError && error.code === 'NO_CREDENTIAL_KEY' && /TRCAA_ENCRYPTION_KEY/.test(error.message));
    assert.throws(() => keyless.save('servicenow', 'x'), (error: unknown) => error instanceof CredentialError && error.code === 'NO_CREDENTIAL_KEY');
    assert.equal(keyless.list().length, 1, 'listing needs no key');
  });

  it('list() and the audit rows never contain the token', () => {
    const s = store();
    s.credentials.save('confluence', TOKEN);
    s.credentials.save('servicenow', 'pa55word-servicenow');
    assert.equal(s.credentials.remove('servicenow'), true);
    assert.equal(s.credentials.remove('servicenow'), false);
    const list = s.credentials.list();
    assert.deepEqual(list, [{ service: 'confluence', tokenHashPrefix: createHash('sha256').update(TOKEN).digest('hex').slice(0, 12), createdAt: '2026-06-01 08:30:00', expiresAt: null }]);
    const everything = JSON.stringify([list, s.audit.list()]);
    for (const secret of [TOKEN, 'pa55word-servicenow', 'confluence-token']) assert.ok(!everything.includes(secret), `no ${secret} in list or audit`);
    const actions = s.audit.list().map((entry) => `${entry.action}:${entry.entityId}`).reverse();
    assert.deepEqual(actions, ['credential.saved:confluence', 'credential.saved:servicenow', 'credential.removed:servicenow']);
    assert.deepEqual(JSON.parse(s.audit.list({ action: 'credential.removed' })[0]?.details ?? '{}'), { service: 'servicenow', token_hash_prefix: createHash('sha256').update('pa55word-servicenow').digest('hex').slice(0, 12) });
    assert.deepEqual(s.audit.verify(), { ok: true, rows: 3 });
  });

  it('validates services, tokens and expiry dates', () => {
    const credentials = store().credentials;
    assert.throws(() => credentials.save('github' as never, TOKEN), ZodError);
    assert.throws(() => credentials.save('confluence', ''), ZodError);
    assert.throws(() => credentials.save('confluence', `${TOKEN}\n`), /whitespace/);
    assert.throws(() => credentials.save('confluence', TOKEN, { expiresAt: 'next tuesday' }), ZodError);
    assert.throws(() => credentials.save('confluence', TOKEN, { expiresAt: '2026-12-31T23:00:00' }), /time zone/, 'a local time without zone is ambiguous');
    assert.equal(credentials.list().length, 0);
  });

  it('saves one validated configuration per service', () => {
    const credentials = store().credentials;
    const saved = credentials.saveConfig('confluence', { baseUrl: ' https://acme.atlassian.net/wiki/ ', spaceKey: 'OPS', autoCreateEnabled: true });
    assert.equal(saved.baseUrl, 'https://acme.atlassian.net/wiki');
    assert.equal(saved.autoCreateEnabled, true);
    assert.equal(saved.updatedAt, '2026-06-01 08:30:00');
    credentials.saveConfig('servicenow', { baseUrl: 'http://snow.internal:8080', username: 'svc-trcaa' });
    const again = credentials.saveConfig('confluence', { baseUrl: 'https://acme.atlassian.net/wiki', spaceKey: 'SRE', username: 'sre@acme.example' });
    assert.equal(again.id, saved.id, 'the same row, replaced');
    assert.equal(again.spaceKey, 'SRE');
    assert.equal(again.autoCreateEnabled, false);
    assert.deepEqual(credentials.configs().map((c) => [c.service, c.baseUrl, c.username]), [
      ['confluence', 'https://acme.atlassian.net/wiki', 'sre@acme.example'], // Cloud's account e-mail
      ['servicenow', 'http://snow.internal:8080', 'svc-trcaa'],
    ]);
    assert.equal(credentials.config('azuredevops'), undefined);
    assert.equal(credentials.removeConfig('servicenow'), true);
    assert.equal(credentials.config('servicenow'), undefined);
  });

  it('rejects bad configuration with a message that says why', () => {
    const credentials = store().credentials;
    const bad: [string, unknown, RegExp][] = [
      ['confluence', { baseUrl: 'ftp://acme.example/wiki' }, /https or http/],
      ['confluence', { baseUrl: 'acme.atlassian.net' }, /not a URL/],
      ['confluence', { baseUrl: 'https://user:secret@acme.atlassian.net' }, /user name or password/],
      ['azuredevops', { baseUrl: 'https://dev.azure.com/acme', username: 'bob' }, /servicenow and confluence only/],
      ['azuredevops', { baseUrl: 'https://dev.azure.com/acme', spaceKey: 'OPS' }, /confluence only/],
      ['servicenow', { baseUrl: 'https://x.service-now.com', token: 'oops' }, /token|unrecognized/i],
    ];
    for (const [service, input, message] of bad) assert.throws(() => credentials.saveConfig(service as never, input as never), message, JSON.stringify(input));
    assert.equal(credentials.configs().length, 0);
  });
});

describe('credentials key', () => {
  const memorySecrets = (initial: Record<string, string> = {}): SecretStore & { map: Map<string, string> } => {
    const map = new Map(Object.entries(initial));
    return { map, get: async (name) => map.get(name), store: async (name, value) => void map.set(name, value), delete: async (name) => void map.delete(name) };
  };

  it('is SHA-256 of TRCAA_ENCRYPTION_KEY (legacy TFTSR_ENCRYPTION_KEY), the desktop app derivation', async () => {
    const expected = createHash('sha256').update('desktop secret', 'utf8').digest();
    assert.deepEqual(desktopCredentialKey('desktop secret'), expected);
    const secrets = memorySecrets();
    const decision = await decideCredentialKey({ env: { TRCAA_ENCRYPTION_KEY: 'desktop secret' }, secrets });
    assert.deepEqual(decision.key, expected);
    assert.equal(decision.source, 'environment');
    assert.equal(secrets.map.size, 0, 'nothing stored');
    assert.equal(credentialKeyFromEnvironment({ TFTSR_ENCRYPTION_KEY: 'desktop secret' })?.variable, 'TFTSR_ENCRYPTION_KEY');
    assert.equal(credentialKeyFromEnvironment({ TRCAA_ENCRYPTION_KEY: 'a', TFTSR_ENCRYPTION_KEY: 'b' })?.variable, 'TRCAA_ENCRYPTION_KEY');
    assert.equal(credentialKeyFromEnvironment({ TRCAA_ENCRYPTION_KEY: '' }), undefined);
  });

  it('otherwise is a random 256-bit key kept in secret storage, the same on every later call', async () => {
    const secrets = memorySecrets();
    const first = await decideCredentialKey({ env: {}, secrets });
    assert.equal(first.source, 'new');
    assert.equal(first.key.length, 32);
    assert.match(secrets.map.get(CREDENTIAL_KEY_SECRET) ?? '', /^[0-9a-f]{64}$/);
    const second = await decideCredentialKey({ env: {}, secrets });
    assert.equal(second.source, 'secret-storage');
    assert.deepEqual(second.key, first.key);
    assert.notDeepEqual((await decideCredentialKey({ env: {}, secrets: memorySecrets() })).key, first.key);
  });

  it('replaces an unusable stored key and says so', async () => {
    const secrets = memorySecrets({ [CREDENTIAL_KEY_SECRET]: 'garbage' });
    const decision = await decideCredentialKey({ env: {}, secrets });
    assert.equal(decision.source, 'new');
    assert.match(decision.warning ?? '', /entered again/);
  });

  it('decrypts what the desktop app wrote with node:crypto under the derived key', () => {
    const desktopKey = desktopCredentialKey('desktop secret');
    const stored = encryptSecret(desktopKey, 'token');
    const bytes = Buffer.from(stored, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', desktopKey, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(-16));
    assert.equal(Buffer.concat([decipher.update(bytes.subarray(12, -16)), decipher.final()]).toString(), 'token');
  });
});
