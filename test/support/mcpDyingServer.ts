// A stdio MCP server for the tests (see mcpServers.ts): `die` exits the process in the middle of the call (after
// saying why on stderr), `hang` never answers, `echo` answers.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'trcaa-dying', version: '1.0.0' });
server.registerTool('echo', { inputSchema: { message: z.string() } }, ({ message }) => ({ content: [{ type: 'text', text: `Echo: ${message}` }] }));
server.registerTool('die', { description: 'Exits mid-call' }, () => {
  process.stderr.write('dying on purpose in the middle of a call\n');
  setTimeout(() => process.exit(7), 10);
  return new Promise(() => undefined);
});
server.registerTool('hang', { description: 'Never answers' }, () => new Promise(() => undefined));
void server.connect(new StdioServerTransport());
