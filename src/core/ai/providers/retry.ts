// When to try a request again: on 429 (Retry-After honoured, in seconds or as an HTTP date, up to a cap and a
// number of attempts) and once on a 5xx or a lost connection — only ever before any of the answer arrived (a
// request that failed after text is kept as an incomplete answer instead, never sent twice).
import { cancelledError, type AiProviderError } from './errors';
import { FAILURE_RETRY_DELAY_MS, type ProviderLimits } from './limits';

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; undefined if absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RetryInfo {
  /** The attempt that failed (1 for the first). */
  attempt: number;
  waitMs: number;
  /** The failure's message, for a status line ("Rate limited: retrying in 5 s"). */
  reason: string;
}

/** Runs `attempt` until it succeeds or a failure is not worth retrying; waits are cancelled by `signal`. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  limits: ProviderLimits,
  signal: AbortSignal | undefined,
  onRetry?: (info: RetryInfo) => void,
): Promise<T> {
  let rateLimited = 0;
  let failureRetried = false;
  for (let count = 1; ; count++) {
    try {
      return await attempt();
    } catch (error) {
      const failure = error as AiProviderError;
      let waitMs: number | undefined;
      if (failure.kind === 'rateLimited') {
        rateLimited++;
        const asked = failure.details.retryAfterMs;
        if (rateLimited < limits.maxAttempts && (asked === undefined || asked <= limits.maxRetryWaitMs)) {
          waitMs = asked ?? Math.min(limits.maxRetryWaitMs, 1000 * 2 ** (rateLimited - 1));
        }
      } else if ((failure.kind === 'server' || failure.kind === 'network') && !failureRetried) {
        failureRetried = true;
        waitMs = FAILURE_RETRY_DELAY_MS;
      }
      if (waitMs === undefined) throw error;
      onRetry?.({ attempt: count, waitMs, reason: failure.message });
      await sleep(waitMs, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
