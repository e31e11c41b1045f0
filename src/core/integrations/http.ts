// One request to an integration: only to the configured base URL, https (plain http only to this computer), the
// token added here and nowhere else, redirects never followed, a timeout, one wait on a short 429 Retry-After, and
// every failure as an IntegrationError whose message names what to fix.
import type { IntegrationService } from '../model/credential';
import { isLoopbackHost } from '../ai/providers/urlPolicy';
import { parseRetryAfter } from '../ai/providers/retry';
import { IntegrationError, SERVICE_NAMES, scrubDetail, statusError } from './errors';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** A configured service with its token: what every call needs. */
export interface ServiceConnection {
  service: IntegrationService;
  baseUrl: string;
  /** ServiceNow's user; Confluence Cloud's e-mail (Data Center uses a personal access token alone). */
  username?: string | null;
  token: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** The longest Retry-After worth waiting once before giving up with "try again in N s". */
  maxRetryWaitMs?: number;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

export interface ServiceRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Appended to the base URL (which may carry a context path, e.g. /confluence). */
  path: string;
  query?: Record<string, string>;
  /** The exact bytes sent (already serialised: the caller audits them). */
  body?: string;
  contentType?: string;
  /** For messages: "create the page in space OPS". */
  what: string;
}

export interface ServiceReply {
  status: number;
  headers: Headers;
  json: unknown;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRY_WAIT_MS = 10_000;
const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/** The base URL, checked: https, or http to this computer only. */
export function checkBaseUrl(service: IntegrationService, baseUrl: string): URL {
  const name = SERVICE_NAMES[service];
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new IntegrationError('invalidUrl', `The ${name} base URL "${baseUrl}" is not a URL: set it with TRCAA: Configure Integration….`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new IntegrationError('invalidUrl', `The ${name} base URL must start with https://.`);
  if (url.username || url.password) throw new IntegrationError('invalidUrl', `The ${name} base URL holds a user name or password: remove it, TRCAA keeps the token encrypted apart.`);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new IntegrationError('insecureUrl', `Plain http:// is allowed only to this computer, not to ${url.host}: the incident and the token would cross the network unencrypted. Use https://.`);
  }
  return url;
}

/** The Authorization header each service documents. */
export function authorizationFor(connection: Pick<ServiceConnection, 'service' | 'username' | 'token'>): string {
  const basic = (user: string) => `Basic ${Buffer.from(`${user}:${connection.token}`, 'utf8').toString('base64')}`;
  switch (connection.service) {
    case 'confluence':
      // Cloud: e-mail + API token as Basic. Data Center: a personal access token as Bearer.
      return connection.username ? basic(connection.username) : `Bearer ${connection.token}`;
    case 'servicenow':
      if (!connection.username) throw new IntegrationError('notConfigured', 'ServiceNow needs a user name with its password or token: set it with TRCAA: Configure Integration….');
      return basic(connection.username);
    case 'azuredevops':
      return basic(''); // a PAT as Basic with an empty user name
  }
}

export function urlFor(connection: ServiceConnection, request: Pick<ServiceRequest, 'path' | 'query'>): string {
  const base = checkBaseUrl(connection.service, connection.baseUrl);
  const url = new URL(`${base.href.replace(/\/+$/, '')}${request.path}`);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  return url.href;
}

/** Sends one request and reads its JSON reply; a failure is an IntegrationError. */
export async function callService(connection: ServiceConnection, request: ServiceRequest): Promise<ServiceReply> {
  const url = urlFor(connection, request);
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: authorizationFor(connection) };
  if (request.body !== undefined) headers['Content-Type'] = request.contentType ?? 'application/json';
  const secrets = [connection.token, ...(request.body ? [request.body] : [])];
  for (let attempt = 1; ; attempt++) {
    const response = await send(connection, url, { method: request.method, headers, ...(request.body !== undefined ? { body: request.body } : {}) }, request.what);
    const text = await readText(response, connection.service, request.what);
    if (response.status >= 200 && response.status < 300) return { status: response.status, headers: response.headers, json: parseJson(text, connection.service, request.what, response.status) };
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (response.status === 429 && attempt === 1 && retryAfterMs !== undefined && retryAfterMs <= (connection.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS)) {
      await (connection.sleep ?? sleep)(retryAfterMs);
      continue;
    }
    throw statusError(connection.service, response.status, request.what, scrubDetail(detailOf(text), secrets), retryAfterMs);
  }
}

async function send(connection: ServiceConnection, url: string, init: RequestInit, what: string): Promise<Response> {
  const timeoutMs = connection.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = connection.signal ? AbortSignal.any([connection.signal, timeout]) : timeout;
  const name = SERVICE_NAMES[connection.service];
  try {
    return await (connection.fetch ?? fetch)(url, { ...init, signal, redirect: 'manual' });
  } catch (error) {
    if (connection.signal?.aborted) throw new IntegrationError('network', `Stopped before ${name} answered ${what}.`);
    if (timeout.aborted) throw new IntegrationError('timeout', `${name} did not answer in ${Math.round(timeoutMs / 1000)} s (${what}): check the base URL and the network.`);
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    throw new IntegrationError('network', `Could not reach ${name} at ${new URL(url).host}${typeof code === 'string' ? ` (${code})` : ''}: check the base URL and the network.`);
  }
}

async function readText(response: Response, service: IntegrationService, what: string): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_REPLY_BYTES) throw new IntegrationError('malformed', `${SERVICE_NAMES[service]} sent a reply over ${MAX_REPLY_BYTES >> 20} MB for ${what}.`);
  return new TextDecoder().decode(bytes);
}

function parseJson(text: string, service: IntegrationService, what: string, status: number): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new IntegrationError('malformed', `${SERVICE_NAMES[service]} answered ${what} (${status}) with something that is not JSON: is the base URL the service's API (not a login page or a proxy)?`, { status });
  }
}

/** The service's own error sentence, from its documented error shapes, else the start of the body. */
function detailOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error as Record<string, unknown> | string | undefined;
    const candidates = [
      typeof error === 'object' ? error?.message : error, // ServiceNow {error:{message,detail}}
      typeof error === 'object' ? error?.detail : undefined,
      body.message, // Confluence v1, Azure DevOps
      (body.errors as { title?: unknown }[] | undefined)?.[0]?.title, // Confluence v2
    ];
    const found = candidates.filter((c): c is string => typeof c === 'string' && c.trim() !== '');
    return found.length ? found.join(' — ') : undefined;
  } catch {
    return /<html/i.test(text) ? undefined : text.slice(0, 300);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A reply field that must be there, or the reply is not what the service documents. */
export function field<T>(value: T | undefined | null, service: IntegrationService, what: string, name: string): T {
  if (value === undefined || value === null || value === '') throw new IntegrationError('malformed', `${SERVICE_NAMES[service]} answered ${what} without ${name}: is the base URL the service's API?`);
  return value;
}
