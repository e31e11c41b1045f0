// An McpToolHost (src/core/mcp/toolHost.ts) over the real reference server @modelcontextprotocol/server-everything,
// started over stdio with the SDK's own client: what the chat's tool loop is tested against, in unit and
// integration tests, without the MCP feature (src/views/mcp) in between. No test framework inside.
//
//   const host = await EverythingToolHost.start({ root, serverId, serverName });   // root: the repository
//   host.trustReadOnlyHints = false    // every tool asks for approval (the reference server marks echo read-only)
//   host.calls                         // every call made: tool, args
//   await host.close()
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { McpToolHost, McpToolInfo } from '../../src/core/mcp/toolHost';

export interface EverythingOptions {
  /** The repository (where node_modules is). */
  root: string;
  serverId: string;
  serverName?: string;
  /** More environment for the server process (its get-env tool returns it). */
  env?: Record<string, string>;
}

export class EverythingToolHost implements McpToolHost {
  trustReadOnlyHints = true;
  readonly calls: { tool: string; args: Record<string, unknown> }[] = [];

  private constructor(private readonly client: Client, private readonly options: Required<EverythingOptions>) {}

  static async start(options: EverythingOptions): Promise<EverythingToolHost> {
    const script = path.join(options.root, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
    // In VS Code's extension host process.execPath is Electron: run it as Node.
    const transport = new StdioClientTransport({ command: process.execPath, args: [script, 'stdio'], env: { ...getDefaultEnvironment(), ...options.env, ELECTRON_RUN_AS_NODE: '1' }, stderr: 'ignore' });
    const client = new Client({ name: 'trcaa-tests', version: '0.0.0' });
    await client.connect(transport, { timeout: 30_000 });
    return new EverythingToolHost(client, { serverName: 'Everything', env: {}, ...options });
  }

  async listTools(): Promise<McpToolInfo[]> {
    const { tools } = await this.client.listTools();
    return tools.map((tool) => ({
      serverId: this.options.serverId,
      serverName: this.options.serverName,
      name: tool.name,
      description: tool.description ?? '',
      inputSchema: tool.inputSchema as Record<string, unknown>,
      readOnly: this.trustReadOnlyHints && tool.annotations?.readOnlyHint === true,
    }));
  }

  async callTool(serverId: string, tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<{ text: string; isError: boolean }> {
    if (serverId !== this.options.serverId) throw new Error(`No MCP server ${serverId} here.`);
    this.calls.push({ tool, args });
    const result = await this.client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: 60_000 });
    const content = Array.isArray(result.content) ? (result.content as Array<{ type: string; text?: string; mimeType?: string }>) : [];
    const text = content.map((part) => (part.type === 'text' ? (part.text ?? '') : `[${part.type}${part.mimeType ? ` ${part.mimeType}` : ''}]`)).join('\n');
    return { text, isError: result.isError === true };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
