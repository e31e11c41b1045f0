// How long a provider may take, how much it may send and how often a request is retried. The defaults suit a local
// model that needs a while to load as well as a hosted API; tests and the bench pass smaller ones.

export interface ProviderLimits {
  /** From sending the request to the response's headers and first bytes, ms (ProviderConfig.timeoutMs overrides). */
  timeoutMs: number;
  /** Longest silence between two chunks of a streamed answer, ms. */
  idleTimeoutMs: number;
  /** Longest answer kept (characters); a longer one is cut there and marked incomplete. */
  maxReplyChars: number;
  /** Longest single event/line of the wire format (characters). */
  maxEventChars: number;
  /** Attempts in all when the provider answers 429. */
  maxAttempts: number;
  /** Longest wait for a Retry-After; asked to wait longer, the request fails at once saying how long. */
  maxRetryWaitMs: number;
}

export const DEFAULT_LIMITS: ProviderLimits = {
  timeoutMs: 120_000,
  idleTimeoutMs: 60_000,
  maxReplyChars: 1_000_000,
  maxEventChars: 4 * 1024 * 1024,
  maxAttempts: 3,
  maxRetryWaitMs: 30_000,
};

/** Delay before the single retry after a 5xx or a lost connection. */
export const FAILURE_RETRY_DELAY_MS = 500;

export function resolveLimits(configTimeoutMs: number | undefined, given: Partial<ProviderLimits> = {}): ProviderLimits {
  return { ...DEFAULT_LIMITS, ...(configTimeoutMs ? { timeoutMs: configTimeoutMs } : {}), ...given };
}
