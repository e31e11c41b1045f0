// What a stored MCP server becomes when we connect: the command line (stdio) or the URL with its headers (http).
// transport_config is JSON other programs may have written: it is parsed here, and anything malformed is named.
import { z } from 'zod';
import type { McpServer } from '../model/mcp';

/** transport_config: stdio's args, env and cwd; http's extra headers; where an api_key goes. */
export const transportConfigSchema = z.object({
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  /** api_key over http: the header carrying it (the common convention, X-API-Key, unless the server says otherwise). */
  apiKeyHeader: z.string().min(1).optional(),
  /** stdio: the environment variable the auth value is passed in (a local server reads its token from env). */
  authEnv: z.string().min(1).optional(),
});
export type TransportConfig = z.output<typeof transportConfigSchema>;

export type ConnectionSpec =
  | { kind: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd: string | undefined }
  | { kind: 'http'; url: URL; headers: Record<string, string> };

export const DEFAULT_API_KEY_HEADER = 'X-API-Key';

export function transportConfigOf(server: Pick<McpServer, 'name' | 'transportConfig'>): TransportConfig {
  const parsed = transportConfigSchema.safeParse(server.transportConfig);
  if (!parsed.success) throw new Error(`The configuration of MCP server "${server.name}" is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}. Edit the server to fix it.`);
  return parsed.data;
}

/** `${env:NAME}` in stored values is read from our environment at launch, so imported secrets need not be stored. */
export function expandEnv(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '');
}

/**
 * The connection for a server: bearer and oauth2 tokens go in `Authorization: Bearer`, an API key in its header
 * (http) or the named environment variable (stdio). `cwd`: the workspace folder a stdio server starts in when its
 * config names none.
 */
export function connectionSpec(server: McpServer, authValue: string | undefined, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ConnectionSpec {
  const config = transportConfigOf(server);
  const env = options.env ?? process.env;
  if (server.authType !== 'none' && authValue === undefined) throw new Error(`MCP server "${server.name}" uses ${server.authType} authentication but has no secret stored: edit it and enter one.`);
  if (server.transportType === 'stdio') {
    const childEnv = Object.fromEntries(Object.entries(config.env).map(([k, v]) => [k, expandEnv(v, env)]));
    if (server.authType !== 'none') {
      if (!config.authEnv) throw new Error(`MCP server "${server.name}" runs a local command: its secret needs an environment variable name to be passed in. Edit the server.`);
      childEnv[config.authEnv] = authValue as string;
    }
    return { kind: 'stdio', command: server.url, args: config.args.map((a) => expandEnv(a, env)), env: childEnv, cwd: config.cwd ?? options.cwd };
  }
  let url: URL;
  try {
    url = new URL(server.url);
  } catch {
    throw new Error(`MCP server "${server.name}" has no valid URL ("${server.url}").`);
  }
  if (url.username || url.password) throw new Error(`MCP server "${server.name}": a URL with a user name or password is refused (it would be logged and sent on redirects); use the auth type instead.`);
  const headers = Object.fromEntries(Object.entries(config.headers).map(([k, v]) => [k, expandEnv(v, env)]));
  if (server.authType === 'api_key') headers[config.apiKeyHeader ?? DEFAULT_API_KEY_HEADER] = authValue as string;
  else if (server.authType === 'bearer' || server.authType === 'oauth2') headers.Authorization = `Bearer ${authValue as string}`;
  return { kind: 'http', url, headers };
}

/** The command line as a person should read it before agreeing to run it. */
export function commandLine(command: string, args: readonly string[]): string {
  const quote = (part: string) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`);
  return [command, ...args].map(quote).join(' ');
}
