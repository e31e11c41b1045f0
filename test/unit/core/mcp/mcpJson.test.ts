// VS Code's MCP configuration read as TRCAA servers: comments and trailing commas, each transport, inputs asked
// once, secrets moved to the encrypted auth value, variables resolved or kept, and the servers that are skipped
// with the reason why.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { parseJsonc } from '../../../../src/core/mcp/jsonc';
import { importCandidates, parseMcpJson, type McpJsonInput } from '../../../../src/core/mcp/mcpJson';
import { commandLine, connectionSpec } from '../../../../src/core/mcp/serverConfig';
import type { McpServer } from '../../../../src/core/model/mcp';

const WORKSPACE = path.join(path.sep, 'work', 'repo');
const HOME = path.join(path.sep, 'home', 'sre');

function context(answers: Record<string, string | undefined> = {}) {
  const asked: McpJsonInput[] = [];
  return {
    asked,
    ctx: {
      workspaceFolder: WORKSPACE,
      userHome: HOME,
      ask: async (input: McpJsonInput) => {
        asked.push(input);
        return answers[input.id];
      },
    },
  };
}

describe('MCP configuration import (mcp.json)', () => {
  it('reads JSON with comments and trailing commas, and leaves // and commas inside strings alone', () => {
    const value = parseJsonc(`{
      // the servers
      "servers": { /* block */ "a": { "url": "http://x//y", "args": ["a,]", "b",], }, },
    }`);
    assert.deepEqual(value, { servers: { a: { url: 'http://x//y', args: ['a,]', 'b'] } } });
  });

  it('names the file and the problem for bad JSON and for a wrong shape', () => {
    assert.throws(() => parseMcpJson('{ "servers": ', '.vscode/mcp.json'), /^Error: \.vscode\/mcp\.json is not valid JSON/);
    assert.throws(() => parseMcpJson('{ "servers": { "a": { "args": "x" } } }', '.vscode/mcp.json'), /\.vscode\/mcp\.json is not an MCP configuration: servers\.a\.args/);
  });

  it('imports a stdio server (command line resolved, ${env:} kept) and an http server with a bearer token taken out of its headers', async () => {
    const config = parseMcpJson(
      JSON.stringify({
        inputs: [{ type: 'promptString', id: 'grafana-token', description: 'Grafana token', password: true }],
        servers: {
          files: { command: 'node', args: ['${workspaceFolder}/tools/mcp.js', '--root', '${userHome}'], env: { LOG_LEVEL: 'debug', GH: '${env:GITHUB_TOKEN}' } },
          grafana: { type: 'http', url: 'https://grafana.example/mcp', headers: { Authorization: 'Bearer ${input:grafana-token}', 'X-Org': '7' } },
        },
      }),
      'mcp.json',
    );
    const { ctx, asked } = context({ 'grafana-token': 'glsa_abc' });
    const { candidates, skipped } = await importCandidates(config, ctx);
    assert.deepEqual(skipped, []);
    assert.deepEqual(asked.map((i) => i.id), ['grafana-token']);
    const [files, grafana] = candidates;
    assert.deepEqual(files?.server, {
      name: 'files',
      url: 'node',
      transportType: 'stdio',
      transportConfig: { args: [`${WORKSPACE}/tools/mcp.js`, '--root', HOME], env: { LOG_LEVEL: 'debug', GH: '${env:GITHUB_TOKEN}' } },
      authType: 'none',
    });
    assert.equal(files?.commandLine, `node ${WORKSPACE}/tools/mcp.js --root ${HOME}`);
    assert.deepEqual(grafana?.server, { name: 'grafana', url: 'https://grafana.example/mcp', transportType: 'http', transportConfig: { headers: { 'X-Org': '7' } }, authType: 'bearer', authValue: 'glsa_abc' });
  });

  it('asks each input once; a stdio secret from a password input becomes the auth value passed in its variable', async () => {
    const config = parseMcpJson(
      JSON.stringify({
        inputs: [{ type: 'promptString', id: 'key', password: true }, { type: 'promptString', id: 'region' }],
        servers: {
          one: { command: 'srv', env: { API_KEY: '${input:key}', REGION: '${input:region}' } },
          two: { type: 'http', url: 'https://h.example/mcp', headers: { 'x-api-key': '${input:key}' } },
        },
      }),
      'mcp.json',
    );
    const { ctx, asked } = context({ key: 'k-123', region: 'eu' });
    const { candidates } = await importCandidates(config, ctx);
    assert.deepEqual(asked.map((i) => i.id), ['key', 'region']);
    assert.deepEqual(candidates[0]?.server, { name: 'one', url: 'srv', transportType: 'stdio', transportConfig: { args: [], env: { REGION: 'eu' }, authEnv: 'API_KEY' }, authType: 'api_key', authValue: 'k-123' });
    assert.deepEqual(candidates[1]?.server, { name: 'two', url: 'https://h.example/mcp', transportType: 'http', transportConfig: { headers: {}, apiKeyHeader: 'x-api-key' }, authType: 'api_key', authValue: 'k-123' });
  });

  it('skips, with the reason, servers it cannot run: an unanswered input, SSE, an unknown variable, an envFile, no command', async () => {
    const config = parseMcpJson(
      JSON.stringify({
        inputs: [{ id: 'tok', password: true }],
        servers: {
          noAnswer: { command: 'x', env: { T: '${input:tok}' } },
          undeclared: { command: 'x', args: ['${input:nope}'] },
          sse: { type: 'sse', url: 'https://s.example/sse' },
          odd: { command: '${command:pick}' },
          withEnvFile: { command: 'x', envFile: '.env' },
          empty: { type: 'stdio' },
          fine: { command: 'ok' },
        },
      }),
      'mcp.json',
    );
    const { candidates, skipped } = await importCandidates(config, context({}).ctx);
    assert.deepEqual(candidates.map((c) => c.server.name), ['fine']);
    assert.deepEqual(Object.fromEntries(skipped.map((s) => [s.name, s.reason])), {
      noAnswer: 'no value was given for ${input:tok}',
      undeclared: 'it uses ${input:nope}, which the file\'s "inputs" do not declare',
      sse: 'it uses the SSE transport, which TRCAA does not support (use Streamable HTTP)',
      odd: 'it uses ${command:pick}, which TRCAA does not resolve',
      withEnvFile: 'it reads an "envFile", which TRCAA does not support (put the variables in "env")',
      empty: 'a stdio server needs a "command"',
    });
  });

  it('shows a command line quoted as a shell would need it', () => {
    assert.equal(commandLine('npx', ['-y', '@scope/server', 'a b', "it's"]), `npx -y @scope/server 'a b' 'it'\\''s'`);
  });
});

describe('MCP connection from a stored server', () => {
  const server = (over: Partial<McpServer>): McpServer => ({
    id: 's1', name: 'S', url: 'https://h.example/mcp', transportType: 'http', transportConfig: {}, authType: 'none', hasAuthValue: false, enabled: true,
    lastDiscoveredAt: null, discoveryStatus: 'pending', discoveryError: null, createdAt: '', updatedAt: '', ...over,
  });

  it('puts each auth type where it belongs: Bearer header, API-key header, a stdio environment variable', () => {
    assert.deepEqual(connectionSpec(server({ authType: 'bearer' }), 't1'), { kind: 'http', url: new URL('https://h.example/mcp'), headers: { Authorization: 'Bearer t1' } });
    assert.deepEqual(connectionSpec(server({ authType: 'oauth2' }), 't2'), { kind: 'http', url: new URL('https://h.example/mcp'), headers: { Authorization: 'Bearer t2' } });
    assert.deepEqual(connectionSpec(server({ authType: 'api_key' }), 'k'), { kind: 'http', url: new URL('https://h.example/mcp'), headers: { 'X-API-Key': 'k' } });
    assert.deepEqual(connectionSpec(server({ authType: 'api_key', transportConfig: { apiKeyHeader: 'Api-Key' } }), 'k'), { kind: 'http', url: new URL('https://h.example/mcp'), headers: { 'Api-Key': 'k' } });
    const local = server({ transportType: 'stdio', url: 'srv', authType: 'api_key', transportConfig: { args: ['--x', '${env:HOME_DIR}'], env: { A: '${env:A_VAL}' }, authEnv: 'TOKEN' } });
    assert.deepEqual(connectionSpec(local, 'sec', { cwd: '/w', env: { HOME_DIR: '/h', A_VAL: 'a' } }), { kind: 'stdio', command: 'srv', args: ['--x', '/h'], env: { A: 'a', TOKEN: 'sec' }, cwd: '/w' });
  });

  it('refuses, with what to do, a missing secret, a URL with credentials and a config that does not parse', () => {
    assert.throws(() => connectionSpec(server({ authType: 'bearer' }), undefined), /uses bearer authentication but has no secret stored: edit it/);
    assert.throws(() => connectionSpec(server({ url: 'https://u:p@h.example/mcp' }), undefined), /a URL with a user name or password is refused/);
    assert.throws(() => connectionSpec(server({ transportConfig: { args: 'x' } }), undefined), /The configuration of MCP server "S" is not valid: args/);
    assert.throws(() => connectionSpec(server({ transportType: 'stdio', url: 'x', authType: 'api_key' }), 'k'), /needs an environment variable name/);
  });
});

describe('MCP forms and names', () => {
  it('splits an argument line like a shell for words and quotes, and reads NAME=value pairs', async () => {
    const { splitArgs, parseEnv } = await import('../../../../src/views/mcp/serverForm');
    assert.deepEqual(splitArgs(`-y @scope/server "a b" 'c "d"' e\\ f`), ['-y', '@scope/server', 'a b', 'c "d"', 'e\\', 'f']);
    assert.deepEqual(parseEnv('A=1 B="two words" C='), { A: '1', B: 'two words', C: '' });
    assert.throws(() => parseEnv('A=1 oops'), /"oops" is not NAME=value/);
  });

  it('names an attached resource after it, safe as a file name, with an extension from its type', async () => {
    const { logNameOf } = await import('../../../../src/core/mcp/resourceLogName');
    assert.equal(logNameOf('notes://runbook', 'runbook', 'text/plain'), 'runbook.txt');
    assert.equal(logNameOf('demo://resource/static/document/architecture.md', 'architecture.md', 'text/markdown'), 'architecture.md');
    assert.equal(logNameOf('k8s://pods/api?ns=prod', undefined, 'application/json'), 'api.json');
    assert.equal(logNameOf('x://a', 'a/b:c\u0007d', undefined), 'a_b_c_d.txt');
  });
});
