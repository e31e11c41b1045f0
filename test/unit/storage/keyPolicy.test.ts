import * as assert from 'node:assert/strict';
import type { SecretStore } from '../../../src/storage/keys/keyPolicy';
import { DATABASE_KEY_SECRET, decideDatabaseKey, secretForm } from '../../../src/storage/keys/keyPolicy';

function memorySecrets(initial: Record<string, string> = {}): SecretStore & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    get: async (name) => values.get(name),
    store: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
  };
}

const missing = { kind: 'missing' } as const;
const encrypted = { kind: 'encrypted', salt: Buffer.alloc(16), size: 4096 } as const;

describe('database key policy', () => {
  it('uses TRCAA_DB_KEY (or legacy TFTSR_DB_KEY) as a passphrase in every mode', async () => {
    for (const variable of ['TRCAA_DB_KEY', 'TFTSR_DB_KEY']) {
      for (const mode of ['Production', 'Development', 'Test'] as const) {
        const decision = await decideDatabaseKey({ env: { [variable]: 'desktop pass' }, mode, secrets: memorySecrets(), file: missing });
        assert.deepEqual(decision, { kind: 'key', key: { kind: 'passphrase', passphrase: 'desktop pass' }, source: 'environment', variable, convertPlain: false });
      }
    }
  });

  it('prefers TRCAA_DB_KEY over the legacy name', async () => {
    const decision = await decideDatabaseKey({ env: { TRCAA_DB_KEY: 'new', TFTSR_DB_KEY: 'old' }, mode: 'Production', secrets: memorySecrets(), file: missing });
    assert.equal(decision.kind === 'key' && decision.key.kind === 'passphrase' && decision.key.passphrase, 'new');
  });

  it('is plain in Development mode without a variable, and never stores a key then', async () => {
    const secrets = memorySecrets();
    const decision = await decideDatabaseKey({ env: {}, mode: 'Development', secrets, file: missing });
    assert.equal(decision.kind === 'key' && decision.key.kind, 'plain');
    assert.equal(secrets.values.size, 0);
  });

  it('creates and stores a random 256-bit key on first run in Production and Test', async () => {
    for (const mode of ['Production', 'Test'] as const) {
      const secrets = memorySecrets();
      const decision = await decideDatabaseKey({ env: {}, mode, secrets, file: missing });
      assert.ok(decision.kind === 'key' && decision.key.kind === 'raw' && decision.source === 'new');
      assert.equal(secrets.values.get(DATABASE_KEY_SECRET), secretForm(decision.key));
      assert.match(secrets.values.get(DATABASE_KEY_SECRET) ?? '', /^x'[0-9a-f]{64}'$/);
      const again = await decideDatabaseKey({ env: {}, mode, secrets, file: encrypted });
      assert.ok(again.kind === 'key' && again.source === 'secret-storage');
      assert.deepEqual(again.key, decision.key);
    }
  });

  it('never makes up a key for an existing encrypted file it has no key for', async () => {
    const secrets = memorySecrets();
    const decision = await decideDatabaseKey({ env: {}, mode: 'Production', secrets, file: encrypted });
    assert.equal(decision.kind, 'missing');
    assert.equal(secrets.values.size, 0);
  });

  it('asks to convert a plain database met in an encrypted mode', async () => {
    const decision = await decideDatabaseKey({ env: {}, mode: 'Production', secrets: memorySecrets(), file: { kind: 'plain' } });
    assert.ok(decision.kind === 'key' && decision.convertPlain && decision.key.kind === 'raw');
  });
});
