// One request's abort switch: the caller's cancellation and our own timers both abort the fetch and its stream, and
// it remembers which of them did, so that the failure is reported as "cancelled" or "timed out", not as a broken
// connection.
import { cancelledError, timeoutError, type AiProviderError } from './errors';

type StopCause = { kind: 'cancelled' } | { kind: 'timeout'; ms: number; phase: 'answer' | 'idle' };

export class RequestControl {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cause: StopCause | undefined;
  private readonly onCallerAbort = () => this.stop({ kind: 'cancelled' });

  constructor(private readonly url: string, private readonly callerSignal: AbortSignal | undefined) {
    if (callerSignal?.aborted) this.stop({ kind: 'cancelled' });
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** (Re)starts the timer: the request is aborted if nothing re-arms it within `ms`. */
  arm(ms: number, phase: 'answer' | 'idle'): void {
    if (this.cause) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.stop({ kind: 'timeout', ms, phase }), ms);
  }

  /** The error for why the request was stopped, if it was. */
  stopped(): AiProviderError | undefined {
    if (!this.cause) return undefined;
    return this.cause.kind === 'cancelled' ? cancelledError() : timeoutError(this.url, this.cause.ms, this.cause.phase);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }

  private stop(cause: StopCause): void {
    if (this.cause) return;
    this.cause = cause;
    clearTimeout(this.timer);
    this.controller.abort();
  }
}
