// MCP servers and what discovery found on them (seed migration 018), validated per its CHECK constraints.
import { z } from 'zod';

export const MCP_TRANSPORTS = ['stdio', 'http'] as const;
export const MCP_AUTH_TYPES = ['none', 'api_key', 'bearer', 'oauth2'] as const;
export const MCP_DISCOVERY_STATUSES = ['pending', 'connected', 'unreachable', 'error'] as const;
export type McpTransport = (typeof MCP_TRANSPORTS)[number];
export type McpAuthType = (typeof MCP_AUTH_TYPES)[number];
export type McpDiscoveryStatus = (typeof MCP_DISCOVERY_STATUSES)[number];

const jsonObject = z
  .record(z.string(), z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value), 'utf8') <= 256 * 1024, 'must serialise to at most 256 KB of JSON');

const serverFields = {
  name: z.string().trim().min(1).max(200),
  /** http: the endpoint URL; stdio: the command that starts the server. */
  url: z.string().trim().min(1).max(4096),
  transportType: z.enum(MCP_TRANSPORTS),
  transportConfig: jsonObject.default({}),
  authType: z.enum(MCP_AUTH_TYPES).default('none'),
  /** The API key, bearer token or OAuth2 token; stored encrypted, never returned by list/get. */
  authValue: z.string().min(1).max(64 * 1024).optional(),
  enabled: z.boolean().default(true),
};

type ServerShape = { url?: string; transportType?: McpTransport; authType?: McpAuthType; authValue?: string | null };

/** Cross-field rules: an http server's URL is http(s); 'none' carries no secret. */
export function mcpServerProblems(server: ServerShape): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  if (server.transportType === 'http' && server.url !== undefined) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(server.url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) problems.push({ path: ['url'], message: 'an http MCP server needs an http(s) URL' });
  }
  if (server.authType === 'none' && server.authValue) problems.push({ path: ['authValue'], message: "auth type 'none' takes no auth value" });
  return problems;
}

/** The same rules as a zod error, for checks made after merging an update with the stored row. */
export function assertMcpServer(server: ServerShape): void {
  const problems = mcpServerProblems(server);
  if (problems.length) throw new z.ZodError(problems.map((problem) => ({ code: 'custom' as const, ...problem, input: server })));
}

export const mcpServerInputSchema = z
  .object(serverFields)
  .strict()
  .superRefine((server, ctx) => {
    for (const problem of mcpServerProblems(server)) ctx.addIssue({ code: 'custom', ...problem });
  });
export type McpServerInput = z.input<typeof mcpServerInputSchema>;

/** An update: any field; authValue null removes the stored secret. */
export const mcpServerPatchSchema = z
  .object({
    name: serverFields.name.optional(),
    url: serverFields.url.optional(),
    transportType: serverFields.transportType.optional(),
    transportConfig: jsonObject.optional(),
    authType: z.enum(MCP_AUTH_TYPES).optional(),
    authValue: z.string().min(1).max(64 * 1024).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type McpServerPatch = z.input<typeof mcpServerPatchSchema>;

export const mcpToolInputSchema = z
  .object({
    name: z.string().min(1).max(256),
    description: z.string().max(16 * 1024).optional(),
    /** The tool's input JSON Schema. */
    parameters: jsonObject.default({}),
    /** The server declared it read-only (annotations.readOnlyHint): the chat may call it without asking. */
    readOnly: z.boolean().default(false),
  })
  .strict();

export const mcpResourceInputSchema = z
  .object({
    uri: z.string().min(1).max(4096),
    name: z.string().max(256).optional(),
    description: z.string().max(16 * 1024).optional(),
    mimeType: z.string().max(256).optional(),
  })
  .strict();

export const mcpDiscoverySchema = z
  .object({
    tools: z.array(mcpToolInputSchema).max(10_000),
    resources: z.array(mcpResourceInputSchema).max(10_000),
    status: z.enum(MCP_DISCOVERY_STATUSES),
    error: z.string().min(1).max(4096).optional(),
  })
  .strict()
  .superRefine((discovery, ctx) => {
    const names = new Set<string>();
    discovery.tools.forEach((tool, index) => {
      if (names.has(tool.name)) ctx.addIssue({ code: 'custom', path: ['tools', index, 'name'], message: `tool "${tool.name}" is listed twice` });
      names.add(tool.name);
    });
    if (discovery.error && (discovery.status === 'connected' || discovery.status === 'pending')) {
      ctx.addIssue({ code: 'custom', path: ['error'], message: `a ${discovery.status} server has no discovery error` });
    }
  });
export type McpDiscovery = z.input<typeof mcpDiscoverySchema>;

export interface McpServer {
  id: string;
  name: string;
  url: string;
  transportType: McpTransport;
  transportConfig: Record<string, unknown>;
  authType: McpAuthType;
  /** Whether an auth value is stored; the value itself is read with authValue(id). */
  hasAuthValue: boolean;
  enabled: boolean;
  lastDiscoveredAt: string | null;
  discoveryStatus: McpDiscoveryStatus;
  discoveryError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface McpTool {
  id: string;
  serverId: string;
  name: string;
  /** mcp_{server}_{tool}, sanitised to [A-Za-z0-9_], at most 64 characters, unique per server. */
  toolKey: string;
  description: string | null;
  parameters: Record<string, unknown>;
  /** Declared read-only by the server (migration 029). */
  readOnly: boolean;
}

export interface McpResource {
  id: string;
  serverId: string;
  uri: string;
  name: string | null;
  description: string | null;
  /** As the server listed it (migration 029); null when it said none. */
  mimeType: string | null;
}
