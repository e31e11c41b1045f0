// How much of the model's context a request may fill: its context size (the provider's figure, the user's
// override, or 8,192 tokens when neither is known) minus the room kept for the answer.
import { estimateTokens } from './tokens';

export const DEFAULT_CONTEXT_TOKENS = 8192;
/** Kept for the answer when the request sets no max_tokens: a quarter of the context, within these bounds. */
export const MIN_ANSWER_TOKENS = 256;
export const MAX_DEFAULT_ANSWER_TOKENS = 4096;
/** Each message costs a few tokens of framing beyond its text (role markers). */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export interface ContextBudget {
  contextTokens: number;
  answerTokens: number;
  /** What the messages may take: contextTokens - answerTokens. */
  promptTokens: number;
}

export function contextBudget(config: { contextTokens?: number | undefined; maxTokens?: number | undefined }): ContextBudget {
  const contextTokens = config.contextTokens ?? DEFAULT_CONTEXT_TOKENS;
  const answerTokens = config.maxTokens ?? Math.min(MAX_DEFAULT_ANSWER_TOKENS, Math.max(MIN_ANSWER_TOKENS, Math.floor(contextTokens / 4)));
  const promptTokens = contextTokens - answerTokens;
  if (promptTokens < MIN_ANSWER_TOKENS) {
    throw new RangeError(`The model's context (${contextTokens} tokens) leaves no room for a request once ${answerTokens} tokens are kept for the answer: lower the maximum answer length or raise the context size.`);
  }
  return { contextTokens, answerTokens, promptTokens };
}

/** Spends a budget piece by piece. */
export class TokenBudget {
  private used = 0;

  constructor(readonly total: number) {}

  get spent(): number {
    return this.used;
  }

  get left(): number {
    return Math.max(0, this.total - this.used);
  }

  /** Whether `text` (as one more message or context part) fits; spends it when it does. */
  take(text: string, overhead = 0): boolean {
    const cost = estimateTokens(text) + overhead;
    if (cost > this.total - this.used) return false;
    this.used += cost;
    return true;
  }

  /** Spends without asking (what must go in whatever it costs). */
  spend(text: string, overhead = 0): void {
    this.used += estimateTokens(text) + overhead;
  }
}
