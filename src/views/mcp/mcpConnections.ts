// The open MCP connections, one per server, in the extension host (the database worker only stores what they
// find). Discovery opens a fresh one; tool calls and resource reads reuse it or open one. A connection that closes
// (the process exited) leaves the pool, so the next call starts the server again; disabling, editing or removing
// a server, and deactivation, close its connection. Implements the chat's McpToolHost.
import * as vscode from 'vscode';
import { McpConnection } from '../../core/mcp/client';
import { discoveryOf, failedDiscovery } from '../../core/mcp/discover';
import { connectionSpec } from '../../core/mcp/serverConfig';
import type { McpToolHost, McpToolInfo } from '../../core/mcp/toolHost';
import type { McpServer } from '../../core/model/mcp';
import type { Services } from '../workbench/services';

const DEFAULT_TIMEOUT_SECONDS = 15;

/** trcaa.mcp.timeoutSeconds, within 1 s to 10 min. */
export function timeoutMs(): number {
  const value = vscode.workspace.getConfiguration('trcaa').get<unknown>('mcp.timeoutSeconds');
  const seconds = typeof value === 'number' && Number.isFinite(value) ? Math.min(600, Math.max(1, value)) : DEFAULT_TIMEOUT_SECONDS;
  return seconds * 1000;
}

export class McpConnections implements McpToolHost, vscode.Disposable {
  private readonly open = new Map<string, Promise<McpConnection>>();

  constructor(private readonly services: Services) {}

  /** Discovers one server: pending, then its tools and resources with connected — or unreachable / error and why. */
  async discover(serverId: string): Promise<McpServer> {
    const store = await this.services.store();
    const server = await store.mcp.markPending(serverId);
    await this.close(serverId);
    const started = Date.now();
    let connection: McpConnection | undefined;
    let discovery;
    try {
      connection = await McpConnection.open(server.name, await this.specOf(server), timeoutMs());
      discovery = await discoveryOf(connection);
    } catch (error) {
      await connection?.close();
      connection = undefined;
      discovery = failedDiscovery(server.name, error);
    }
    const recorded = await store.mcp.replaceDiscovery(serverId, discovery);
    // Server names and reasons only: never the command line, headers or environment (they may hold secrets).
    this.services.log.info(`[mcp] discovered "${server.name}" in ${Date.now() - started} ms: ${discovery.status}${discovery.error ? ` — ${discovery.error}` : `, ${recorded.tools.length} tools, ${recorded.resources.length} resources`}`);
    if (connection && recorded.server.enabled) this.keep(serverId, connection);
    else await connection?.close();
    return recorded.server;
  }

  async listTools(): Promise<McpToolInfo[]> {
    const store = await this.services.store();
    return (await store.mcp.enabledTools()).map((tool) => ({
      serverId: tool.serverId,
      serverName: tool.serverName,
      name: tool.name,
      description: tool.description ?? '',
      inputSchema: tool.parameters,
      readOnly: tool.readOnly,
    }));
  }

  async callTool(serverId: string, tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<{ text: string; isError: boolean }> {
    const connection = await this.connection(serverId);
    return connection.callTool(tool, args, { signal });
  }

  async readResource(serverId: string, uri: string, signal?: AbortSignal): Promise<{ text: string; mimeType: string | undefined }> {
    const connection = await this.connection(serverId);
    return connection.readResource(uri, signal ? { signal } : {});
  }

  /** Closes a server's connection (disabled, edited, removed). */
  async close(serverId: string): Promise<void> {
    const pending = this.open.get(serverId);
    this.open.delete(serverId);
    await (await pending?.catch(() => undefined))?.close();
  }

  dispose(): void {
    for (const id of [...this.open.keys()]) void this.close(id);
  }

  /** The pooled connection, or a new one for an enabled server. */
  private async connection(serverId: string): Promise<McpConnection> {
    let pending = this.open.get(serverId);
    if (!pending) {
      pending = this.connect(serverId);
      this.open.set(serverId, pending);
      pending.then(
        (connection) => connection.onClose(() => this.forget(serverId, pending)),
        () => this.forget(serverId, pending),
      );
    }
    return pending;
  }

  private async connect(serverId: string): Promise<McpConnection> {
    const store = await this.services.store();
    const server = await store.mcp.get(serverId);
    if (!server) throw new Error('That MCP server no longer exists: it was removed.');
    if (!server.enabled) throw new Error(`MCP server "${server.name}" is disabled: enable it in the MCP Servers view first.`);
    return McpConnection.open(server.name, await this.specOf(server), timeoutMs());
  }

  private keep(serverId: string, connection: McpConnection): void {
    const pending = Promise.resolve(connection);
    this.open.set(serverId, pending);
    connection.onClose(() => this.forget(serverId, pending));
  }

  private forget(serverId: string, pending: Promise<McpConnection> | undefined): void {
    if (this.open.get(serverId) === pending) this.open.delete(serverId);
  }

  private async specOf(server: McpServer) {
    const authValue = server.hasAuthValue ? await (await this.services.store()).mcp.authValue(server.id) : undefined;
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    return connectionSpec(server, authValue, folder ? { cwd: folder } : {});
  }
}
