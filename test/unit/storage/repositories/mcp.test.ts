import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ZodError } from 'zod';
import type { Clock } from '../../../../src/storage/clock';
import { Database } from '../../../../src/storage/database';
import { migrations } from '../../../../src/storage/migrations';
import { migrate } from '../../../../src/storage/migrations/migrate';
import { CredentialError } from '../../../../src/storage/repositories/credentials';
import { toolKeys } from '../../../../src/storage/repositories/mcp';
import type { Store } from '../../../../src/storage/store';
import { createStore } from '../../../../src/storage/store';
import { useTempDir } from '../testFiles';

describe('MCP servers, tools and resources', () => {
  const dir = useTempDir('trcaa-mcp-');
  let db: Database;
  let store: Store;
  let time = Date.UTC(2026, 5, 1, 8, 0, 0);
  const clock: Clock = { now: () => new Date((time += 1000)) };

  beforeEach(async () => {
    db = await Database.open(path.join(dir(), 'm.db'), { key: { kind: 'plain' } });
    migrate(db, migrations);
    store = createStore(db, { clock, credentialKey: randomBytes(32) });
  });
  afterEach(() => db.close());

  const tool = (name: string) => ({ name, description: `${name} tool`, parameters: { type: 'object', properties: { q: { type: 'string' } } } });

  it('creates, lists, updates and removes servers; the auth value is stored encrypted and never listed', () => {
    const server = store.mcp.create({ name: 'Grafana', url: 'https://grafana.example/mcp', transportType: 'http', authType: 'bearer', authValue: 'glsa_secret_value' });
    assert.equal(server.discoveryStatus, 'pending');
    assert.equal(server.hasAuthValue, true);
    assert.equal(server.enabled, true);
    assert.deepEqual(server.transportConfig, {});
    const stored = db.get<{ auth_value: string }>('SELECT auth_value FROM mcp_servers');
    assert.ok(stored && !stored.auth_value.includes('glsa'));
    assert.equal(store.mcp.authValue(server.id), 'glsa_secret_value');
    assert.ok(!JSON.stringify([store.mcp.list(), store.audit.list()]).includes('glsa_secret'));

    const local = store.mcp.create({ name: 'kubectl', url: '/usr/local/bin/mcp-kubectl', transportType: 'stdio', transportConfig: { args: ['--read-only'] } });
    assert.equal(store.mcp.authValue(local.id), undefined);
    assert.deepEqual(store.mcp.list().map((s) => s.name), ['Grafana', 'kubectl']);

    const renamed = store.mcp.update(server.id, { name: 'Grafana prod', enabled: false });
    assert.equal(renamed.name, 'Grafana prod');
    assert.equal(renamed.enabled, false);
    assert.equal(store.mcp.authValue(server.id), 'glsa_secret_value', 'an update without authValue keeps it');
    store.mcp.update(server.id, { authValue: 'rotated' });
    assert.equal(store.mcp.authValue(server.id), 'rotated');
    assert.equal(store.mcp.update(server.id, { authType: 'none' }).hasAuthValue, false, "switching to 'none' drops the secret");

    store.mcp.replaceDiscovery(server.id, { tools: [tool('query')], resources: [{ uri: 'grafana://dashboards' }], status: 'connected' });
    assert.equal(store.mcp.remove(server.id), true);
    assert.equal(store.mcp.get(server.id), undefined);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM mcp_tools')?.n, 0, 'tools cascade');
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM mcp_resources')?.n, 0, 'resources cascade');
    assert.equal(store.mcp.remove(server.id), false);
    assert.deepEqual(store.audit.verify().ok, true);
  });

  it('validates servers per the CHECK constraints and the transport', () => {
    const bad: [unknown, RegExp][] = [
      [{ name: 'x', url: 'https://x', transportType: 'websocket' }, /transportType/],
      [{ name: 'x', url: 'https://x', transportType: 'http', authType: 'basic' }, /authType/],
      [{ name: 'x', url: 'not a url', transportType: 'http' }, /http\(s\) URL/],
      [{ name: 'x', url: 'file:///etc/passwd', transportType: 'http' }, /http\(s\) URL/],
      [{ name: 'x', url: 'https://x', transportType: 'http', authType: 'none', authValue: 'secret' }, /takes no auth value/],
      [{ name: '', url: 'https://x', transportType: 'http' }, /name/],
    ];
    for (const [input, message] of bad) assert.throws(() => store.mcp.create(input as never), (error: unknown) => error instanceof ZodError && message.test(JSON.stringify(error.issues)), JSON.stringify(input));
    const server = store.mcp.create({ name: 'x', url: 'https://x.example', transportType: 'http' });
    assert.throws(() => store.mcp.update(server.id, { url: 'ftp://x.example' }), ZodError, 'checked after merging with the stored row');
    assert.throws(() => store.mcp.update('nope', { name: 'y' }), /No MCP server/);
    assert.throws(() => store.mcp.replaceDiscovery(server.id, { tools: [tool('a'), tool('a')], resources: [], status: 'connected' }), /listed twice/);
    assert.throws(() => store.mcp.replaceDiscovery(server.id, { tools: [], resources: [], status: 'connected', error: 'x' }), /no discovery error/);
  });

  it('needs the credentials key for an auth value, not for a server without one', () => {
    const keyless = createStore(db, { clock });
    assert.throws(() => keyless.mcp.create({ name: 'x', url: 'https://x.example', transportType: 'http', authType: 'api_key', authValue: 'k' }), (error: unknown) => error instanceof CredentialError && error.code === 'NO_CREDENTIAL_KEY');
    assert.equal(keyless.mcp.create({ name: 'x', url: 'https://x.example', transportType: 'http' }).hasAuthValue, false);
  });

  it('replaces tools and resources on each discovery and records the status', () => {
    const server = store.mcp.create({ name: 'Prod Logs!', url: 'https://logs.example/mcp', transportType: 'http' });
    const first = store.mcp.replaceDiscovery(server.id, { tools: [tool('search'), tool('tail-log')], resources: [{ uri: 'logs://a', name: 'A' }], status: 'connected' });
    assert.deepEqual(first.tools.map((t) => [t.name, t.toolKey]), [['search', 'mcp_Prod_Logs_search'], ['tail-log', 'mcp_Prod_Logs_tail_log']]);
    assert.deepEqual(first.tools[0]?.parameters, tool('search').parameters);
    assert.equal(first.server.discoveryStatus, 'connected');
    assert.ok(first.server.lastDiscoveredAt);

    const second = store.mcp.replaceDiscovery(server.id, { tools: [tool('grep')], resources: [], status: 'connected' });
    assert.deepEqual(store.mcp.tools(server.id).map((t) => t.name), ['grep']);
    assert.deepEqual(store.mcp.resources(server.id), []);
    assert.equal(second.tools.length, 1);

    const failed = store.mcp.replaceDiscovery(server.id, { tools: [], resources: [], status: 'unreachable', error: 'ECONNREFUSED' });
    assert.equal(failed.server.discoveryStatus, 'unreachable');
    assert.equal(failed.server.discoveryError, 'ECONNREFUSED');
    assert.equal(store.mcp.replaceDiscovery(server.id, { tools: [], resources: [], status: 'connected' }).server.discoveryError, null);
  });

  it('a failing insert in the middle of a replacement leaves the old tools, resources and status', () => {
    const server = store.mcp.create({ name: 'srv', url: 'https://srv.example', transportType: 'http' });
    store.mcp.replaceDiscovery(server.id, { tools: [tool('old1'), tool('old2')], resources: [{ uri: 'r://old' }], status: 'connected' });
    const before = { tools: store.mcp.tools(server.id), resources: store.mcp.resources(server.id), server: store.mcp.get(server.id) };
    // A fault injected below the repository: the third tool's insert fails after the deletes and two inserts.
    db.exec("CREATE TEMP TRIGGER fail_tool BEFORE INSERT ON main.mcp_tools WHEN new.name = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    assert.throws(
      () => store.mcp.replaceDiscovery(server.id, { tools: [tool('new1'), tool('new2'), tool('boom'), tool('new3')], resources: [{ uri: 'r://new' }], status: 'error', error: 'x' }),
      /injected failure/,
    );
    assert.deepEqual(store.mcp.tools(server.id), before.tools);
    assert.deepEqual(store.mcp.resources(server.id), before.resources);
    assert.deepEqual(store.mcp.get(server.id), before.server);
    assert.equal(db.inTransaction, false);
    db.exec('DROP TRIGGER fail_tool');
    store.mcp.replaceDiscovery(server.id, { tools: [tool('new1')], resources: [], status: 'connected' });
    assert.deepEqual(store.mcp.tools(server.id).map((t) => t.name), ['new1']);
  });

  it('keeps what discovery says of each tool and resource: read-only tools (migration 029) and MIME types', () => {
    const server = store.mcp.create({ name: 'srv', url: 'https://srv.example', transportType: 'http' });
    store.mcp.replaceDiscovery(server.id, { tools: [{ ...tool('read'), readOnly: true }, tool('write')], resources: [{ uri: 'r://a', mimeType: 'text/plain' }, { uri: 'r://b' }], status: 'connected' });
    assert.deepEqual(store.mcp.tools(server.id).map((t) => [t.name, t.readOnly]), [['read', true], ['write', false]]);
    assert.deepEqual(store.mcp.resources(server.id).map((r) => [r.uri, r.mimeType]), [['r://a', 'text/plain'], ['r://b', null]]);
  });

  it('offers the tools of enabled, connected servers only; a discovery run starts by marking the server pending', () => {
    const a = store.mcp.create({ name: 'A', url: 'https://a.example', transportType: 'http' });
    const b = store.mcp.create({ name: 'B', url: 'https://b.example', transportType: 'http' });
    const c = store.mcp.create({ name: 'C', url: 'https://c.example', transportType: 'http' });
    store.mcp.replaceDiscovery(a.id, { tools: [tool('ta')], resources: [], status: 'connected' });
    store.mcp.replaceDiscovery(b.id, { tools: [tool('tb')], resources: [], status: 'connected' });
    store.mcp.update(b.id, { enabled: false });
    store.mcp.replaceDiscovery(c.id, { tools: [], resources: [], status: 'error', error: 'exited' });
    assert.deepEqual(store.mcp.enabledTools().map((t) => [t.serverName, t.name]), [['A', 'ta']]);
    const pending = store.mcp.markPending(c.id);
    assert.equal(pending.discoveryStatus, 'pending');
    assert.equal(pending.discoveryError, null, 'the last error is cleared when a new run starts');
    store.mcp.markPending(a.id);
    assert.deepEqual(store.mcp.enabledTools(), [], 'a server being discovered offers nothing until the run records what it found');
    assert.throws(() => store.mcp.markPending('nope'), /No MCP server/);
  });

  it('makes tool keys that AI providers accept, unique within a server', () => {
    const keys = toolKeys('My Server', ['a-b', 'a_b', 'a b', '', 'x'.repeat(100), 'x'.repeat(101)]);
    assert.deepEqual(keys.slice(0, 4), ['mcp_My_Server_a_b', 'mcp_My_Server_a_b_2', 'mcp_My_Server_a_b_3', 'mcp_My_Server_x']);
    for (const key of keys) assert.match(key, /^[A-Za-z0-9_]{1,64}$/);
    assert.equal(new Set(keys).size, keys.length);
  });
});
