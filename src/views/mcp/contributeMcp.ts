// What the MCP servers register at activation: the MCP Servers view (light: it only reads the store) and the
// commands; the SDK client and everything else load on first use (loadMcp.ts).
import * as vscode from 'vscode';
import type { McpToolHost } from '../../core/mcp/toolHost';
import { LazyFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { MCP_COMMANDS, type McpCommand } from './commandIds';
import type { McpWorkbench } from './loadMcp';
import { McpServersView } from './mcpServersView';

export type McpFeature = LazyFeature<McpCommand, McpWorkbench>;

const features = new WeakMap<Services, McpFeature>();

export function contributeMcp(services: Services): { feature: McpFeature; view: McpServersView; disposables: vscode.Disposable[] } {
  const feature = new LazyFeature<McpCommand, McpWorkbench>('mcp', services, async () => (await import('./loadMcp')).loadMcp(services));
  features.set(services, feature);
  const view = new McpServersView(services);
  return { feature, view, disposables: [feature, view, vscode.window.registerTreeDataProvider('trcaa.mcpServers', view), ...feature.registerCommands(MCP_COMMANDS)] };
}

/** The chat's way to the MCP servers' tools; the client loads on the first call. */
export function mcpToolHost(services: Services): McpToolHost {
  const feature = features.get(services);
  if (!feature) throw new Error('The MCP servers feature is not registered (contributeMcp runs at activation).');
  return {
    listTools: async () => (await feature.get()).connections.listTools(),
    callTool: async (serverId, tool, args, signal) => (await feature.get()).connections.callTool(serverId, tool, args, signal),
  };
}
