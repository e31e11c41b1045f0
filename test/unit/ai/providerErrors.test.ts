// What a provider failure may say: the provider's explanation, but never the key, never the request's text, and
// short; and Retry-After read in both of its forms.
import * as assert from 'node:assert/strict';
import { safeDetail, statusError } from '../../../src/core/ai/providers/errors';
import { parseRetryAfter } from '../../../src/core/ai/providers/retry';

describe('AI provider error messages', () => {
  it('removes the key and key-shaped tokens, drops an explanation quoting the request, and cuts long ones', () => {
    const key = 'my-own-key-format-7f3a9c';
    assert.equal(safeDetail(`bad key ${key} (expected sk-proj-abcdefghijklmnop)`, { apiKey: key }), 'bad key [key] (expected [key])');
    assert.equal(safeDetail('Invalid value in message: "db-7 password hunter2 rejected"', { requestText: '{"messages":[{"content":"db-7 password hunter2 rejected"}]}' }), undefined);
    assert.equal(safeDetail('model not found', { requestText: '{"model":"m","messages":[]}' }), 'model not found');
    assert.equal(safeDetail('x'.repeat(1000), {})?.length, 201);
    // Cut between characters: an emoji across the cut is left out whole, not halved (a lone surrogate shows as garbage).
    assert.equal(safeDetail(`${'x'.repeat(199)}😀 and more`, {}), `${'x'.repeat(199)}…`);
    assert.equal(safeDetail('  \n ', {}), undefined);
  });

  it('words each status for the user, naming what to fix', () => {
    assert.match(statusError(401, 'https://api.anthropic.com/v1/messages', 'm').message, /api\.anthropic\.com refused the API key \(HTTP 401\).*trcaa\.ai\.provider/);
    assert.match(statusError(404, 'http://127.0.0.1:11434/api/chat', 'llama9').message, /no model “llama9”.*trcaa\.ai\.model/);
    assert.match(statusError(503, 'https://h/v1', 'm', 'busy').message, /failed \(HTTP 503\).*“busy”/);
    assert.equal(statusError(429, 'https://h', 'm', undefined, 5000).details.retryAfterMs, 5000);
    // The path and query (which some gateways use for keys) are never in a message.
    assert.doesNotMatch(statusError(500, 'https://h.example/v1?api-key=SECRET', 'm').message, /SECRET|v1/);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-06T18:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Sun, 06 Dec 2026 18:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sun, 06 Dec 2026 17:59:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});
