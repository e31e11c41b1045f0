// Where a request may go. Plain http:// only to this computer (a local Ollama or LM Studio): anywhere else the
// redacted incident data and the key would cross the network in clear, so it needs https unless the user opted in
// (trcaa.ai.allowInsecureHttp). Checked before every request, not only when the setting changes.
import type { ProviderConfig } from '../types';
import { AiProviderError } from './errors';
import { AI_SETTINGS } from './settingNames';

/** 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and localhost. URL has already normalised the host. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  // Only the name itself: whether *.localhost resolves to loopback depends on the resolver.
  if (host === 'localhost') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (host === '::1') return true;
  // ::ffff:127.0.0.1, which URL writes as ::ffff:7f00:1 (the first 16 bits of the IPv4 address are 0x7fXX).
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}

/** Throws AiProviderError ('invalidUrl' or 'insecureUrl') when a request must not go to this URL. */
export function checkUrl(url: string, allowInsecureHttp = false): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AiProviderError('invalidUrl', `${AI_SETTINGS.baseUrl} is not a URL. Use e.g. https://api.openai.com/v1 or http://127.0.0.1:11434.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AiProviderError('invalidUrl', `${AI_SETTINGS.baseUrl} must start with https:// (or http:// for a server on this computer), not ${parsed.protocol}//.`);
  }
  if (parsed.username || parsed.password) {
    throw new AiProviderError('invalidUrl', `${AI_SETTINGS.baseUrl} holds a user name or password: remove it; TRCAA keeps the API key in VS Code's secret storage and asks for it.`);
  }
  if (parsed.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(parsed.hostname)) {
    throw new AiProviderError('insecureUrl',
      `Plain http:// is allowed only to this computer (localhost, 127.0.0.1, ::1), not to ${parsed.host}: the incident data and the key would cross the network unencrypted. Use https://, or set ${AI_SETTINGS.allowInsecureHttp} if this network is trusted.`);
  }
  return parsed;
}

/** The configured base URL, checked (VS Code's own language models have none). */
export function checkProviderUrl(config: ProviderConfig): void {
  if (config.kind === 'vscode') return;
  checkUrl(config.baseUrl, config.allowInsecureHttp);
}
