// Provider keys with a documented prefix (Stripe's sk_live_, OpenAI's sk-proj-, npm's npm_…): secrets wherever they
// appear, with no key name around them. Their prefixes join the one trigger pass of tokenShapesRule (secrets.ts);
// this file reads the value at a prefix with its vendor's documented charset and length (as gitleaks' rule set has them).

interface VendorToken {
  /** Its type when not ApiKey. */
  type?: 'PrivateKey';
  /** The literal prefixes that start it. */
  prefixes: readonly string[];
  /** What follows the prefix (sticky): the vendor's charset and length. No letter, digit, _ or - may follow it. */
  body: RegExp;
  /** What a real key always holds beyond its shape, so that words and names are not taken for one. */
  looksReal?: (body: string) => boolean;
}

const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;
/** Upper and lower case and digits: OpenAI's and Anthropic's random part always mixes them; names (sk-learn, sk-prod-01) do not. */
const mixesCasesAndDigits = (s: string) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s);
/** Random letters are about half upper case; an identifier of 34 letters (hf_requiredCharacteristic…) is mostly lower. */
const randomLetters = (s: string) => count(s, /[A-Z]/g) >= 6 && count(s, /[a-z]/g) >= 6;

/** Whether base64 text starting with LS0tLS1CRUdJTi (its body here) is a PEM private key's (not a certificate's). */
function encodesPrivateKey(body: string): boolean {
  return /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(atob(`LS0tLS1CRUdJTi${body.slice(0, 50)}`));
}

const VENDORS: readonly VendorToken[] = [
  // Stripe secret and restricted keys (pk_ keys are publishable: public), and its webhook signing secrets (Svix,
  // behind Clerk's and Resend's webhooks, signs with whsec_ and base64).
  { prefixes: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'], body: /[A-Za-z0-9]{20,247}/y },
  { prefixes: ['whsec_'], body: /[A-Za-z0-9+/]{24,88}={0,2}/y },
  // OpenAI (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…) and Anthropic (sk-ant-api03-…, sk-ant-admin01-…).
  { prefixes: ['sk-'], body: /[A-Za-z0-9_-]{32,300}/y, looksReal: mixesCasesAndDigits },
  { prefixes: ['AIza'], body: /[A-Za-z0-9_-]{35}/y }, // Google API key
  { prefixes: ['ya29.'], body: /[A-Za-z0-9_-]{30,2048}/y, looksReal: mixesCasesAndDigits }, // Google OAuth access token
  { prefixes: ['npm_'], body: /[A-Za-z0-9]{36}/y },
  // GitLab: personal, deploy, runner, trigger, feed, mail, agent, OAuth app, CI job, feature flag, SCIM tokens; a
  // routable token ends in .<base36>.
  { prefixes: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glcbt-', 'glffct-', 'glsoat-'], body: /[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{9})?/y },
  { prefixes: ['dckr_pat_', 'dckr_oat_'], body: /[A-Za-z0-9_-]{27,64}/y }, // Docker Hub
  { prefixes: ['hf_'], body: /[A-Za-z]{34}/y, looksReal: randomLetters }, // Hugging Face
  { prefixes: ['pypi-AgEIcHlwaS5vcmc'], body: /[A-Za-z0-9_-]{50,1000}/y }, // a macaroon for pypi.org
  { prefixes: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], body: /[a-fA-F0-9]{32}/y }, // Shopify
  { prefixes: ['dop_v1_', 'doo_v1_', 'dor_v1_'], body: /[a-f0-9]{64}/y }, // DigitalOcean
  { prefixes: ['SG.'], body: /[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/y }, // SendGrid
  { prefixes: ['dapi'], body: /[a-f0-9]{32}(?:-\d)?/y }, // Databricks
  { prefixes: ['hvs.', 'hvb.'], body: /[A-Za-z0-9_-]{90,300}/y }, // HashiCorp Vault service and batch tokens
  { prefixes: ['NRAK-'], body: /[A-Za-z0-9]{27}/y }, // New Relic user key
  { prefixes: ['PMAK-'], body: /[a-fA-F0-9]{24}-[a-fA-F0-9]{34}/y }, // Postman
  { prefixes: ['glsa_'], body: /[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}/y }, // Grafana service account
  { prefixes: ['glc_'], body: /[A-Za-z0-9+/]{32,400}={0,3}/y }, // Grafana Cloud
  // Sentry: an organization token is base64 JSON (eyJ…), _ and a 43-character secret; a user token is 64 hex.
  { prefixes: ['sntrys_'], body: /eyJ[A-Za-z0-9+/]{20,1000}={0,2}_[A-Za-z0-9+/]{43}/y },
  { prefixes: ['sntryu_'], body: /[a-f0-9]{64}/y },
  // A PEM block in base64 (a Kubernetes secret's tls.key, an environment variable): LS0tLS1CRUdJTi is -----BEGIN.
  { type: 'PrivateKey', prefixes: ['LS0tLS1CRUdJTi'], body: /[A-Za-z0-9+/]{40,20000}={0,2}/y, looksReal: encodesPrivateKey },
];

/**
 * Where the trigger pass looks for a prefix: at its first character, but for a few at a later one. The trigger must
 * start with at most 16 different characters: past that V8 gives up its skip table, and the pass over every character
 * of every log ran 3× slower (17 with these prefixes at their first character). So whsec_ is found at its h,
 * pypi-AgE… at its A, NRAK- and PMAK- at their A (AK-), ya29. at its a, LS0t… at its S: characters the other shapes
 * start with already.
 */
const ANCHOR_OFFSET: Readonly<Record<string, number>> = { whsec_: 1, 'pypi-AgEIcHlwaS5vcmc': 5, 'NRAK-': 2, 'PMAK-': 2, 'ya29.': 1, LS0tLS1CRUdJTi: 1 };

export interface VendorPrefix {
  prefix: string;
  /** Where its anchor starts in it. */
  offset: number;
  vendor: VendorToken;
}

/** The prefixes by their anchor (most by the prefix itself; NRAK- and PMAK- share AK-). */
export const VENDOR_ANCHORS: ReadonlyMap<string, readonly VendorPrefix[]> = (() => {
  const anchors = new Map<string, VendorPrefix[]>();
  for (const vendor of VENDORS) {
    for (const prefix of vendor.prefixes) {
      const offset = ANCHOR_OFFSET[prefix] ?? 0;
      const anchor = prefix.slice(offset);
      anchors.set(anchor, [...(anchors.get(anchor) ?? []), { prefix, offset, vendor }]);
    }
  }
  return anchors;
})();

/** Every prefix of the table's API keys (a PEM block in base64 is a PrivateKey). */
export const VENDOR_PREFIXES: readonly string[] = VENDORS.filter((vendor) => !vendor.type).flatMap((vendor) => vendor.prefixes);

/**
 * The anchors as one alternation for the trigger pass, grouped by first letter (s(?:k_live_|k-|hpat_…)|…): V8 then
 * tries one branch per position instead of every anchor.
 */
export const VENDOR_TRIGGER = (() => {
  const groups = new Map<string, string[]>();
  for (const anchor of VENDOR_ANCHORS.keys()) groups.set(anchor[0] as string, [...(groups.get(anchor[0] as string) ?? []), anchor.slice(1).replace(/\./g, '\\.')]);
  return [...groups].map(([first, rests]) => `${first}(?:${rests.join('|')})`).join('|');
})();

const isTokenChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
/** A single character repeated (glpat-XXXX…, hf_xxxx…, sk_live_0000…): a placeholder in documentation, not a key. */
const isPlaceholder = (body: string) => /^([^-_.])(?:\1|[-_.])*$/.test(body);

/** A key found: [start, end) and its type. */
type VendorKey = [start: number, end: number, type: 'ApiKey' | 'PrivateKey'];

/** The key with this prefix at `start`, as [start, end), if its vendor's shape is there whole, no token character after it. */
function keyAt(text: string, start: number, { prefix, vendor }: VendorPrefix): VendorKey | undefined {
  vendor.body.lastIndex = start + prefix.length;
  const body = vendor.body.exec(text)?.[0];
  if (!body) return undefined;
  const end = start + prefix.length + body.length;
  if (isTokenChar(text.charCodeAt(end)) || isPlaceholder(body) || (vendor.looksReal && !vendor.looksReal(body))) return undefined;
  return [start, end, vendor.type ?? 'ApiKey'];
}

/**
 * The vendor key whose anchor (a match of VENDOR_TRIGGER, with these prefixes) the trigger pass found at `at`, as
 * [start, end), or undefined: its whole prefix there, not inside a longer word (task-sk-…, mysk_live_…), and its
 * vendor's shape. Prefixes that share an anchor differ before it: at most one is there.
 */
export function vendorKeyAt(text: string, at: number, prefixes: readonly VendorPrefix[]): VendorKey | undefined {
  for (const candidate of prefixes) {
    const start = at - candidate.offset;
    if (text.startsWith(candidate.prefix, start) && !isTokenChar(text.charCodeAt(start - 1))) return keyAt(text, start, candidate);
  }
  return undefined;
}
