// Discovery failures as the registry shows them: unreachable when nothing answered, error when MCP failed.
import * as assert from 'node:assert/strict';
import { classifyFailure, McpConnectionClosedError, McpTimeoutError } from '../../../../src/core/mcp/classify';

const withCode = (message: string, code: string | number, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });

describe('MCP discovery failures', () => {
  it('nothing answered is unreachable, with the cause in words', () => {
    assert.deepEqual(classifyFailure('S', withCode('spawn mcp-x ENOENT', 'ENOENT', { path: 'mcp-x' })), { status: 'unreachable', message: 'MCP server "S" could not be reached: the command was not found (mcp-x).' });
    // fetch wraps the socket error in `cause`
    assert.deepEqual(classifyFailure('S', new TypeError('fetch failed', { cause: withCode('getaddrinfo ENOTFOUND h', 'ENOTFOUND') })), { status: 'unreachable', message: 'MCP server "S" could not be reached: the host name is unknown.' });
    assert.equal(classifyFailure('S', new McpTimeoutError('S', 15, 'the connection')).status, 'unreachable');
    assert.match(classifyFailure('S', new McpTimeoutError('S', 15, 'the connection')).message, /did not answer the connection within 15 s \(setting trcaa\.mcp\.timeoutSeconds\)/);
  });

  it('an answer that is not MCP, or a refusal, is an error with what to check', () => {
    assert.deepEqual(classifyFailure('S', withCode('Streamable HTTP error: Error POSTing to endpoint: nope', 404)), { status: 'error', message: 'MCP server "S" answered HTTP 404 — check the URL (the MCP endpoint, often ending in /mcp).' });
    assert.deepEqual(classifyFailure('S', withCode('x', 403)), { status: 'error', message: 'MCP server "S" answered HTTP 403 — check its auth type and secret.' });
    assert.deepEqual(classifyFailure('S', new McpConnectionClosedError('S', 'closed the connection during the connection (it exited).')), { status: 'error', message: 'MCP server "S" closed the connection during the connection (it exited).' });
    assert.deepEqual(classifyFailure('S', withCode('MCP error -32601: Method not found', -32601)), { status: 'error', message: 'MCP server "S" failed: MCP error -32601: Method not found' });
    assert.deepEqual(classifyFailure('S', new Error('MCP server "S" uses bearer authentication but has no secret stored: edit it and enter one.')).message, 'MCP server "S" uses bearer authentication but has no secret stored: edit it and enter one.');
  });
});
