// Sending one request: the URL policy, the key added to the headers only here, redirects never followed (they could
// carry the key to another host), a non-2xx status turned into an AiProviderError with the provider's own
// explanation quoted only once scrubbed of the key and of the request's text.
import type { ProviderConfig } from '../types';
import { networkError, safeDetail, statusError } from './errors';
import type { RequestControl } from './requestControl';
import { parseRetryAfter } from './retry';
import { checkUrl } from './urlPolicy';
import { promptTextOf } from './usage';
import { asRecord, errorMessageOf } from './wireEvent';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpCall {
  config: ProviderConfig;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  control: RequestControl;
  timeoutMs: number;
  fetch?: FetchLike;
}

/** Most of an error body read to find the provider's explanation. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** The response, once its status is a success; throws AiProviderError otherwise. */
export async function openResponse(call: HttpCall): Promise<Response> {
  checkUrl(call.url, call.config.allowInsecureHttp);
  const stopped = call.control.stopped();
  if (stopped) throw stopped;
  call.control.arm(call.timeoutMs, 'answer');
  let response: Response;
  try {
    response = await (call.fetch ?? fetch)(call.url, {
      method: call.method,
      headers: call.headers,
      ...(call.body !== undefined ? { body: call.body } : {}),
      signal: call.control.signal,
      redirect: 'manual',
    });
  } catch (error) {
    throw call.control.stopped() ?? networkError(call.url, errorCode(error));
  }
  if (response.ok) return response;
  const detail = await readErrorDetail(response).catch(() => undefined);
  const stoppedWhileReading = call.control.stopped();
  if (stoppedWhileReading) throw stoppedWhileReading;
  throw statusError(
    response.status === 0 ? 300 : response.status,
    call.url,
    call.config.model,
    safeDetail(detail, { apiKey: call.config.apiKey, requestText: call.body !== undefined ? promptTextOf(call.body) : undefined }),
    parseRetryAfter(response.headers.get('retry-after')),
  );
}

/** A system error code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…) from fetch's failure, if it has one. */
function errorCode(error: unknown): string | undefined {
  const cause = asRecord(asRecord(error)?.cause);
  const code = cause?.code ?? asRecord(error)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : undefined;
}

async function readErrorDetail(response: Response): Promise<string | undefined> {
  if (!response.body) return undefined;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const decoder = new TextDecoder();
  const text = (chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('') + decoder.decode()).trim();
  if (!text) return undefined;
  try {
    const parsed = asRecord(JSON.parse(text));
    return parsed ? errorMessageOf(parsed) : undefined;
  } catch {
    // An HTML error page says nothing useful; a short plain-text one may.
    return /^\s*</.test(text) ? undefined : text;
  }
}
