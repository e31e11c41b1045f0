// The MCP servers' commands: registered at activation, run once the feature has loaded.
export const MCP_COMMANDS = [
  'trcaa.mcp.addServer',
  'trcaa.mcp.editServer',
  'trcaa.mcp.enableServer',
  'trcaa.mcp.disableServer',
  'trcaa.mcp.discoverNow',
  'trcaa.mcp.removeServer',
  'trcaa.mcp.importWorkspace',
  'trcaa.mcp.importUser',
  'trcaa.mcp.attachResource',
] as const;

export type McpCommand = (typeof MCP_COMMANDS)[number];
