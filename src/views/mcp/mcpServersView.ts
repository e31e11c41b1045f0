// The MCP Servers view: each server with its discovery status (codicon; the error in the tooltip), its tools and
// resources as children, refreshed from the change channel. Light on purpose (drawn at activation): it reads the
// store and draws rows; the client, the forms and the import load on first use.
import * as vscode from 'vscode';
import type { McpResource, McpServer, McpTool } from '../../core/model/mcp';
import type { ChangeEvent } from '../workbench/changeChannel';
import { touches } from '../workbench/changeChannel';
import { CONTEXT } from '../workbench/contextValues';
import type { Services } from '../workbench/services';

export type McpRow = { kind: 'server'; server: McpServer } | { kind: 'tool'; server: McpServer; tool: McpTool } | { kind: 'resource'; server: McpServer; resource: McpResource };

const STATUS_ICONS: Record<McpServer['discoveryStatus'], [string, string | undefined]> = {
  connected: ['pass', 'testing.iconPassed'],
  pending: ['circle-large-outline', undefined],
  unreachable: ['debug-disconnect', 'testing.iconFailed'],
  error: ['error', 'testing.iconFailed'],
};

/** Plain text in labels: no codicon syntax from names a server or an mcp.json chose. */
const plain = (text: string) => text.replace(/\$\(/g, '$\u200b(');

export class McpServersView implements vscode.TreeDataProvider<McpRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: Services) {
    this.subscription = services.changes.onDidChange((event: ChangeEvent) => {
      if (touches(event, 'mcp')) this.changed.fire(undefined);
    });
  }

  async getChildren(row?: McpRow): Promise<McpRow[]> {
    const store = await this.services.store();
    if (!row) return (await store.mcp.list()).map((server) => ({ kind: 'server', server }));
    if (row.kind !== 'server') return [];
    const [tools, resources] = await Promise.all([store.mcp.tools(row.server.id), store.mcp.resources(row.server.id)]);
    return [...tools.map((tool): McpRow => ({ kind: 'tool', server: row.server, tool })), ...resources.map((resource): McpRow => ({ kind: 'resource', server: row.server, resource }))];
  }

  getTreeItem(row: McpRow): vscode.TreeItem {
    if (row.kind === 'tool') {
      const item = new vscode.TreeItem(plain(row.tool.name), vscode.TreeItemCollapsibleState.None);
      item.id = `mcp-tool:${row.tool.id}`;
      item.description = row.tool.readOnly ? 'read-only' : '';
      item.tooltip = new vscode.MarkdownString().appendText(`${row.tool.name}${row.tool.readOnly ? ' (read-only)' : ''}\n\n${row.tool.description ?? ''}`);
      item.iconPath = new vscode.ThemeIcon('tools');
      item.contextValue = CONTEXT.mcp.tool;
      return item;
    }
    if (row.kind === 'resource') {
      const item = new vscode.TreeItem(plain(row.resource.name ?? row.resource.uri), vscode.TreeItemCollapsibleState.None);
      item.id = `mcp-resource:${row.resource.id}`;
      item.description = row.resource.name ? row.resource.uri : (row.resource.mimeType ?? '');
      item.tooltip = new vscode.MarkdownString().appendText(`${row.resource.uri}${row.resource.mimeType ? ` (${row.resource.mimeType})` : ''}\n\n${row.resource.description ?? ''}`);
      item.iconPath = new vscode.ThemeIcon('file-text');
      item.contextValue = CONTEXT.mcp.resource;
      return item;
    }
    const { server } = row;
    const item = new vscode.TreeItem(plain(server.name), server.discoveryStatus === 'connected' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `mcp-server:${server.id}`;
    const [icon, color] = server.enabled ? STATUS_ICONS[server.discoveryStatus] : ['circle-slash', undefined];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.description = [server.enabled ? server.discoveryStatus : 'disabled', server.transportType === 'stdio' ? 'local command' : hostOf(server.url)].join(' · ');
    const lines = [`${server.name} — ${server.transportType === 'stdio' ? 'local command (stdio)' : `${server.url} (Streamable HTTP)`}`, `Status: ${server.enabled ? server.discoveryStatus : 'disabled'}`];
    if (server.discoveryError) lines.push(server.discoveryError);
    if (server.lastDiscoveredAt) lines.push(`Last discovered ${server.lastDiscoveredAt} UTC`);
    item.tooltip = lines.join('\n');
    item.contextValue = server.enabled ? CONTEXT.mcp.serverEnabled : CONTEXT.mcp.serverDisabled;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
