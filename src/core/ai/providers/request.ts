// The exact bytes of a chat request, per wire format. Built in one place so that the egress gate can hash and audit
// precisely what is sent; the key is not part of it (headersFor adds it at send time). Tools and the turns of a
// tool exchange are written as each vendor documents them: OpenAI's `tools: [{type: 'function', function}]`,
// assistant `tool_calls` and `role: 'tool'` replies; Ollama's the same but arguments as objects and replies naming
// `tool_name`; Anthropic's `tools: [{name, description, input_schema}]`, `tool_use` blocks and `tool_result`
// blocks in one user message.
import type { ChatMessage, ProviderConfig, ToolDefinition } from '../types';

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

/** Arguments as an object (Ollama and Anthropic want one): invalid JSON from the model is sent back as {}. */
function argumentsObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function openAiMessage(message: ChatMessage): Record<string, unknown> {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if (message.toolCalls?.length) {
    return {
      role: message.role,
      content: message.content || null,
      tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
    };
  }
  return { role: message.role, content: message.content };
}

function ollamaMessage(message: ChatMessage): Record<string, unknown> {
  if (message.role === 'tool') return { role: 'tool', content: message.content, ...(message.toolName ? { tool_name: message.toolName } : {}) };
  if (message.toolCalls?.length) {
    return { role: message.role, content: message.content, tool_calls: message.toolCalls.map((call) => ({ function: { name: call.name, arguments: argumentsObject(call.arguments) } })) };
  }
  return { role: message.role, content: message.content };
}

/** Anthropic's turns: tool_use blocks in the assistant's, each round's results together in one user message. */
function anthropicMessages(messages: readonly ChatMessage[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    if (message.role === 'tool') {
      const block = { type: 'tool_result', tool_use_id: message.toolCallId, content: message.content, ...(message.isError ? { is_error: true } : {}) };
      const last = out[out.length - 1];
      if (last && last.role === 'user' && Array.isArray(last.content)) (last.content as unknown[]).push(block);
      else out.push({ role: 'user', content: [block] });
      continue;
    }
    if (message.toolCalls?.length) {
      out.push({
        role: 'assistant',
        content: [
          ...(message.content ? [{ type: 'text', text: message.content }] : []),
          ...message.toolCalls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: argumentsObject(call.arguments) })),
        ],
      });
      continue;
    }
    out.push({ role: message.role, content: message.content });
  }
  return out;
}

const functionTools = (tools: readonly ToolDefinition[]) =>
  tools.length ? { tools: tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } })) } : {};

export function buildChatRequest(config: ProviderConfig, messages: readonly ChatMessage[], tools: readonly ToolDefinition[] = []): ChatRequest {
  switch (config.kind) {
    case 'openai':
      return {
        url: endpoint(config.baseUrl, 'chat/completions'),
        body: JSON.stringify({
          model: config.model,
          messages: messages.map(openAiMessage),
          ...functionTools(tools),
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
          messages: messages.map(ollamaMessage),
          ...functionTools(tools),
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
          messages: anthropicMessages(messages),
          ...(tools.length ? { tools: tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters })) } : {}),
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
