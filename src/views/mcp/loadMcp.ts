// The MCP servers, loaded on first use (contributeMcp.ts): the connections (the SDK client), the Add/Edit forms,
// discovery, import and the resource attach.
import * as vscode from 'vscode';
import type { McpServer } from '../../core/model/mcp';
import type { CommandTable, LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { attachResource } from './attachResource';
import type { McpCommand } from './commandIds';
import { importServers } from './importServers';
import { McpConnections } from './mcpConnections';
import type { McpRow } from './mcpServersView';
import { askServer } from './serverForm';

export interface McpWorkbench extends LoadedFeature<McpCommand> {
  connections: McpConnections;
}

/** The server a command means: a row of the view, an id, `{serverId}`, or one picked. */
async function serverOf(services: Services, arg: unknown, title: string): Promise<McpServer | undefined> {
  const store = await services.store();
  const row = arg as McpRow | undefined;
  const id = typeof arg === 'string' ? arg : row && typeof row === 'object' && 'server' in row ? row.server.id : (arg as { serverId?: string } | undefined)?.serverId;
  if (id) {
    const server = await store.mcp.get(id);
    if (!server) throw new Error('That MCP server no longer exists: it was removed.');
    return server;
  }
  const servers = await store.mcp.list();
  if (!servers.length) throw new Error('No MCP servers yet: add one (TRCAA: Add MCP Server) or import your mcp.json.');
  const picked = await services.ui.showQuickPick(servers.map((s) => ({ label: s.name.replace(/\$\(/g, '$\u200b('), description: `${s.enabled ? s.discoveryStatus : 'disabled'} · ${s.transportType}`, server: s })), { title, placeHolder: 'Pick the MCP server' });
  return picked?.server;
}

export function loadMcp(services: Services): McpWorkbench {
  const connections = new McpConnections(services);
  const discoverWithProgress = (server: McpServer) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: discovering MCP server ${server.name}` }, () => connections.discover(server.id));
  const report = (server: McpServer) => {
    if (server.discoveryStatus === 'connected') void services.ui.showInformationMessage(`TRCAA: ${server.name} is connected.`);
    else void services.ui.showWarningMessage(`TRCAA: ${server.discoveryError ?? `${server.name}: ${server.discoveryStatus}`}`);
    return server;
  };
  const setEnabled = async (arg: unknown, enabled: boolean) => {
    const server = await serverOf(services, arg, enabled ? 'TRCAA: Enable MCP Server' : 'TRCAA: Disable MCP Server');
    if (!server) return undefined;
    const updated = await (await services.store()).mcp.update(server.id, { enabled });
    if (!enabled) await connections.close(server.id);
    return enabled && updated.discoveryStatus !== 'connected' ? report(await discoverWithProgress(updated)) : updated;
  };
  const commands: CommandTable<McpCommand> = {
    'trcaa.mcp.addServer': async () => {
      const answer = await askServer(services);
      if (!answer?.input) return undefined;
      const server = await (await services.store()).mcp.create(answer.input);
      return report(await discoverWithProgress(server));
    },
    'trcaa.mcp.editServer': async (arg) => {
      const current = await serverOf(services, arg, 'TRCAA: Edit MCP Server');
      if (!current) return undefined;
      const answer = await askServer(services, current);
      if (!answer?.patch) return undefined;
      const updated = await (await services.store()).mcp.update(current.id, answer.patch);
      await connections.close(current.id);
      return updated.enabled ? report(await discoverWithProgress(updated)) : updated;
    },
    'trcaa.mcp.enableServer': (arg) => setEnabled(arg, true),
    'trcaa.mcp.disableServer': (arg) => setEnabled(arg, false),
    'trcaa.mcp.discoverNow': async (arg) => {
      const server = await serverOf(services, arg, 'TRCAA: Discover MCP Server Now');
      return server ? report(await discoverWithProgress(server)) : undefined;
    },
    'trcaa.mcp.removeServer': async (arg) => {
      const server = await serverOf(services, arg, 'TRCAA: Remove MCP Server');
      if (!server) return undefined;
      const answer = await services.ui.showWarningMessage(`Remove MCP server "${server.name}"?`, { modal: true, detail: 'Its tools and resources leave the registry and the chat; its stored secret is deleted.' }, 'Remove');
      if (answer !== 'Remove') return false;
      await connections.close(server.id);
      return (await services.store()).mcp.remove(server.id);
    },
    'trcaa.mcp.importWorkspace': () => importServers(services, connections, 'workspace'),
    'trcaa.mcp.importUser': () => importServers(services, connections, 'user'),
    'trcaa.mcp.attachResource': (arg) => attachResource(services, connections, arg),
  };
  return { commands, disposables: [connections], connections };
}
