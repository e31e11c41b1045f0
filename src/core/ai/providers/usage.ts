// Token counts: the provider's own when it reports them; otherwise an estimate (about four characters a token for
// English and code), flagged so that the chat can show "~" and nobody mistakes it for a bill.
import type { TokenUsage } from '../types';

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** The prompt's text in a request body: every message's content (and Anthropic's system), without the JSON. */
export function promptTextOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { system?: unknown; messages?: Array<{ content?: unknown }> };
    const parts = typeof parsed.system === 'string' ? [parsed.system] : [];
    for (const message of parsed.messages ?? []) {
      if (typeof message.content === 'string') parts.push(message.content);
      // Anthropic's content blocks: text, and tool results.
      else if (Array.isArray(message.content)) for (const block of message.content as Array<{ text?: unknown; content?: unknown }>) {
        if (typeof block?.text === 'string') parts.push(block.text);
        if (typeof block?.content === 'string') parts.push(block.content);
      }
    }
    return parts.join('\n');
  } catch {
    return body;
  }
}

export interface ReportedUsage {
  promptTokens?: number;
  completionTokens?: number;
}

/** The usage to record: reported counts where there are some, estimates for the rest. */
export function finalUsage(reported: ReportedUsage, requestBody: string, replyText: string): TokenUsage {
  const promptTokens = reported.promptTokens ?? estimateTokens(promptTextOf(requestBody));
  const completionTokens = reported.completionTokens ?? estimateTokens(replyText);
  return { promptTokens, completionTokens, estimated: reported.promptTokens === undefined || reported.completionTokens === undefined };
}
