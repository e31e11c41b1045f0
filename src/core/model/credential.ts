// Integration credentials and configuration (seed migration 011): one of each per service.
import { z } from 'zod';

export const INTEGRATION_SERVICES = ['confluence', 'servicenow', 'azuredevops'] as const;
export type IntegrationService = (typeof INTEGRATION_SERVICES)[number];
export const integrationServiceSchema = z.enum(INTEGRATION_SERVICES);

const SQL_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * A point in time as the seed stores it ('YYYY-MM-DD HH:MM:SS', UTC). Also accepts an ISO 8601 string with a
 * time zone, or a Date, and normalises either.
 */
export const sqlTimestampSchema = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const date = value instanceof Date ? value : SQL_TIMESTAMP.test(value) ? new Date(`${value.replace(' ', 'T')}Z`) : new Date(value);
  if (Number.isNaN(date.getTime()) || (typeof value === 'string' && !SQL_TIMESTAMP.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/.test(value))) {
    ctx.addIssue({ code: 'custom', message: "expected 'YYYY-MM-DD HH:MM:SS' (UTC) or an ISO 8601 time with a time zone" });
    return z.NEVER;
  }
  return date.toISOString().slice(0, 19).replace('T', ' ');
});

/** Tokens and passwords: non-empty, no surrounding whitespace (a pasted newline would break every request). */
export const tokenSchema = z
  .string()
  .min(1, 'the token is empty')
  .max(64 * 1024, 'the token is longer than 64 KB')
  .refine((token) => token.trim() === token, 'the token starts or ends with whitespace');

export const saveCredentialOptionsSchema = z.object({ expiresAt: sqlTimestampSchema.optional() }).strict();
export type SaveCredentialOptions = z.input<typeof saveCredentialOptionsSchema>;

/**
 * An http(s) URL without credentials in it (those belong in the encrypted credentials), normalised without a
 * trailing slash so "https://x/wiki/" and "https://x/wiki" are one configuration.
 */
export const baseUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a URL` });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: `the base URL must use https or http, not ${url.protocol.replace(':', '')}` });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'the base URL must not contain a user name or password: save those as the credential' });
      return z.NEVER;
    }
    if (url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'the base URL must not contain a query or fragment' });
      return z.NEVER;
    }
    return url.href.replace(/\/+$/, '');
  });

/**
 * Which optional field belongs to which services (the seed's comments on integration_config, plus Confluence
 * Cloud's account e-mail in username: Cloud authenticates with e-mail + API token).
 */
const SERVICE_FIELDS: Record<'username' | 'projectName' | 'spaceKey', readonly IntegrationService[]> = { username: ['servicenow', 'confluence'], projectName: ['azuredevops'], spaceKey: ['confluence'] };

const optionalName = z.string().trim().min(1).max(256).optional();

export const integrationConfigInputSchema = z
  .object({
    baseUrl: baseUrlSchema,
    username: optionalName,
    projectName: optionalName,
    spaceKey: optionalName,
    autoCreateEnabled: z.boolean().default(false),
  })
  .strict();
export type IntegrationConfigInput = z.input<typeof integrationConfigInputSchema>;

/** The input, checked against the service it is for: a field of another service is an error, not ignored. */
export function parseIntegrationConfig(service: IntegrationService, input: unknown): z.output<typeof integrationConfigInputSchema> {
  const parsed = integrationConfigInputSchema.parse(input);
  for (const [field, owners] of Object.entries(SERVICE_FIELDS)) {
    if (parsed[field as keyof typeof SERVICE_FIELDS] !== undefined && !owners.includes(service)) {
      throw new z.ZodError([{ code: 'custom', path: [field], message: `${field} applies to ${owners.join(' and ')} only, not ${service}`, input }]);
    }
  }
  return parsed;
}

/** What list() shows: never the token, only enough to tell tokens apart. */
export interface CredentialSummary {
  service: IntegrationService;
  /** The first 12 hex digits of the token's SHA-256. */
  tokenHashPrefix: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface IntegrationConfig {
  id: string;
  service: IntegrationService;
  baseUrl: string;
  username: string | null;
  projectName: string | null;
  spaceKey: string | null;
  autoCreateEnabled: boolean;
  updatedAt: string;
}
