// One connection to an MCP server over the SDK's stdio or Streamable HTTP client transport. Runs in the extension
// host (the database worker only stores what it finds). Every request has the server's timeout; a connection that
// closes under a request (the process exited, the server hung up) rejects it at once, naming the server and the
// last lines the process wrote to stderr.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { resourceText, toolResultText } from './callResult';
import { McpConnectionClosedError, McpTimeoutError } from './classify';
import type { ConnectionSpec } from './serverConfig';

export interface DiscoveredTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  readOnly: boolean;
}

export interface DiscoveredResource {
  uri: string;
  name?: string;
  description?: string;
  mimeType?: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

/** At most this many pages of a list: a server whose cursor never ends is stopped, not followed forever. */
const MAX_PAGES = 100;
const STDERR_TAIL = 2000;

const CLIENT_INFO = { name: 'trcaa-vscode', version: '1' };

export class McpConnection {
  private closedReason: string | undefined;
  private readonly closeListeners: (() => void)[] = [];

  private constructor(
    readonly serverName: string,
    private readonly client: Client,
    private readonly timeoutMs: number,
    private readonly stderr: () => string,
  ) {
    client.onclose = () => {
      this.closedReason ??= this.exitText();
      for (const listener of this.closeListeners.splice(0)) listener();
    };
  }

  /**
   * Connects and completes the MCP handshake within `timeoutMs` (a spawn that hangs or a host that never
   * answers is given up on, the process stopped).
   */
  static async open(serverName: string, spec: ConnectionSpec, timeoutMs: number): Promise<McpConnection> {
    let stderr = '';
    let transport: Transport;
    if (spec.kind === 'stdio') {
      const stdio = new StdioClientTransport({ command: spec.command, args: spec.args, env: spec.env, cwd: spec.cwd, stderr: 'pipe' });
      // Kept short: the tail says why a server exited ("Error: missing API key").
      stdio.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL)));
      transport = stdio;
    } else {
      transport = new StreamableHTTPClientTransport(spec.url, { requestInit: { headers: spec.headers } });
    }
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    const connection = new McpConnection(serverName, client, timeoutMs, () => stderr);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new McpTimeoutError(serverName, timeoutMs / 1000, 'the connection')), timeoutMs);
    });
    try {
      await Promise.race([client.connect(transport, { timeout: timeoutMs }), timedOut]);
      return connection;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw connection.translate(error, 'the connection');
    } finally {
      clearTimeout(timer);
    }
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  async listTools(): Promise<DiscoveredTool[]> {
    if (!this.client.getServerCapabilities()?.tools) return [];
    const tools: DiscoveredTool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.request('the tool list', (options) => this.client.listTools(cursor ? { cursor } : undefined, options));
      for (const tool of result.tools) {
        tools.push({ name: tool.name, description: tool.description ?? tool.title, inputSchema: tool.inputSchema as Record<string, unknown>, readOnly: tool.annotations?.readOnlyHint === true });
      }
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools;
  }

  async listResources(): Promise<DiscoveredResource[]> {
    if (!this.client.getServerCapabilities()?.resources) return [];
    const resources: DiscoveredResource[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.request('the resource list', (options) => this.client.listResources(cursor ? { cursor } : undefined, options));
      for (const r of result.resources) resources.push({ uri: r.uri, name: r.name, description: r.description, mimeType: r.mimeType });
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return resources;
  }

  async callTool(name: string, args: Record<string, unknown>, options: RequestOptions = {}): Promise<{ text: string; isError: boolean }> {
    const result = await this.request(`the call of ${name}`, (o) => this.client.callTool({ name, arguments: args }, undefined, o), options);
    return toolResultText(result);
  }

  async readResource(uri: string, options: RequestOptions = {}): Promise<{ text: string; mimeType: string | undefined }> {
    const result = await this.request(`the read of ${uri}`, (o) => this.client.readResource({ uri }, o), options);
    return resourceText(uri, result);
  }

  async close(): Promise<void> {
    this.closedReason ??= 'was closed';
    await this.client.close().catch(() => undefined);
  }

  /** Runs one request with the timeout and the caller's signal; rejects at once if the connection is or goes down. */
  private async request<T>(what: string, send: (options: { timeout: number; signal?: AbortSignal }) => Promise<T>, options: RequestOptions = {}): Promise<T> {
    if (this.closed) throw new McpConnectionClosedError(this.serverName, `is not connected (it ${this.closedReason}).`);
    options.signal?.throwIfAborted();
    try {
      return await send({ timeout: this.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      throw this.translate(error, what, options.signal);
    }
  }

  /** The SDK's errors in words: a timeout, a closed connection (with stderr's tail), a cancel. */
  private translate(error: unknown, what: string, signal?: AbortSignal): Error {
    if (signal?.aborted) return signal.reason instanceof Error ? signal.reason : new Error('Cancelled.');
    if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) return new McpTimeoutError(this.serverName, this.timeoutMs / 1000, what);
    if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
      return new McpConnectionClosedError(this.serverName, `closed the connection during ${what} (it ${this.closedReason ?? this.exitText()}).`);
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  private exitText(): string {
    const tail = this.stderr().trim().split('\n').slice(-3).join(' | ').slice(-400);
    return tail ? `exited; its last output: ${tail}` : 'exited or hung up';
  }
}
