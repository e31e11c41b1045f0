// The shapes every part of the AI assistant shares: the provider clients (core/ai/providers), the context and the
// egress gate that build what is sent (storage), and the chat panel (views/webview). Plain types: nothing here loads.

export type ChatRole = 'system' | 'user' | 'assistant';

/** One message as a provider receives it. Its content has been through the egress gate (never raw user data). */
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export type ProviderKind = 'openai' | 'ollama' | 'anthropic' | 'vscode';

/** Where to send and what to ask for; the key comes from SecretStorage at call time, never from settings. */
export interface ProviderConfig {
  kind: ProviderKind;
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:11434, https://api.anthropic.com */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Plain http to a host other than loopback (off unless the user set trcaa.ai.allowInsecureHttp). */
  allowInsecureHttp?: boolean;
  /** Per request, ms (default in the client). */
  timeoutMs?: number;
  maxTokens?: number;
  temperature?: number;
}

/** The provider's own token counts, when it reports them; `estimated` when we had to guess (chars / 4). */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  estimated: boolean;
}

/** What a stream yields, in order: text deltas, then (at most once, at the end) usage. */
export type StreamEvent = { type: 'text'; text: string } | { type: 'usage'; usage: TokenUsage };

/** The finished (or cut) answer. */
export interface ChatResult {
  text: string;
  usage: TokenUsage;
  /** The stream ended before the provider said it was done (cut connection, cancellation, oversized reply). */
  incomplete: boolean;
  /** Why it is incomplete, user-readable. */
  incompleteReason?: string;
}

export interface ModelInfo {
  id: string;
  /** Context window in tokens, when the provider says. */
  contextTokens?: number;
}
