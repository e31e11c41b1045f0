// The shapes every part of the AI assistant shares: the provider clients (core/ai/providers), the context and the
// egress gate that build what is sent (storage), and the chat panel (views/webview). Plain types: nothing here loads.

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/** One message as a provider receives it. Its content has been through the egress gate (never raw user data). */
export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** An assistant turn that asked for tools (its content may be ''). */
  toolCalls?: ToolCall[];
  /** A tool's result (role 'tool'): the call it answers, by id and by the name the model used. */
  toolCallId?: string;
  toolName?: string;
  /** The tool failed (Anthropic's is_error; the others see it in the text). */
  isError?: boolean;
}

/** A tool offered to the model, named so every provider accepts it (core/ai/toolNames.ts). */
export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments (an object schema). */
  parameters: Record<string, unknown>;
}

/** A call the model asked for. Ollama gives no ids: the reader makes them up (call_1, …). */
export interface ToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments, as the model wrote them (it may be invalid: the loop says so to the model). */
  arguments: string;
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

/** What a stream yields, in order: text deltas and whole tool calls, then (at most once, at the end) usage. */
export type StreamEvent = { type: 'text'; text: string } | { type: 'toolCall'; call: ToolCall } | { type: 'usage'; usage: TokenUsage };

/** The finished (or cut) answer. */
export interface ChatResult {
  text: string;
  usage: TokenUsage;
  /** The stream ended before the provider said it was done (cut connection, cancellation, oversized reply). */
  incomplete: boolean;
  /** Why it is incomplete, user-readable. */
  incompleteReason?: string;
  /** The tools the model asked to call (only when it finished asking: a cut stream drops half-written calls). */
  toolCalls?: ToolCall[];
}

export interface ModelInfo {
  id: string;
  /** Context window in tokens, when the provider says. */
  contextTokens?: number;
}
