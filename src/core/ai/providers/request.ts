// The exact bytes of a chat request, per wire format. Built in one place so that the egress gate can hash and audit
// precisely what is sent; the key is not part of it (headersFor adds it at send time).
import type { ChatMessage, ProviderConfig } from '../types';

export const ANTHROPIC_VERSION = '2023-06-01';
/** Anthropic requires max_tokens; the others default to the model's own limit. */
export const DEFAULT_MAX_TOKENS = 4096;

export interface ChatRequest {
  url: string;
  /** JSON, exactly as sent. */
  body: string;
}

/** Joins a base URL and a path without doubling or dropping the slash. */
export function endpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export function buildChatRequest(config: ProviderConfig, messages: readonly ChatMessage[]): ChatRequest {
  switch (config.kind) {
    case 'openai':
      return {
        url: endpoint(config.baseUrl, 'chat/completions'),
        body: JSON.stringify({
          model: config.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
          ...(config.maxTokens ? { max_tokens: config.maxTokens } : {}),
          ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
        }),
      };
    case 'ollama':
      return {
        url: endpoint(config.baseUrl, 'api/chat'),
        body: JSON.stringify({
          model: config.model,
          messages,
          stream: true,
          ...(config.temperature !== undefined || config.maxTokens
            ? { options: { ...(config.temperature !== undefined ? { temperature: config.temperature } : {}), ...(config.maxTokens ? { num_predict: config.maxTokens } : {}) } }
            : {}),
        }),
      };
    case 'anthropic': {
      // Anthropic takes the system prompt apart and wants user/assistant turns only.
      const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
      return {
        url: endpoint(config.baseUrl, 'v1/messages'),
        body: JSON.stringify({
          model: config.model,
          max_tokens: config.maxTokens ?? DEFAULT_MAX_TOKENS,
          ...(system ? { system } : {}),
          messages: messages.filter((m) => m.role !== 'system').map(({ role, content }) => ({ role, content })),
          stream: true,
          ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
        }),
      };
    }
    case 'vscode':
      // VS Code's language models take messages, not bytes; the gate hashes this JSON of them.
      return { url: `vscode-lm:${config.model}`, body: JSON.stringify({ model: config.model, messages }) };
  }
}

/** The headers for a request, the key included: built at send time, never stored or logged. */
export function headersFor(config: ProviderConfig): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: config.kind === 'ollama' ? 'application/x-ndjson' : 'text/event-stream' };
  if (config.kind === 'anthropic') {
    headers['anthropic-version'] = ANTHROPIC_VERSION;
    if (config.apiKey) headers['x-api-key'] = config.apiKey;
  } else if (config.apiKey) {
    headers.authorization = `Bearer ${config.apiKey}`;
  }
  return headers;
}
