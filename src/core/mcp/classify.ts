// Why a discovery failed, as the status the registry shows (docs/storage.md "MCP servers"):
//   unreachable — nothing answered: the command could not start (not found, not executable), the host could not be
//                 reached (refused, unknown name, network down), or nothing answered within the timeout;
//   error       — something answered but the MCP conversation failed: the process exited during the handshake, the
//                 HTTP server refused (401/403/404/5xx) or spoke something else, a protocol error.
// The message names the server and the cause in words a person can act on.

export type FailureStatus = 'unreachable' | 'error';

const UNREACHABLE_CODES = new Set(['ENOENT', 'EACCES', 'ENOTDIR', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** Thrown when a server did not answer in time (connect, list or call). */
export class McpTimeoutError extends Error {
  constructor(readonly serverName: string, readonly seconds: number, what: string) {
    super(`MCP server "${serverName}" did not answer ${what} within ${seconds} s (setting trcaa.mcp.timeoutSeconds).`);
    this.name = 'McpTimeoutError';
  }
}

/** Thrown when the connection closed under a request: the process exited, or the server hung up. */
export class McpConnectionClosedError extends Error {
  constructor(readonly serverName: string, detail: string) {
    super(`MCP server "${serverName}" ${detail}`);
    this.name = 'McpConnectionClosedError';
  }
}

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

const REASONS: Record<string, string> = {
  ENOENT: 'the command was not found',
  EACCES: 'the command is not executable (permission denied)',
  ENOTDIR: 'the command or its folder is not a directory path',
  ECONNREFUSED: 'the connection was refused (nothing listens there)',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be resolved (DNS)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection failed',
};

/** The status and the message to store for a failed discovery. */
export function classifyFailure(serverName: string, error: unknown): { status: FailureStatus; message: string } {
  if (error instanceof McpTimeoutError) return { status: 'unreachable', message: error.message };
  if (error instanceof McpConnectionClosedError) return { status: 'error', message: error.message };
  const code = codeOf(error);
  if (code && UNREACHABLE_CODES.has(code)) {
    const path = (error as { path?: unknown }).path;
    const target = typeof path === 'string' ? ` (${path})` : '';
    return { status: 'unreachable', message: `MCP server "${serverName}" could not be reached: ${REASONS[code] ?? code}${target}.` };
  }
  const text = error instanceof Error ? error.message : String(error);
  const status = (error as { code?: unknown }).code;
  if (typeof status === 'number' && status >= 400) {
    const hint = status === 401 || status === 403 ? ' — check its auth type and secret' : status === 404 ? ' — check the URL (the MCP endpoint, often ending in /mcp)' : '';
    return { status: 'error', message: `MCP server "${serverName}" answered HTTP ${status}${hint}.` };
  }
  if (/unauthorized/i.test(text)) return { status: 'error', message: `MCP server "${serverName}" refused the credentials (401) — check its auth type and secret.` };
  // Our own messages already name the server.
  if (text.startsWith(`MCP server "${serverName}"`)) return { status: 'error', message: text.slice(0, 1000) };
  return { status: 'error', message: `MCP server "${serverName}" failed: ${text.slice(0, 500)}` };
}
