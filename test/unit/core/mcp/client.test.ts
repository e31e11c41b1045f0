// The MCP client against real servers on this machine (test/support/mcpServers.ts): the reference server over
// stdio, the SDK's server over Streamable HTTP on 127.0.0.1, a server that dies mid-call, a command that exits at
// once, a missing command and a port nothing listens on — each outcome classified as the registry stores it.
import * as assert from 'node:assert/strict';
import { McpConnection } from '../../../../src/core/mcp/client';
import { discoveryOf, failedDiscovery } from '../../../../src/core/mcp/discover';
import type { ConnectionSpec } from '../../../../src/core/mcp/serverConfig';
import { closedPort, dyingServer, everythingServer, exitAtOnceServer, startLoopbackMcp, unusedName } from '../../../support/mcpServers';

const stdio = (server: { command: string; args: string[] }): ConnectionSpec => ({ kind: 'stdio', ...server, env: {}, cwd: undefined });
const http = (url: string, headers: Record<string, string> = {}): ConnectionSpec => ({ kind: 'http', url: new URL(url), headers });

/** Opens, runs, and always closes. */
async function withConnection<T>(name: string, spec: ConnectionSpec, timeoutMs: number, run: (c: McpConnection) => Promise<T>): Promise<T> {
  const connection = await McpConnection.open(name, spec, timeoutMs);
  try {
    return await run(connection);
  } finally {
    await connection.close();
  }
}

/** The discovery a failed open records, and how long the failure took. */
async function failure(name: string, spec: ConnectionSpec, timeoutMs: number) {
  const started = Date.now();
  try {
    await (await McpConnection.open(name, spec, timeoutMs)).close();
  } catch (error) {
    return { ...failedDiscovery(name, error), ms: Date.now() - started };
  }
  assert.fail(`${name} connected`);
}

describe('MCP client (real servers on this machine)', function () {
  this.timeout(60_000);

  it('discovers the reference server over stdio: its tools (echo read-only, with its input schema) and resources; echo answers', async () => {
    await withConnection('everything', stdio(everythingServer()), 15_000, async (c) => {
      const found = await discoveryOf(c);
      assert.equal(found.status, 'connected');
      const echo = found.tools.find((t) => t.name === 'echo');
      assert.ok(echo, `echo among ${found.tools.map((t) => t.name).join(', ')}`);
      assert.equal(echo.readOnly, true);
      assert.deepEqual(Object.keys((echo.parameters as { properties: object }).properties), ['message']);
      assert.equal(found.tools.find((t) => t.name === 'toggle-simulated-logging')?.readOnly, false, 'a tool without readOnlyHint is not read-only');
      assert.ok(found.resources.length >= 1 && found.resources.every((r) => r.uri.includes('://')), 'resources with their URIs');
      assert.deepEqual(await c.callTool('echo', { message: 'hello' }), { text: 'Echo: hello', isError: false });
      const doc = found.resources.find((r) => r.mimeType?.startsWith('text/'));
      assert.ok(doc);
      const read = await c.readResource(doc.uri);
      assert.ok(read.text.length > 10);
    });
  });

  it('names an image part instead of inlining it', async () => {
    await withConnection('everything', stdio(everythingServer()), 15_000, async (c) => {
      const { text } = await c.callTool('get-tiny-image', {});
      assert.match(text, /\[image: image\/png, \d+ bytes — not shown\]/);
      assert.ok(!/[A-Za-z0-9+/]{200}/.test(text), 'no base64 in the text');
    });
  });

  it('talks Streamable HTTP to a loopback server with the bearer token; a wrong token is an error (401), not unreachable', async () => {
    const server = await startLoopbackMcp({ bearer: 'tok-123', notes: 'pool size 20' });
    try {
      await withConnection('loopback', http(server.url, { Authorization: 'Bearer tok-123' }), 10_000, async (c) => {
        const found = await discoveryOf(c);
        assert.deepEqual(found.tools.map((t) => [t.name, t.readOnly]), [['echo', true], ['incident-notes', false]]);
        assert.deepEqual(found.resources, [{ uri: 'notes://runbook', name: 'runbook', description: 'The runbook', mimeType: 'text/plain' }]);
        assert.deepEqual(await c.callTool('incident-notes', {}), { text: 'pool size 20', isError: false });
      });
      const refused = await failure('loopback', http(server.url, { Authorization: 'Bearer wrong' }), 10_000);
      assert.equal(refused.status, 'error');
      assert.match(refused.error ?? '', /401.*auth type and secret/);
    } finally {
      await server.close();
    }
  });

  it('a port nothing listens on is unreachable, within the timeout', async () => {
    const result = await failure('nobody', http(`http://127.0.0.1:${await closedPort()}/mcp`), 5_000);
    assert.equal(result.status, 'unreachable');
    assert.match(result.error ?? '', /"nobody" could not be reached: the connection was refused/);
    assert.ok(result.ms < 5_000, `${result.ms} ms`);
  });

  it('a command that does not exist is unreachable: not found', async () => {
    const result = await failure('ghost', { kind: 'stdio', command: unusedName(), args: [], env: {}, cwd: undefined }, 5_000);
    assert.equal(result.status, 'unreachable');
    assert.match(result.error ?? '', /could not be reached: the command was not found/);
  });

  it('a command that exits at once is an error with its stderr, well within the timeout', async () => {
    const result = await failure('quitter', stdio(exitAtOnceServer()), 10_000);
    assert.equal(result.status, 'error');
    assert.match(result.error ?? '', /"quitter" closed the connection during the connection .*fatal: no config file found/);
    assert.ok(result.ms < 5_000, `${result.ms} ms (not the 10 s timeout)`);
  });

  it('a server that dies during a call rejects the call at once with a clear message; the connection reports closed', async () => {
    await withConnection('dying', stdio(dyingServer()), 20_000, async (c) => {
      assert.deepEqual(await c.callTool('echo', { message: 'x' }), { text: 'Echo: x', isError: false });
      let closed = false;
      c.onClose(() => (closed = true));
      const started = Date.now();
      await assert.rejects(c.callTool('die', {}), (error: Error) => {
        assert.match(error.message, /"dying" closed the connection during the call of die .*dying on purpose/);
        return true;
      });
      assert.ok(Date.now() - started < 5_000, `rejected after ${Date.now() - started} ms, not the 20 s timeout`);
      assert.equal(closed, true);
      await assert.rejects(c.callTool('echo', { message: 'y' }), /"dying" is not connected/);
    });
  });

  it('a call that never answers times out with the setting named; a cancelled call rejects at once', async () => {
    await withConnection('slow', stdio(dyingServer()), 1_500, async (c) => {
      await assert.rejects(c.callTool('hang', {}), /"slow" did not answer the call of hang within 1.5 s \(setting trcaa.mcp.timeoutSeconds\)/);
      const abort = new AbortController();
      const call = c.callTool('hang', {}, { signal: abort.signal });
      setTimeout(() => abort.abort(new Error('Stopped by the user.')), 50);
      await assert.rejects(call, /Stopped by the user/);
    });
  });
});
