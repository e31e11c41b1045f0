// MCP servers for the tests, all on this machine: the reference server (@modelcontextprotocol/server-everything)
// over stdio with node — never npx, no network —, a Streamable HTTP server built from the SDK's own server classes
// bound to 127.0.0.1 only (the reference server's HTTP mode listens on every interface), a stdio server that dies
// when asked (mcpDyingServer.ts) and a command that exits at once.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { repoRoot } from '../host/paths';

const requireHere = createRequire(__filename);

/** The reference server over stdio: `node <its dist/index.js> stdio`. */
export function everythingServer(): { command: string; args: string[] } {
  return { command: process.execPath, args: [requireHere.resolve('@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'] };
}

/** A stdio server whose `die` tool makes the process exit mid-call and whose `hang` tool never answers. */
export function dyingServer(): { command: string; args: string[] } {
  // Every .ts under test/ is a bundle of its own in out/ (this module is inlined into each test's bundle).
  return { command: process.execPath, args: [path.join(repoRoot, 'out', 'test', 'support', 'mcpDyingServer.js')] };
}

/** A command that writes a reason to stderr and exits before any handshake. */
export function exitAtOnceServer(): { command: string; args: string[] } {
  return { command: process.execPath, args: ['-e', "process.stderr.write('fatal: no config file found\\n'); process.exit(3)"] };
}

export interface LoopbackMcp {
  url: string;
  /** Every request's Authorization and X-API-Key headers, in order. */
  readonly seenAuth: { authorization?: string; apiKey?: string }[];
  close(): Promise<void>;
}

/**
 * A Streamable HTTP MCP server on 127.0.0.1 (stateless: a fresh server per request, as the SDK's examples do):
 * tools `echo` (read-only) and `incident-notes` (returns `notes`), a text resource `notes://runbook`. With
 * `bearer`, a request without `Authorization: Bearer <bearer>` gets 401.
 */
export async function startLoopbackMcp(options: { bearer?: string; notes?: string } = {}): Promise<LoopbackMcp> {
  const seenAuth: LoopbackMcp['seenAuth'] = [];
  const build = () => {
    const server = new McpServer({ name: 'trcaa-test-http', version: '1.0.0' });
    server.registerTool('echo', { description: 'Echoes the message', inputSchema: { message: z.string() }, annotations: { readOnlyHint: true } }, ({ message }) => ({ content: [{ type: 'text', text: `Echo: ${message}` }] }));
    server.registerTool('incident-notes', { description: 'The on-call notes', inputSchema: {} }, () => ({ content: [{ type: 'text', text: options.notes ?? 'no notes' }] }));
    server.registerResource('runbook', 'notes://runbook', { description: 'The runbook', mimeType: 'text/plain' }, () => ({
      contents: [{ uri: 'notes://runbook', mimeType: 'text/plain', text: options.notes ?? 'Restart the pool.' }],
    }));
    return server;
  };
  const httpServer = http.createServer((req, res) => {
    seenAuth.push({ authorization: req.headers.authorization, apiKey: req.headers['x-api-key'] as string | undefined });
    if (options.bearer && req.headers.authorization !== `Bearer ${options.bearer}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized' }));
      return;
    }
    const server = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    seenAuth,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, read, closed). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const unusedName = () => `trcaa-missing-${randomUUID()}`;
