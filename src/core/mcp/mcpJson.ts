// VS Code's MCP configuration (`.vscode/mcp.json`, the user's mcp.json, the older `mcp` setting), read as TRCAA
// servers. Shape: { inputs?: [{ id, type: "promptString", description?, password? }],
//                   servers: { name: { type?: "stdio"|"http"|"sse", command?, args?, env?, cwd?, url?, headers? } } }.
// Variables: ${input:id} is asked once per import (masked when the input says password) and stored; ${env:NAME}
// is kept and read from our environment at each launch (so secrets from the environment are never stored);
// ${workspaceFolder}, ${userHome} and ${pathSeparator} are resolved now; any other variable skips the server.
// A secret goes to the encrypted auth value: an http server's `Authorization: Bearer …` or API-key header, a stdio
// server's (first) environment variable filled from a password input.
import path from 'node:path';
import { z } from 'zod';
import type { McpServerInput } from '../model/mcp';
import { parseJsonc } from './jsonc';
import { commandLine } from './serverConfig';

const inputSchema = z.looseObject({ id: z.string().min(1), type: z.string().optional(), description: z.string().optional(), password: z.boolean().optional() });
const serverSchema = z.looseObject({
  type: z.string().optional(),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  envFile: z.string().optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
});
const configSchema = z.looseObject({ inputs: z.array(inputSchema).optional(), servers: z.record(z.string(), serverSchema).optional() });

export type McpJsonInput = z.output<typeof inputSchema>;
export type McpJson = z.output<typeof configSchema>;

/** Parses an mcp.json text (comments and trailing commas allowed); the error says where and what is wrong. */
export function parseMcpJson(text: string, source: string): McpJson {
  let value: unknown;
  try {
    value = parseJsonc(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${source} is not an MCP configuration: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export interface ImportCandidate {
  server: McpServerInput & { authValue?: string };
  /** stdio: the exact command line that will run (shown in the confirmation). */
  commandLine?: string;
}

export interface ImportSkip {
  name: string;
  reason: string;
}

export interface ImportContext {
  workspaceFolder?: string;
  userHome: string;
  /** Asks for an input's value (once per id); undefined skips the servers that use it. */
  ask(input: McpJsonInput): Promise<string | undefined>;
}

const VARIABLE = /\$\{([^}]*)\}/g;

class Skip extends Error {}

export async function importCandidates(config: McpJson, context: ImportContext): Promise<{ candidates: ImportCandidate[]; skipped: ImportSkip[] }> {
  const inputs = new Map((config.inputs ?? []).map((input) => [input.id, input]));
  const answers = new Map<string, string | undefined>();
  const candidates: ImportCandidate[] = [];
  const skipped: ImportSkip[] = [];

  async function resolve(value: string): Promise<string> {
    let out = '';
    let last = 0;
    for (const match of value.matchAll(VARIABLE)) {
      out += value.slice(last, match.index);
      last = (match.index ?? 0) + match[0].length;
      const name = match[1] as string;
      if (name.startsWith('input:')) {
        const id = name.slice('input:'.length);
        const input = inputs.get(id);
        if (!input) throw new Skip(`it uses \${input:${id}}, which the file's "inputs" do not declare`);
        if (!answers.has(id)) answers.set(id, await context.ask(input));
        const answer = answers.get(id);
        if (answer === undefined) throw new Skip(`no value was given for \${input:${id}}`);
        out += answer;
      } else if (name.startsWith('env:')) out += match[0];
      else if (name === 'workspaceFolder') {
        if (!context.workspaceFolder) throw new Skip('it uses ${workspaceFolder} and no folder is open');
        out += context.workspaceFolder;
      } else if (name === 'userHome') out += context.userHome;
      else if (name === 'pathSeparator' || name === '/') out += path.sep;
      else throw new Skip(`it uses \${${name}}, which TRCAA does not resolve`);
    }
    return out + value.slice(last);
  }
  const fromPassword = (raw: string) => [...raw.matchAll(VARIABLE)].some((m) => m[1]?.startsWith('input:') && inputs.get(m[1].slice(6))?.password === true);

  for (const [name, raw] of Object.entries(config.servers ?? {})) {
    try {
      const type = raw.type ?? (raw.url ? 'http' : 'stdio');
      if (type === 'sse') throw new Skip('it uses the SSE transport, which TRCAA does not support (use Streamable HTTP)');
      if (type === 'stdio') {
        if (!raw.command) throw new Skip('a stdio server needs a "command"');
        if (raw.envFile) throw new Skip('it reads an "envFile", which TRCAA does not support (put the variables in "env")');
        const command = await resolve(raw.command);
        const args: string[] = [];
        for (const arg of raw.args ?? []) args.push(await resolve(arg));
        const env: Record<string, string> = {};
        let authEnv: string | undefined;
        let authValue: string | undefined;
        for (const [key, value] of Object.entries(raw.env ?? {})) {
          if (value === null) continue;
          const resolved = await resolve(String(value));
          if (!authEnv && fromPassword(String(value))) [authEnv, authValue] = [key, resolved];
          else env[key] = resolved;
        }
        const cwd = raw.cwd ? await resolve(raw.cwd) : undefined;
        const transportConfig = { args, env, ...(cwd ? { cwd } : {}), ...(authEnv ? { authEnv } : {}) };
        candidates.push({
          server: { name, url: command, transportType: 'stdio', transportConfig, authType: authValue ? 'api_key' : 'none', ...(authValue ? { authValue } : {}) },
          commandLine: commandLine(command, args),
        });
      } else if (type === 'http') {
        if (!raw.url) throw new Skip('an http server needs a "url"');
        const url = await resolve(raw.url);
        const headers: Record<string, string> = {};
        let auth: Pick<McpServerInput, 'authType' | 'authValue'> = { authType: 'none' };
        let apiKeyHeader: string | undefined;
        for (const [key, value] of Object.entries(raw.headers ?? {})) {
          const resolved = await resolve(value);
          const bearer = /^Bearer\s+(.+)$/i.exec(resolved);
          if (auth.authType === 'none' && key.toLowerCase() === 'authorization' && bearer && !resolved.includes('${env:')) auth = { authType: 'bearer', authValue: bearer[1] as string };
          else if (auth.authType === 'none' && /api[-_]?key/i.test(key) && resolved && !resolved.includes('${env:')) [auth, apiKeyHeader] = [{ authType: 'api_key', authValue: resolved }, key];
          else headers[key] = resolved;
        }
        const transportConfig = { headers, ...(apiKeyHeader ? { apiKeyHeader } : {}) };
        candidates.push({ server: { name, url, transportType: 'http', transportConfig, ...auth } });
      } else throw new Skip(`its type "${type}" is not one TRCAA knows (stdio or http)`);
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      skipped.push({ name, reason: error.message });
    }
  }
  return { candidates, skipped };
}
