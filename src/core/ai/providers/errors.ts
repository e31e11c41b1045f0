// One error class for everything a provider call can fail with: a kind the caller can act on (retry, ask for a key,
// pick a model) and a message a user can act on, naming the setting or command to fix. A message never holds the
// API key or any of the request's text: provider detail is scrubbed before it is quoted (safeDetail).
import { AI_COMMANDS, AI_SETTINGS } from './settingNames';
import { prefixWithin } from '../../text/shorten';

export type AiProviderErrorKind =
  | 'auth' // 401/403: the key is missing or wrong
  | 'notFound' // 404: no such model (or a wrong base URL)
  | 'rateLimited' // 429 after the retries
  | 'server' // 5xx, or an error the provider reported in the stream
  | 'badRequest' // another 4xx: the provider refused the request
  | 'redirect' // 3xx: not followed (it could carry the key elsewhere)
  | 'network' // no connection, or it closed before any answer
  | 'timeout' // no answer, or a silent stream, for too long
  | 'invalidUrl' // the base URL cannot be used at all
  | 'insecureUrl' // plain http to a host other than this computer
  | 'malformed' // the reply is not the wire format it should be
  | 'tooLarge' // the reply passed a size limit
  | 'cancelled'; // the user stopped it

export class AiProviderError extends Error {
  constructor(
    readonly kind: AiProviderErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'AiProviderError';
  }
}

export const isAiProviderError = (error: unknown): error is AiProviderError => error instanceof AiProviderError;

/** The host a message names (never the path or query, which some setups use for keys). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}

const MAX_DETAIL_CHARS = 200;
/** A run of this many characters shared with the prompt's text means the provider is quoting it. */
const QUOTE_WINDOW = 12;
const KEY_LIKE = /\b(?:sk|pk|rk|key|api|token)[-_][A-Za-z0-9*._-]{6,}/gi;

/**
 * The provider's own explanation, fit to show: the key (and anything shaped like a key) removed, cut short, and
 * dropped entirely if it quotes the prompt (the messages' text, not the JSON around it).
 */
export function safeDetail(detail: string | undefined, secrets: { apiKey?: string; requestText?: string }): string | undefined {
  if (!detail) return undefined;
  let text = detail.replace(/\s+/g, ' ').trim();
  if (secrets.apiKey) text = text.split(secrets.apiKey).join('[key]');
  text = text.replace(KEY_LIKE, '[key]');
  if (text.length > MAX_DETAIL_CHARS) text = `${prefixWithin(text, MAX_DETAIL_CHARS)}…`;
  const request = secrets.requestText;
  if (request) {
    for (let i = 0; i + QUOTE_WINDOW <= text.length; i++) {
      if (request.includes(text.slice(i, i + QUOTE_WINDOW))) return undefined;
    }
  }
  return text || undefined;
}

function withDetail(head: string, detail: string | undefined): string {
  return detail ? `${head} The provider said: “${detail}”` : head;
}

const seconds = (ms: number) => (ms >= 90_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.round(ms / 1000))} s`);

export function statusError(status: number, url: string, model: string, detail?: string, retryAfterMs?: number): AiProviderError {
  const host = hostOf(url);
  if (status === 401 || status === 403) {
    return new AiProviderError('auth', withDetail(
      `The AI provider at ${host} refused the API key (HTTP ${status}). Check that ${AI_SETTINGS.provider} and ${AI_SETTINGS.baseUrl} name the provider the key is for, or run “${AI_COMMANDS.signOut}” and enter the key again.`,
      detail), { status });
  }
  if (status === 404) {
    return new AiProviderError('notFound', withDetail(
      `The AI provider at ${host} has no model “${model}” or no such endpoint (HTTP 404). Pick a model with “${AI_COMMANDS.selectModel}” (${AI_SETTINGS.model}), and check ${AI_SETTINGS.baseUrl}.`,
      detail), { status });
  }
  if (status === 429) {
    const when = retryAfterMs !== undefined ? ` Try again in ${seconds(retryAfterMs)}.` : ' Try again later.';
    return new AiProviderError('rateLimited', withDetail(`The AI provider at ${host} is limiting requests (HTTP 429).${when}`, detail),
      { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status >= 500) {
    return new AiProviderError('server', withDetail(`The AI provider at ${host} failed (HTTP ${status}). Try again later.`, detail), { status });
  }
  if (status >= 300 && status < 400) {
    return new AiProviderError('redirect',
      `The AI provider at ${host} answered with a redirect (HTTP ${status}), which is not followed. Set ${AI_SETTINGS.baseUrl} to the final address.`, { status });
  }
  return new AiProviderError('badRequest', withDetail(`The AI provider at ${host} refused the request (HTTP ${status}).`, detail), { status });
}

export function timeoutError(url: string, ms: number, phase: 'answer' | 'idle'): AiProviderError {
  const host = hostOf(url);
  return new AiProviderError('timeout', phase === 'answer'
    ? `The AI provider at ${host} did not answer within ${seconds(ms)}. Check that it is running and that the model is loaded (${AI_SETTINGS.baseUrl}, ${AI_SETTINGS.model}).`
    : `The AI provider at ${host} stopped sending for ${seconds(ms)}.`);
}

export function networkError(url: string, code?: string): AiProviderError {
  const host = hostOf(url);
  const why = code ? ` (${code})` : '';
  return new AiProviderError('network', `Could not reach the AI provider at ${host}${why}. Check that it is running and ${AI_SETTINGS.baseUrl}.`);
}

export function closedError(url: string): AiProviderError {
  return new AiProviderError('network', `The AI provider at ${hostOf(url)} closed the connection before answering.`);
}

export function malformedError(url: string, what = 'a reply it could not read'): AiProviderError {
  return new AiProviderError('malformed', `The AI provider at ${hostOf(url)} sent ${what}. Check ${AI_SETTINGS.provider}: it must match the server's API.`);
}

export function cancelledError(): AiProviderError {
  return new AiProviderError('cancelled', 'The AI request was cancelled.');
}
