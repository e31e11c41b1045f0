// A discovery run's result as the repository records it (McpRepository.replaceDiscovery): what a connected
// server lists, or — when it failed — no tools, no resources and the classified reason.
import type { McpDiscovery } from '../model/mcp';
import { classifyFailure } from './classify';
import type { McpConnection } from './client';

const MAX_TEXT = 16 * 1024; // what the model layer accepts for a description

/** Lists the server's tools and resources (every page). Tools listed twice keep their first entry. */
export async function discoveryOf(connection: McpConnection): Promise<McpDiscovery> {
  const tools = await connection.listTools();
  const resources = await connection.listResources();
  const seen = new Set<string>();
  return {
    status: 'connected',
    tools: tools
      .filter((tool) => !seen.has(tool.name) && seen.add(tool.name))
      .map((tool) => ({ name: tool.name, ...(tool.description ? { description: tool.description.slice(0, MAX_TEXT) } : {}), parameters: tool.inputSchema, readOnly: tool.readOnly })),
    resources: resources.map((r) => ({
      uri: r.uri,
      ...(r.name ? { name: r.name.slice(0, 256) } : {}),
      ...(r.description ? { description: r.description.slice(0, MAX_TEXT) } : {}),
      ...(r.mimeType ? { mimeType: r.mimeType.slice(0, 256) } : {}),
    })),
  };
}

/** A failed run: status unreachable or error with the reason (the previous tools and resources are cleared). */
export function failedDiscovery(serverName: string, error: unknown): McpDiscovery {
  const { status, message } = classifyFailure(serverName, error);
  return { status, error: message.slice(0, 4096), tools: [], resources: [] };
}
