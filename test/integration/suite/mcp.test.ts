// MCP servers from a real extension host, against real servers on this machine (test/support/mcpServers.ts): the
// reference server over stdio, the SDK's server over Streamable HTTP on 127.0.0.1 — added through the Add form,
// discovered, shown in the view; an unreachable URL and a command that exits at once classified within the
// timeout; the tool host the chat uses (echo answers, a server dying mid-call rejects at once); a resource
// attached as a scanned log; and .vscode/mcp.json imported only after the confirmation.
import * as assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { McpServer } from '../../../src/core/model/mcp';
import type { InsertLogResult } from '../../../src/core/model/logFile';
import type { McpRow } from '../../../src/views/mcp/mcpServersView';
import type { ImportSummary } from '../../../src/views/mcp/importServers';
import { closedPort, dyingServer, everythingServer, exitAtOnceServer, startLoopbackMcp, type LoopbackMcp } from '../../support/mcpServers';
import { testApi } from './testApi';
import { scriptUi, type Answer } from './ui';

const run = <T>(command: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
const TOKEN = 'mcp-bearer-7c1d9e55aa';
const CANARY = 'alice.mcp.canary@example.com';
/** The reference server's process is node: under Electron (test:electron) the same binary runs as node. */
const NODE_ENV = 'ELECTRON_RUN_AS_NODE=1';

async function byName(name: string): Promise<McpServer | undefined> {
  return (await (await (await testApi()).store()).mcp.list()).find((s) => s.name === name);
}

/** Runs a command with its prompts answered by `rules` (scriptUi: first matching title wins). */
async function answered<T>(rules: [RegExp, Answer][], work: () => Promise<T>): Promise<{ result: T; asked: string[] }> {
  const ui = scriptUi(await testApi(), [...rules, [/./, undefined]]);
  try {
    return { result: await work(), asked: ui.asked };
  } finally {
    ui.restore();
  }
}

const addStdio = (name: string, server: { command: string; args: string[] }) =>
  answered(
    [
      [/Add MCP Server: Transport/, 'Local command (stdio)'],
      [/Add MCP Server: Name/, () => name],
      [/Add MCP Server: Command/, () => server.command],
      [/Add MCP Server: Arguments/, () => server.args.map((a) => `"${a}"`).join(' ')],
      [/Add MCP Server: Environment/, () => NODE_ENV],
      [/Add MCP Server: Secret$/, 'No secret'],
    ],
    () => run<McpServer>('trcaa.mcp.addServer'),
  );

const addHttpBearer = (name: string, url: string) =>
  answered(
    [
      [/Add MCP Server: Transport/, 'URL (Streamable HTTP)'],
      [/Add MCP Server: Name/, () => name],
      [/Add MCP Server: URL/, () => url],
      [/Add MCP Server: Authentication/, 'Bearer token'],
      [/Add MCP Server: Secret value/, () => TOKEN],
    ],
    () => run<McpServer>('trcaa.mcp.addServer'),
  );

describe('MCP servers (real extension host, real servers on this machine)', function () {
  this.timeout(120_000);
  let http: LoopbackMcp;
  const config = () => vscode.workspace.getConfiguration('trcaa.mcp');
  // The servers the first tests add, for a test run alone (--grep): added here when they are not there yet.
  const everything = async () => (await byName('everything')) ?? (await addStdio('everything', everythingServer())).result;
  const notes = async () => (await byName('notes')) ?? (await addHttpBearer('notes', http.url)).result;

  before(async () => {
    http = await startLoopbackMcp({ bearer: TOKEN, notes: `On call: ${CANARY}. Restart the pool when it saturates.` });
    await config().update('timeoutSeconds', 10, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    const api = await testApi();
    const store = await api.store();
    for (const server of await store.mcp.list()) {
      await (await api.mcp()).connections.close(server.id);
      await store.mcp.remove(server.id);
    }
    await config().update('timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await http.close();
    // The bearer token: in no audit row, in no log file of this session.
    const audit = JSON.stringify(await store.audit.list({ limit: 10_000 }));
    assert.ok(!audit.includes(TOKEN), 'no token in the audit log');
    const session = path.dirname(path.dirname(path.dirname(api.services.context.logUri.fsPath)));
    const files = (await readdir(session, { recursive: true, withFileTypes: true })).filter((f) => f.isFile() && f.name.endsWith('.log'));
    for (const file of files) assert.ok(!(await readFile(path.join(file.parentPath, file.name), 'utf8')).includes(TOKEN), `no token in ${file.name}`);
  });

  it('Add (stdio) starts the reference server, discovers its tools and resources, and the view shows them under the server', async () => {
    const { result: server } = await addStdio('everything', everythingServer());
    assert.equal(server.discoveryStatus, 'connected', server.discoveryError ?? '');
    assert.equal(server.transportType, 'stdio');
    const api = await testApi();
    const store = await api.store();
    const tools = await store.mcp.tools(server.id);
    assert.ok(tools.some((t) => t.name === 'echo' && t.readOnly), `echo among ${tools.map((t) => t.name).join(', ')}`);
    assert.ok((await store.mcp.resources(server.id)).length >= 1);

    const rows = await api.mcpServers.getChildren();
    const row = rows.find((r) => r.kind === 'server' && r.server.id === server.id) as McpRow;
    const item = api.mcpServers.getTreeItem(row);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass');
    assert.equal(item.contextValue, 'trcaa.mcpServer.enabled');
    const children = await api.mcpServers.getChildren(row);
    const labels = children.map((c) => String(api.mcpServers.getTreeItem(c).label));
    assert.ok(labels.includes('echo'), labels.join(', '));
    assert.ok(children.some((c) => c.kind === 'resource' && api.mcpServers.getTreeItem(c).contextValue === 'trcaa.mcpResource'));
  });

  it('the tool host lists enabled servers’ tools and calls echo; disabling a server takes its tools away', async () => {
    const { connections } = await (await testApi()).mcp();
    const server = await everything();
    const tools = await connections.listTools();
    const echo = tools.find((t) => t.serverId === server.id && t.name === 'echo');
    assert.ok(echo);
    assert.deepEqual({ serverName: echo.serverName, readOnly: echo.readOnly }, { serverName: 'everything', readOnly: true });
    assert.ok('properties' in echo.inputSchema);
    assert.deepEqual(await connections.callTool(server.id, 'echo', { message: 'from the chat' }, new AbortController().signal), { text: 'Echo: from the chat', isError: false });

    await answered([], () => run('trcaa.mcp.disableServer', server.id));
    assert.ok(!(await connections.listTools()).some((t) => t.serverId === server.id), 'a disabled server offers no tools');
    await assert.rejects(connections.callTool(server.id, 'echo', { message: 'x' }, new AbortController().signal), /"everything" is disabled/);
    const enabled = (await answered([], () => run<McpServer>('trcaa.mcp.enableServer', server.id))).result;
    assert.equal(enabled.enabled, true);
    assert.ok((await connections.listTools()).some((t) => t.serverId === server.id));
  });

  it('Add (Streamable HTTP, bearer) reaches the loopback server with the token stored encrypted; the secret was asked in a password input', async () => {
    let masked: boolean | undefined;
    const api = await testApi();
    const ui = scriptUi(api, [
      [/Add MCP Server: Transport/, 'URL (Streamable HTTP)'],
      [/Add MCP Server: Name/, () => 'notes'],
      [/Add MCP Server: URL/, () => http.url],
      [/Add MCP Server: Authentication/, 'Bearer token'],
      [/Add MCP Server: Secret value/, () => TOKEN],
      [/./, undefined],
    ]);
    const showInputBox = ui.ui.showInputBox;
    api.setUi({ ...ui.ui, showInputBox: ((options?: vscode.InputBoxOptions) => {
      if (/Secret value/.test(options?.title ?? '')) masked = options?.password;
      return showInputBox(options);
    }) as typeof ui.ui.showInputBox });
    let server: McpServer;
    try {
      server = await run<McpServer>('trcaa.mcp.addServer');
    } finally {
      ui.restore();
    }
    assert.equal(masked, true);
    assert.equal(server.discoveryStatus, 'connected', server.discoveryError ?? '');
    assert.equal(server.authType, 'bearer');
    assert.ok(http.seenAuth.length > 0 && http.seenAuth.every((a) => a.authorization === `Bearer ${TOKEN}`));
    assert.ok(!JSON.stringify(await (await api.store()).mcp.list()).includes(TOKEN), 'never listed');
    assert.deepEqual((await (await api.store()).mcp.tools(server.id)).map((t) => t.name), ['echo', 'incident-notes']);
  });

  it('an unreachable URL is "unreachable" and a command that exits at once is "error", each with the reason, within the timeout', async () => {
    const store = await (await testApi()).store();
    const port = await closedPort();
    const nobody = await store.mcp.create({ name: 'nobody', url: `http://127.0.0.1:${port}/mcp`, transportType: 'http' });
    const quitter = exitAtOnceServer();
    const exits = await store.mcp.create({ name: 'quitter', url: quitter.command, transportType: 'stdio', transportConfig: { args: quitter.args, env: { ELECTRON_RUN_AS_NODE: '1' } } });
    for (const [server, status, reason] of [
      [nobody, 'unreachable', /"nobody" could not be reached: the connection was refused/],
      [exits, 'error', /"quitter" closed the connection .*fatal: no config file found/],
    ] as const) {
      const started = Date.now();
      const after = (await answered([], () => run<McpServer>('trcaa.mcp.discoverNow', server.id))).result;
      const ms = Date.now() - started;
      assert.equal(after.discoveryStatus, status, after.discoveryError ?? '');
      assert.match(after.discoveryError ?? '', reason);
      assert.ok(ms < 10_000, `${server.name}: ${ms} ms, within the 10 s timeout`);
      assert.ok(after.lastDiscoveredAt);
      const api = await testApi();
      const row = (await api.mcpServers.getChildren()).find((r) => r.kind === 'server' && r.server.id === server.id) as McpRow;
      const item = api.mcpServers.getTreeItem(row);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, status === 'error' ? 'error' : 'debug-disconnect');
      assert.match(String(item.tooltip), reason, 'the reason in the tooltip');
    }
  });

  it('a server that dies during a tool call is reported at once, not waited on', async () => {
    const store = await (await testApi()).store();
    const dying = dyingServer();
    const server = await store.mcp.create({ name: 'dying', url: dying.command, transportType: 'stdio', transportConfig: { args: dying.args, env: { ELECTRON_RUN_AS_NODE: '1' } } });
    const found = (await answered([], () => run<McpServer>('trcaa.mcp.discoverNow', server.id))).result;
    assert.equal(found.discoveryStatus, 'connected', found.discoveryError ?? '');
    const { connections } = await (await testApi()).mcp();
    const started = Date.now();
    await assert.rejects(connections.callTool(server.id, 'die', {}, new AbortController().signal), /"dying" closed the connection during the call of die .*dying on purpose/);
    assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms, not the 10 s timeout`);
    // The next call starts the server again.
    assert.deepEqual(await connections.callTool(server.id, 'echo', { message: 'again' }, new AbortController().signal), { text: 'Echo: again', isError: false });
  });

  it('Attach MCP Resource to Issue: the resource becomes a log of the incident, hashed and PII-scanned', async () => {
    const api = await testApi();
    const store = await api.store();
    const issue = await store.issues.create({ title: 'Pool saturation', severity: 'high' });
    const row = (await api.mcpServers.getChildren({ kind: 'server', server: await notes() })).find((r) => r.kind === 'resource');
    assert.ok(row && row.kind === 'resource');
    const { result } = await answered([[/Attach MCP Resource to Issue/, (items) => (items as { id?: string; label?: string }[]).find((i) => JSON.stringify(i).includes(issue.id) || i.label === 'Pool saturation')]], () =>
      run<InsertLogResult>('trcaa.mcp.attachResource', row),
    );
    assert.equal(result.duplicate, false);
    assert.equal(result.logFile.issueId, issue.id);
    assert.equal(result.logFile.fileName, 'runbook.txt');
    assert.equal(result.logFile.filePath, 'notes://runbook');
    assert.match(result.logFile.contentHash ?? "", /^[0-9a-f]{64}$/);
    assert.ok((result.pii?.countsByType.Email ?? 0) >= 1, `the canary e-mail was found: ${JSON.stringify(result.pii)}`);
    const spans = await store.piiSpans.listForLog(result.logFile.id);
    assert.ok(spans.some((s) => s.originalValue === CANARY), 'its span is stored for review');
    assert.deepEqual((await store.logFiles.listForIssue(issue.id)).map((l) => l.id), [result.logFile.id]);

    // The same with the reference server's resource, given as ids (other extensions, the chat).
    const reference = await everything();
    const resource = (await store.mcp.resources(reference.id)).find((r) => r.mimeType?.startsWith('text/'));
    assert.ok(resource);
    const second = (await answered([], () => run<InsertLogResult>('trcaa.mcp.attachResource', { serverId: reference.id, uri: resource.uri, issueId: issue.id }))).result;
    assert.equal(second.logFile.issueId, issue.id);
    assert.ok((second.logFile.fileSize ?? 0) > 10);
  });

  it('Import from .vscode/mcp.json: nothing runs when the confirmation is declined; confirmed, the listed command runs and its tools are discovered', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the test workspace has a folder');
    const file = path.join(folder, '.vscode', 'mcp.json');
    const server = everythingServer();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `{\n  // from the repository\n  "servers": {\n    "repo-everything": { "type": "stdio", "command": ${JSON.stringify(server.command)}, "args": ${JSON.stringify(server.args)}, "env": { "ELECTRON_RUN_AS_NODE": "1" } },\n  },\n}\n`);
    try {
      // The modal's text and detail, as shown; dismissed (Cancel).
      let shown = '';
      const api = await testApi();
      const restore = api.setUi({ showWarningMessage: (async (message: string, options: vscode.MessageOptions) => void (shown = `${message}\n${options.detail ?? ''}`)) as never });
      let declined: ImportSummary | undefined;
      try {
        declined = await run<ImportSummary | undefined>('trcaa.mcp.importWorkspace');
      } finally {
        restore.dispose();
      }
      assert.equal(declined, undefined);
      const detail = shown;
      assert.equal(await byName('repo-everything'), undefined, 'nothing stored when declined');
      assert.ok(detail.includes(`${server.command} ${server.args.join(' ')}`), `the modal lists the exact command: ${detail}`);
      assert.match(detail, /^Import 1 MCP server\(s\) from .*mcp\.json and discover them now\?/);
      assert.match(detail, /come from the repository/);

      const { result } = await answered([[/Import 1 MCP server\(s\) from/, 'Import and Run']], () => run<ImportSummary>('trcaa.mcp.importWorkspace'));
      assert.deepEqual(result.imported.map((s) => [s.name, s.discoveryStatus]), [['repo-everything', 'connected']]);
      const imported = await byName('repo-everything');
      assert.ok(imported);
      assert.ok((await (await (await testApi()).store()).mcp.tools(imported.id)).some((t) => t.name === 'echo'));

      const again = await answered([], () => run<ImportSummary>('trcaa.mcp.importWorkspace'));
      assert.deepEqual(again.result.skipped, [{ name: 'repo-everything', reason: 'a server of that name is already registered' }]);
    } finally {
      await rm(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('Remove asks first and takes the server, its tools and its resources away', async () => {
    const api = await testApi();
    const server = await byName('quitter');
    assert.ok(server);
    assert.equal((await answered([[/Remove MCP server "quitter"/, undefined]], () => run<boolean>('trcaa.mcp.removeServer', server.id))).result, false);
    assert.ok(await byName('quitter'));
    assert.equal((await answered([[/Remove MCP server "quitter"/, 'Remove']], () => run<boolean>('trcaa.mcp.removeServer', server.id))).result, true);
    assert.equal(await byName('quitter'), undefined);
    assert.ok(!(await api.mcpServers.getChildren()).some((r) => r.kind === 'server' && r.server.id === server.id));
  });
});
