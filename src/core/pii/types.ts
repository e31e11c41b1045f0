// The PII and secret types the detector knows, their replacements (the desktop app's bracketed form) and labels.

export const PII_TYPES = [
  'UrlCredentials',
  'BearerToken',
  'ApiKey',
  'Password',
  'SSN',
  'CreditCard',
  'Email',
  'MAC',
  'IPv6',
  'IPv4',
  'Phone',
  'Hostname',
  'AWSAccessKey',
  'AWSSecretKey',
  'GitHubToken',
  'SlackToken',
  'JWT',
  'PrivateKey',
  'Secret',
] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** A span the user marked by hand (Redact Selection). */
export const MANUAL_TYPE = 'Manual';
/** Spans of a user's custom pattern are typed `Custom:<name>`. */
export const CUSTOM_PREFIX = 'Custom:';

export interface PiiTypeInfo {
  /** What the value is replaced with, e.g. `[Email]`. */
  replacement: string;
  /** Shown in hovers, the tree and settings. */
  label: string;
}

export const PII_TYPE_INFO: Record<PiiType, PiiTypeInfo> = {
  UrlCredentials: { replacement: '[URL]', label: 'URL with credentials' },
  BearerToken: { replacement: '[BearerToken]', label: 'Bearer token' },
  ApiKey: { replacement: '[ApiKey]', label: 'API key' },
  Password: { replacement: '[Password]', label: 'Password' },
  SSN: { replacement: '[SSN]', label: 'US Social Security number' },
  CreditCard: { replacement: '[CreditCard]', label: 'Credit card number' },
  Email: { replacement: '[Email]', label: 'E-mail address' },
  MAC: { replacement: '[MAC]', label: 'MAC address' },
  IPv6: { replacement: '[IPv6]', label: 'IPv6 address' },
  IPv4: { replacement: '[IPv4]', label: 'IPv4 address' },
  Phone: { replacement: '[Phone]', label: 'Phone number' },
  Hostname: { replacement: '[Hostname]', label: 'Host name' },
  AWSAccessKey: { replacement: '[AWSAccessKey]', label: 'AWS access key id' },
  AWSSecretKey: { replacement: '[AWSSecretKey]', label: 'AWS secret access key' },
  GitHubToken: { replacement: '[GitHubToken]', label: 'GitHub token' },
  SlackToken: { replacement: '[SlackToken]', label: 'Slack token' },
  JWT: { replacement: '[JWT]', label: 'JSON Web Token' },
  PrivateKey: { replacement: '[PrivateKey]', label: 'PEM private key' },
  Secret: { replacement: '[Secret]', label: 'Secret value' },
};

/** The replacement of any stored span type: built-in, `Custom:<name>` or Manual. */
export function replacementFor(type: string): string {
  if ((PII_TYPES as readonly string[]).includes(type)) return PII_TYPE_INFO[type as PiiType].replacement;
  if (type.startsWith(CUSTOM_PREFIX)) return `[${type.slice(CUSTOM_PREFIX.length)}]`;
  return '[Redacted]';
}

export function labelFor(type: string): string {
  if ((PII_TYPES as readonly string[]).includes(type)) return PII_TYPE_INFO[type as PiiType].label;
  if (type.startsWith(CUSTOM_PREFIX)) return `Custom: ${type.slice(CUSTOM_PREFIX.length)}`;
  return 'Redacted by hand';
}

/** A span found in a text: half-open [start, end) in UTF-16 code units (JavaScript string indices). */
export interface DetectedSpan {
  type: string;
  start: number;
  end: number;
  value: string;
  replacement: string;
}

export interface CustomPattern {
  /** Letters, digits, _ and -: the span type becomes `Custom:<name>` and its replacement `[<name>]`. */
  name: string;
  /** An RE2 regular expression (linear time: no backreferences or lookaround). */
  pattern: string;
}

export interface DetectorOptions {
  /** Default: every type. */
  enabledTypes?: readonly PiiType[];
  customPatterns?: readonly CustomPattern[];
}

/** A custom pattern that could not be used, and why (shown to the user; the scan goes on without it). */
export interface PatternProblem {
  name: string;
  message: string;
}
