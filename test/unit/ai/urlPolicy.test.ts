// Where a provider request may go: https anywhere, plain http only to this computer unless the user opted in, and
// never a URL holding credentials.
import * as assert from 'node:assert/strict';
import { AiProviderError, checkProviderUrl, checkUrl, isLoopbackHost } from '../../../src/core/ai/providers';

const kindOf = (url: string, allow = false) => {
  try {
    checkUrl(url, allow);
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof AiProviderError);
    return error.kind;
  }
};

describe('AI provider URL policy', () => {
  it('allows https anywhere and http to loopback only (127.0.0.0/8, ::1, localhost, in any spelling URL accepts)', () => {
    for (const url of ['https://api.openai.com/v1', 'https://10.0.0.5:8443', 'http://127.0.0.1:11434', 'http://127.8.9.10', 'http://localhost:1234/v1',
      'http://LOCALHOST', 'http://[::1]:8000', 'http://[::ffff:127.0.0.1]:11434', 'http://2130706433/', 'http://127.1:11434']) {
      assert.equal(kindOf(url), 'ok', url);
    }
    for (const url of ['http://10.0.0.5:11434', 'http://ollama.internal', 'http://[::2]', 'http://128.0.0.1', 'http://localhost.example.com', 'http://ollama.localhost', 'http://[::ffff:10.0.0.1]']) {
      assert.equal(kindOf(url), 'insecureUrl', url);
      assert.equal(kindOf(url, true), 'ok', `${url} with trcaa.ai.allowInsecureHttp`);
    }
  });

  it('refuses what is not an http(s) URL, and credentials in the URL, with a message naming the setting', () => {
    for (const url of ['', 'api.openai.com', 'ftp://example.com', 'file:///etc/passwd', 'https://user:sk-secret@example.com/v1']) {
      assert.equal(kindOf(url, true), 'invalidUrl', url);
    }
    assert.throws(() => checkUrl('https://user:sk-secret@example.com/v1'), (e: Error) => /trcaa\.ai\.baseUrl/.test(e.message) && !e.message.includes('sk-secret'));
    assert.throws(() => checkUrl('http://10.1.2.3'), /trcaa\.ai\.allowInsecureHttp/);
  });

  it('applies to a provider config (not to VS Code\'s own models, which have no URL)', () => {
    assert.throws(() => checkProviderUrl({ kind: 'ollama', baseUrl: 'http://gpu-box:11434', model: 'm' }), /gpu-box:11434/);
    assert.doesNotThrow(() => checkProviderUrl({ kind: 'ollama', baseUrl: 'http://gpu-box:11434', model: 'm', allowInsecureHttp: true }));
    assert.doesNotThrow(() => checkProviderUrl({ kind: 'vscode', baseUrl: '', model: 'copilot-gpt-4o' }));
    assert.equal(isLoopbackHost('[::1]'), true);
  });
});
