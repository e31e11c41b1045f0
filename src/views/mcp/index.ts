// MCP servers: the registry view, discovery, import from VS Code's mcp.json, resources attached as logs, and the
// tool host the chat calls tools through. Registered at activation (contributeMcp), loaded on first use.
export { contributeMcp, mcpToolHost, type McpFeature } from './contributeMcp';
export type { McpWorkbench } from './loadMcp';
export type { McpToolHost, McpToolInfo } from '../../core/mcp/toolHost';
