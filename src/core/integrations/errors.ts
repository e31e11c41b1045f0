// One error class for what a call to Confluence, ServiceNow or Azure DevOps can fail with: a kind the caller acts on
// (ask before overwriting, offer to configure, wait) and a sentence the user acts on. A message never holds the
// token, nor the text that was sent: the service's own explanation is quoted only once scrubbed of both.
import type { IntegrationService } from '../model/credential';

export type IntegrationErrorKind =
  | 'auth' // 401: the token (or user name) was refused
  | 'forbidden' // 403: the account may not do this
  | 'notFound' // 404: no such space, project, page or record (or a wrong base URL)
  | 'conflict' // 409, or a page edited in Confluence since it was published
  | 'rateLimited' // 429, with Retry-After beyond what is worth waiting
  | 'server' // 5xx
  | 'badRequest' // another 4xx: the service refused what was sent
  | 'redirect' // 3xx: not followed (it could carry the token elsewhere)
  | 'network' // no connection
  | 'timeout' // no answer in time
  | 'invalidUrl' // the base URL cannot be used
  | 'insecureUrl' // plain http to another computer
  | 'malformed' // the reply is not the JSON the service documents
  | 'notConfigured'; // no configuration or no token saved

export class IntegrationError extends Error {
  constructor(
    readonly kind: IntegrationErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; remoteVersion?: number } = {},
  ) {
    super(message);
    this.name = 'IntegrationError';
  }
}

export const SERVICE_NAMES: Record<IntegrationService, string> = {
  confluence: 'Confluence',
  servicenow: 'ServiceNow',
  azuredevops: 'Azure DevOps',
};

const MAX_DETAIL_CHARS = 200;

/** The service's explanation, fit to show: secrets and the sent text removed, cut short. */
export function scrubDetail(detail: string | undefined, secrets: readonly string[]): string | undefined {
  if (!detail) return undefined;
  let text = detail.replace(/\s+/g, ' ').trim();
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  if (text.length > MAX_DETAIL_CHARS) text = `${text.slice(0, MAX_DETAIL_CHARS)}…`;
  return text || undefined;
}

/** A status turned into the error a user can act on. */
export function statusError(service: IntegrationService, status: number, what: string, detail: string | undefined, retryAfterMs?: number): IntegrationError {
  const name = SERVICE_NAMES[service];
  const said = detail ? ` ${name} said: “${detail}”` : '';
  if (status === 401) return new IntegrationError('auth', `${name} refused the credentials (401) for ${what}: check the user name and token with TRCAA: Configure Integration….${said}`, { status });
  if (status === 403) return new IntegrationError('forbidden', `${name} does not let this account ${what} (403): ask an administrator for the permission.${said}`, { status });
  if (status === 404) return new IntegrationError('notFound', `${name} found nothing for ${what} (404): check the base URL and the space or project in TRCAA: Configure Integration….${said}`, { status });
  if (status === 409) return new IntegrationError('conflict', `${name} reports a conflict (409) for ${what}: it was changed there meanwhile. Try again.${said}`, { status });
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? ` Try again in ${Math.ceil(retryAfterMs / 1000)} s.` : ' Try again later.';
    return new IntegrationError('rateLimited', `${name} is rate limiting requests (429) for ${what}.${wait}${said}`, { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status >= 500) return new IntegrationError('server', `${name} failed (${status}) for ${what}: the service has a problem; try again later.${said}`, { status });
  if (status >= 300 && status < 400) return new IntegrationError('redirect', `${name} answered with a redirect (${status}) for ${what}, which TRCAA does not follow (it could carry the token to another host): check the base URL.`, { status });
  return new IntegrationError('badRequest', `${name} refused ${what} (${status}).${said}`, { status });
}
