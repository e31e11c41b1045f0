// The contract between the MCP client (src/views/mcp) and the chat's tool loop (src/views/assistant).
export interface McpToolInfo { serverId: string; serverName: string; name: string; description: string; inputSchema: Record<string, unknown>; readOnly: boolean }
export interface McpToolHost {
  /** Tools of enabled, connected servers (from the stored discovery). */
  listTools(): Promise<McpToolInfo[]>;
  /** Calls one tool; the result's text parts joined (images etc. named, not inlined). Rejects with a clear message on timeout or a dead server. */
  callTool(serverId: string, tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<{ text: string; isError: boolean }>;
}
