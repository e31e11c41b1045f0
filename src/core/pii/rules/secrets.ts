// Credentials: provider tokens with known shapes, PEM private keys, JWTs, bearer tokens, and the values of
// secret-named keys (password=…, "api_key": "…", "password is …").
import type { PiiType } from '../types';
import type { Rule } from './rule';
import { commandPasswordAt, TOOL_NAMES, TOOL_WORDS } from './commandLine';
import { cookieValuesAt } from './cookies';
import { databasePasswordAt } from './databaseAuth';
import { mailAuthAt } from './mailAuth';
import { PHONE_WORDS, phoneAfterWord } from './nationalPhone';
import { keyedSsnAt } from './numbers';
import { looksRandom } from './randomLooking';
import { eachMatch, isAlnum, isHex, isSpace, MAX_SPAN, REPLACEMENT, valueEnd } from './rule';
import { VENDOR_ANCHORS, VENDOR_TRIGGER, vendorKeyAt } from './vendorTokens';

// ---- Shapes that are secrets wherever they appear ----------------------------------------------------------

// One pass finds where any shape may start (a literal prefix); a sticky regex then reads the whole value there.
// One combined pass is several times faster than a pass per shape.
// Vendors' key prefixes (vendorTokens.ts) ride along. All the shapes start with at most 16 different characters: past
// that V8 gives up its skip table, and this pass ran 3× slower.
const TRIGGER = new RegExp(
  `${/-----BEGIN |eyJ|EYJ|A(?:KIA|SIA|BIA|CCA|GPA|IDA|IPA|NPA|NVA|PKA|ROA|SCA)|gh[pousr]_|github_pat_|xox[abposre]-|xapp-\d|hooks\.slack\.com\/|\/(?:services|workflows|triggers)\/T[A-Z0-9]|(?:[Bb]earer|BEARER|[Bb]asic|BASIC)\s|(?:[Aa]uthorization|AUTHORIZATION)["']?[ \t]*[:=]/.source}|${VENDOR_TRIGGER}`,
  'g',
);

// PGP armours its private key as a BLOCK (-----BEGIN PGP PRIVATE KEY BLOCK-----).
const PEM_HEADER = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/y;
const PEM_BODY_CHAR = /[A-Za-z0-9+/=:,\-\s\\\uFFFD]/; // base64, headers (Proc-Type: 4,ENCRYPTED), escaped \n, undecodable bytes
// U+FFFD (an undecodable byte) inside a JWT or a bearer token is part of it; a trailing one is dropped (trimEnd).
// The jwt.io example (its payload is sub 1234567890, name John Doe) is public documentation.
const JWT_EXAMPLE_PAYLOAD = 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ';
// Upper-cased (EYJ…, a logger that upper-cases its line), a JWT is still one.
const JWT = /(?:eyJ[A-Za-z0-9_\uFFFD-]{6,}\.eyJ[A-Za-z0-9_\uFFFD-]{6,}|EYJ[A-Z0-9_\uFFFD-]{6,}\.EYJ[A-Z0-9_\uFFFD-]{6,})\.[A-Za-z0-9_\uFFFD-]*/y;
const JWT_EXAMPLE_PAYLOADS = [JWT_EXAMPLE_PAYLOAD, JWT_EXAMPLE_PAYLOAD.toUpperCase()].map((payload) => `.${payload}.`);
const AWS_KEY_ID = /A(?:KIA|SIA|BIA|CCA|GPA|IDA|IPA|NPA|NVA|PKA|ROA|SCA)[A-Z0-9]{16}(?![A-Za-z0-9])/y;
const GITHUB = /(?:gh[pousr]_[A-Za-z0-9]{30,251}|github_pat_[A-Za-z0-9_]{22,255})(?!\w)/y;
// The same, cut by an undecodable byte (U+FFFD) after its first characters: read on over it (tokenEnd).
const GITHUB_BROKEN = /(?:gh[pousr]_[A-Za-z0-9]{8,251}|github_pat_[A-Za-z0-9_]{8,255})(?=\uFFFD+[A-Za-z0-9_])/y;
const SLACK = /(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})/y;
const SLACK_WEBHOOK = /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/y;
// A webhook logged as a path (POST /services/T…/B…/…): a team id, then the hook's ids and secret.
const SLACK_WEBHOOK_PATH = /\/(?:services\/T[A-Z0-9]{8,}\/B[A-Z0-9]{8,}\/[A-Za-z0-9]{16,}|(?:workflows|triggers)\/T[A-Z0-9]{8,}\/[A-Za-z0-9]{8,}\/[A-Za-z0-9_/-]{16,})/y;
// An Authorization header up to its scheme (quoted as a header map prints it, or key=value).
const AUTHORIZATION = String.raw`(?:[Aa]uthorization|AUTHORIZATION)["']?[ \t]*[:=][ \t]*["']?`;
// Any other scheme in an Authorization header (ApiKey, Token, SSWS…): its credentials are a key.
const AUTH_HEADER = new RegExp(String.raw`${AUTHORIZATION}(?!(?:[Bb]earer|BEARER|[Bb]asic|BASIC)\s)[A-Za-z][\w-]{1,20}[ \t]+([A-Za-z0-9\-._~+/][A-Za-z0-9\-._~+/\uFFFD]{11,}=*)`, 'y');
// Digest authentication (HTTP, SIP): its response is a hash of the password with the nonce and the request, enough
// to guess the password offline. Read within the header's line.
const DIGEST_HEADER = new RegExp(String.raw`${AUTHORIZATION}(?:[Dd]igest|DIGEST)[ \t]`, 'y');
const DIGEST_RESPONSE = /[^\n]{0,1000}?[ \t,]response=("?)([0-9A-Fa-f]{32,128})\1(?!\w)/y;
// Not after = (token_type=bearer: there "bearer" is a value, not the scheme before a credential).
// token68 pads with = at the end only, but vendors' tokens carry = inside too (…Wsf=C17EC514).
const BEARER = /(?:[Bb]earer|BEARER|[Bb]asic|BASIC)\s+([A-Za-z0-9\-._~+/][A-Za-z0-9\-._~+/=\uFFFD]{11,})/y;

function stickyAt(regex: RegExp, text: string, at: number): RegExpExecArray | null {
  regex.lastIndex = at;
  return regex.exec(text);
}

/**
 * The private key block starting at `at`: up to its footer when that is near or the body reaches it, else (truncated)
 * as far as its body goes, however long. `footers` remembers where each footer was last found, so that many headers
 * without a footer do not search the rest of the text again each (linear time).
 */
function pemEnd(text: string, at: number, header: RegExpExecArray, footers: Map<string, number>): number {
  const footer = `-----END ${header[1]}PRIVATE KEY${header[2] ?? ''}-----`;
  const bodyStart = at + header[0].length;
  let close = footers.get(footer);
  if (close === undefined || (close !== -1 && close < bodyStart)) {
    close = text.indexOf(footer, bodyStart);
    footers.set(footer, close);
  }
  if (close !== -1 && close + footer.length - at <= MAX_SPAN) return close + footer.length;
  let end = bodyStart;
  while (end < text.length && (close === -1 || end < close) && PEM_BODY_CHAR.test(text[end] as string)) end++;
  return end === close ? close + footer.length : end;
}

/** `end` moved back over U+FFFD that ends a match: an undecodable byte after a value is not part of it. */
function trimEnd(text: string, end: number): number {
  while (text.charCodeAt(end - 1) === REPLACEMENT) end--;
  return end;
}

/** A token's end, carried over undecodable bytes (U+FFFD) between its characters. */
function tokenEnd(text: string, end: number, isChar: (c: number) => boolean): number {
  return text.charCodeAt(end) === REPLACEMENT && end > 0 && isChar(text.charCodeAt(end - 1)) ? valueEnd(text, end - 1, isChar) : end;
}
const isSlackChar = (c: number) => isAlnum(c) || c === 45;
const isGithubChar = (c: number) => isAlnum(c) || c === 95;

export const tokenShapesRule: Rule = {
  types: ['PrivateKey', 'JWT', 'AWSAccessKey', 'GitHubToken', 'SlackToken', 'BearerToken', 'ApiKey'],
  scan(text, emit) {
    const footers = new Map<string, number>();
    let previousEnd = 0;
    TRIGGER.lastIndex = 0;
    for (let m = TRIGGER.exec(text); m; m = TRIGGER.exec(text)) {
      const at = m.index;
      const before = at > 0 ? text.charCodeAt(at - 1) : 32;
      const boundary = !isAlnum(before) && before !== 95; // not inside a longer word
      let end = -1;
      const c = text.charCodeAt(at);
      const vendorPrefixes = VENDOR_ANCHORS.get(m[0]);
      if (vendorPrefixes) {
        const key = vendorKeyAt(text, at, vendorPrefixes);
        if (key) emit(key[2], key[0], (end = key[1]));
      } else if (c === 45 /* - */) {
        const header = stickyAt(PEM_HEADER, text, at);
        if (header) {
          end = pemEnd(text, at, header, footers);
          emit('PrivateKey', at, end);
        }
      } else if (m[0] === 'eyJ' || m[0] === 'EYJ') {
        const jwt = boundary && before !== 45 ? stickyAt(JWT, text, at) : null;
        if (jwt) {
          end = trimEnd(text, at + jwt[0].length);
          if (!JWT_EXAMPLE_PAYLOADS.some((payload) => jwt[0].includes(payload))) emit('JWT', at, end);
        }
      } else if (c === 65 /* A */ && m[0].length === 4) {
        const key = boundary ? stickyAt(AWS_KEY_ID, text, at) : null;
        // AWS's documentation keys (AKIAIOSFODNN7EXAMPLE) are public examples.
        if (key && !key[0].endsWith('EXAMPLE')) emit('AWSAccessKey', at, (end = at + key[0].length));
      } else if (c === 103 /* g */) {
        const token = boundary ? stickyAt(GITHUB, text, at) ?? stickyAt(GITHUB_BROKEN, text, at) : null;
        if (token) emit('GitHubToken', at, (end = tokenEnd(text, at + token[0].length, isGithubChar)));
      } else if (c === 120 /* x */) {
        const token = boundary && before !== 45 ? stickyAt(SLACK, text, at) : null;
        if (token) emit('SlackToken', at, (end = tokenEnd(text, at + token[0].length, isSlackChar)));
      } else if (c === 47 /* / */) {
        const hook = at >= previousEnd ? stickyAt(SLACK_WEBHOOK_PATH, text, at) : null;
        if (hook) emit('SlackToken', at, (end = at + hook[0].length));
      } else if (c === 65 || c === 97 /* Authorization */) {
        const header = boundary ? stickyAt(AUTH_HEADER, text, at) : null;
        const value = header?.[1] ?? '';
        if (header && /\d/.test(value) && /[A-Za-z]/.test(value)) emit('ApiKey', at + header[0].length - value.length, (end = trimEnd(text, at + header[0].length)));
        else if (boundary && stickyAt(DIGEST_HEADER, text, at)) {
          const response = stickyAt(DIGEST_RESPONSE, text, DIGEST_HEADER.lastIndex);
          // The hash, inside its quotes if it has them.
          if (response) emit('Secret', (end = DIGEST_RESPONSE.lastIndex - (response[1] as string).length) - (response[2] as string).length, end);
        }
      } else if (c === 104 /* h */) {
        // Not inside the previous token (a webhook URL repeated with no space between is one value).
        const hook = at >= 8 && at - 8 >= previousEnd ? stickyAt(SLACK_WEBHOOK, text, at - 8) : null;
        if (hook) emit('SlackToken', at - 8, (end = at - 8 + hook[0].length));
      } else if (boundary && (before !== 61 /* = */ || /authorization$/i.test(text.slice(Math.max(0, at - 14), at - 1)))) {
        // After = only as an authorization's value (authorization=Bearer …, as gRPC metadata is logged).
        const bearer = stickyAt(BEARER, text, at);
        const value = bearer?.[1];
        // Prose ("basic checks passed") has no digits and no long mixed-case run.
        if (bearer && value && (/\d/.test(value) || (value.length >= 20 && /[A-Z]/.test(value) && /[a-z]/.test(value)))) {
          // The scan goes on inside the value: a JWT or GitHub token there is reported with its own, stronger type.
          const stop = at + bearer[0].length;
          emit('BearerToken', stop - value.length, trimEnd(text, stop));
        }
      }
      if (end > TRIGGER.lastIndex) TRIGGER.lastIndex = end;
      if (end > previousEnd) previousEnd = end;
    }
  },
};

// ---- Values of secret-named keys ---------------------------------------------------------------------------

/**
 * `a|b|…` regrouped by first letter (p(?:ass|wd|hone)|s(?:ecret|sn)|…), in the same order within each group: the
 * same matches, but V8 tries one branch per position instead of every word — twice as fast with 60 words.
 */
function byFirstLetter(alternatives: string): string {
  const groups = new Map<string, string[]>();
  for (const word of alternatives.split('|')) {
    const first = (word[0] as string).toLowerCase();
    groups.set(first, [...(groups.get(first) ?? []), word.slice(1)]);
  }
  return [...groups].map(([first, rests]) => (rests.length === 1 ? first + rests[0] : `${first}(?:${rests.join('|')})`)).join('|');
}

// The word that makes a key secret; the key around it is widened over [\w.-] and then judged as a whole.
// SSN words ride along: one pass over key words is cheaper than two (keyed SSNs are read in numbers.ts).
// Phone words, the names of tools with a password option, the word cookie, SMTP's AUTH PLAIN / LOGIN and Redis's
// quoted "AUTH" ride along too (nationalPhone.ts, commandLine.ts, cookies.ts, mailAuth.ts, databaseAuth.ts). No
// alternation inside a word's lookahead: byFirstLetter splits at every |.
const SECRET_WORD = new RegExp(
  byFirstLetter(
    `${TOOL_WORDS}|pass|pw|psk|kennwort|secret|token|key|credential|cookie|auth(?=["'\\s]*[:=])|auth(?=[ \\t]+[pl][lo][ag]i)|auth(?=" ")|masterauth|sessid|sessionid|session_id|identified by|mot de passe|contrase|senha|parol|lösenord|losenord|adgangskode|salasana|hasło|haslo|heslo|jelszó|şifre|sifre|wachtwoord|пароль|パスワード|密码|密碼|비밀번호|mật khẩu|ssn|social|soc\\.?[ _-]?sec|tax[ _-]?id|taxpayer|cvv|cvc|cvn|csc|security[ _-]?code|${PHONE_WORDS}`,
  ),
  'gi',
);
/** Key words that start an SSN's cue (read in numbers.ts), not a secret's key. */
const SSN_WORD = /^(?:ssn|soc|tax)/;
const PHONE_WORD = new RegExp(`^(?:${PHONE_WORDS})$`, 'i');

/**
 * CardCode: a card's security code (cvv, cvc2, securityCode): 3 or 4 digits count.
 * SecretIfRandom: a secret word elsewhere in the name (SECRET_KEY_BASE): only a random-looking value counts.
 * KeyIfRandom: a name ending in "key" of no known kind (STRIPE_KEY, hmacKey, ?key=): a random-looking value written as
 * keys are counts (keyLike: not a UUID, a composite id, a cache key or a path).
 */
type KeyKind = PiiType | 'SecretIfRandom' | 'KeyIfRandom' | 'CardCode' | null;

/** The last word of a password's key, in the languages logs are written in. */
const PASSWORD_WORD =
  /^(?:pass|password|passwd|passwort|passphrase|pwd|pw|psk|kennwort|contraseña|contrasena|senha|parol|parola|lösenord|losenord|passord|adgangskode|salasana|hasło|haslo|heslo|jelszó|şifre|sifre|wachtwoord|пароль|パスワード|密码|密碼|비밀번호)$/;
/** What comes before "key" in the name of a credential (X-Api-Key, Ocp-Apim-Subscription-Key, master_key…). */
const KEY_KINDS = /^(?:subscription|auth|functions?|master|client|app|application|consumer|service|account|license|shared|host|webhook|admin|personal|project|server|developer|partner|integration|session)$/;
/** Keys that name data, not a credential: a database's, a cache's, a queue's, an object store's, a public key. */
const DATA_KEYS = /^(?:public|primary|foreign|partition|sort|range|hash|row|composite|unique|natural|surrogate|shard|sharding|cache|object|bucket|file|routing|idempotency|dedup|deduplication|correlation|message|lookup|index|group|map|translation|i18n|locale|config|setting|settings|registry|metric|label|tag|field|column|table|attribute|property|hot|short|shortcut|keyboard|press|pressed|order)$/;
/** A password word ending a compound name: keytool's -storepass and -keypass, DBPASS, rootpass (not bypass, compass). */
const PASS_COMPOUND = /^(?:(?:src|dest)?(?:store|key)|root|admin|db|user|master|mail|smtp|ftp|ldap|bind|sql|vnc|wifi|wpa|proxy|svc|service|app)pass$/;

/** What a whole key name holds: its last word decides ("password_min_length" is a length, not a password). */
function classifyKey(key: string): KeyKind {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const last = words[words.length - 1] ?? '';
  const prev = words[words.length - 2] ?? '';
  if (PASSWORD_WORD.test(last) || /^[a-z]*password$/.test(last) || PASS_COMPOUND.test(last)) return 'Password';
  if ((last === 'passe' && prev === 'de') || (last === 'khẩu' && prev === 'mật') || (last === 'by' && prev === 'identified')) return 'Password'; // mot de passe, mật khẩu, SQL's IDENTIFIED BY
  if (last === 'key' && (prev === 'access' || prev === 'secret') && (words.includes('secret') || words.includes('aws') || words.includes('s3a') || words.includes('s3'))) {
    return prev === 'access' || words.some((w) => /^(aws|s3a?|s3n)$/.test(w)) ? 'AWSSecretKey' : 'Secret';
  }
  if ((last === 'key' && prev === 'api') || last === 'apikey') return 'ApiKey';
  if (/^(?:cvv2?|cvc2?|cvn|csc)$/.test(last) || (last === 'code' && prev === 'security') || last === 'securitycode') return 'CardCode';
  if (/^(secret|token|credential|credentials)$/.test(last) || /^[a-z]*(secret|token)$/.test(last)) return 'Secret';
  // A private key's data (kubeconfig's client-key-data, a Kubernetes secret's ssh-privatekey): base64 of a PEM block.
  if ((last === 'data' && prev === 'key') || last === 'privatekey') return 'Secret';
  if (last === 'key' && /^(?:private|secret|signing|encryption|access)$/.test(prev)) return 'Secret';
  if (last === 'key' && KEY_KINDS.test(prev)) return 'SecretIfRandom';
  // Session ids and registry auth strings are credentials when they look random (session 42 opened is not).
  // jsessionid, PHPSESSID, USERSESSIONID, mysession_id: "session id" ending the name.
  if (/^(?:auth|sid)$|sess(?:ion)?id$/.test(last) || (last === 'id' && /session$/.test(prev))) return 'SecretIfRandom';
  // Also ending a compound word (mysecret_key, SECRETACCESSKEY, authtoken_id) — not secretary or tokenizer.
  if (words.some((w) => /(?:secret|passw(?:or)?d|token|apikey|credentials?)(?:access)?(?:key|id)?$/.test(w))) return 'SecretIfRandom';
  if (last === 'key' && !DATA_KEYS.test(prev)) return 'KeyIfRandom';
  return null;
}

// Masks and placeholders, as frameworks print them in place of a value: Terraform's (sensitive value), Ansible's
// no_log marker, Vault's HMAC of it, a JSON object or list that holds the value.
const PLACEHOLDER = /^(?:\*+|\(sensitive|VALUE_SPECIFIED_IN_NO_LOG_PARAMETER|hmac-sha(?:1|256|512):[0-9a-f]+|[{[(]|x{3,}|X{3,}|\.{3,}|-+|\?+|<[^>]*>|\[[^\]]*\]|\$\{[^}]*\}|\$\(?[A-Za-z_][A-Za-z0-9_]*\)?|%[sdv]|%\([a-z_]+\)s|\{\{[^}]*\}\}|\{[a-z_]*\}|null|nil|none|undefined|default|true|false|redacted|hidden|masked|removed|empty|required|optional|yes|no|n\/a)$/i;
// Key names may hold accented letters (contraseña, Passwort-Ä): Latin-1 and Latin Extended letters count.
const isKeyChar = (c: number) => isAlnum(c) || c === 95 || c === 45 || c === 46 || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);

/** A shell default (${DB_PASSWORD:-hunter2}; also -, := and =) is a literal: that part is the value. */
function shellDefault(text: string, start: number, end: number): { start: number; end: number } {
  const fallback = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([^${}\n]+)\}$/.exec(text.slice(start, end))?.[1];
  return fallback ? { start: end - 1 - fallback.length, end: end - 1 } : { start, end };
}

const isQuote = (c: number) => c === 34 || c === 39 || c === 96;

/**
 * A value quoted with escaped quotes (\"…\"), as a key/value pair reads inside a JSON string: up to the escaped quote
 * that closes it. Inside, \\ is an escaped backslash, and an escaped quote after it (\\\") is a quote of the value.
 * Not closed, it runs to where the string around it or the line ends (a message cut short).
 */
function escapeQuotedEnd(text: string, from: number): number {
  const quote = text.charCodeAt(from + 1);
  let end = from + 2;
  let escaped = false; // whether the value's last character (as the inner string reads it) is an escaping backslash
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === quote || c === 10 || c === 13) return end; // a bare quote ends the string around it
    if (c !== 92) {
      escaped = false;
      end++;
      continue;
    }
    const next = text.charCodeAt(end + 1);
    if (next === quote && !escaped) return end;
    escaped = next === 92 && !escaped;
    end += 2;
  }
  return end;
}

/** `end` moved back over the white space that ends a value whose quote was not closed. */
function trimSpaceEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** The length of a quote escaped twice or more at `from` (\\\" : three backslashes, or five…, then the quote), or 0. */
function nestedQuoteAt(text: string, from: number): number {
  let k = 0;
  while (k < 16 && text.charCodeAt(from + k) === 92) k++;
  return k >= 3 && k % 2 === 1 && isQuote(text.charCodeAt(from + k)) ? k + 1 : 0;
}

/** Where the line of `from` ends (its \n or \r), looked for within MAX_SPAN. */
function valueLineEnd(text: string, from: number): number {
  const reach = text.slice(from, from + MAX_SPAN);
  const end = reach.search(/[\r\n]/);
  return end < 0 ? from + reach.length : from + end;
}

/**
 * After a `;` or `,`: the next setting of a connection string (`Encrypt=`, ` Persist Security Info=`), which ends the value
 * before it. Words after a space must be capitalised as those names are: `abc;def then x=1` stays one value to its space.
 */
const NEXT_SETTING = /^[ \t]?[A-Za-z][\w.-]{0,30}(?: [A-Z][\w.-]{0,30}){0,4}[ \t]*=/;

/**
 * A value opened by a quote written as `quote` at `from` (%22, \\\"): up to the same quote on its line or, not closed
 * there, to `unclosedEnd` (given the value's start and its line's end).
 */
function quotedBy(text: string, from: number, quote: string, unclosedEnd: (start: number, lineEnd: number) => number): { start: number; end: number } | null {
  const start = from + quote.length;
  const lineEnd = valueLineEnd(text, start);
  const close = text.slice(start, lineEnd).indexOf(quote);
  const end = close < 0 ? unclosedEnd(start, lineEnd) : start + close;
  return end > start ? { start, end } : null;
}

/**
 * Reads the value after a key's separator: a quoted string (to the line's end when its quote is not closed), or
 * everything up to the next white space (in a URL query, up to the next parameter; elsewhere & is part of a
 * password). A quote escaped with a backslash is part of the value (ab\"cd), not its end.
 */
/** Constructors around a quoted value: capitalised names (a type's or an enum's), not calls (getenv("…") names a variable). */
const WRAPPER = /^(?:[A-Z]\w{0,40}\(){1,3}(?=["'])/;

function readValue(text: string, from: number, inQuery: boolean, inXml = false): { start: number; end: number } | null {
  // Template placeholders may hold spaces: {{ .Values.secret }}, ${ VAR }, <your password>.
  const template = /^(?:\{\{[^}\n]{0,100}\}\}|\$\{[^}\n]{0,100}\}|<[^>\n]{0,100}>)/.exec(text.slice(from, from + 110));
  if (template) return shellDefault(text, from, from + template[0].length);
  // A quoted value inside a wrapper as a language prints it (Rust's Some("…"), SecretStr('…'), Some(Secret("…"))).
  const wrapper = WRAPPER.exec(text.slice(from, from + 130));
  if (wrapper) return readValue(text, from + wrapper[0].length, inQuery, inXml);
  // Percent-encoded JSON (%22…%22): not closed, the value runs to where the URL or the line ends.
  if (text.startsWith('%22', from)) return quotedBy(text, from, '%22', (start, lineEnd) => start + (/^[^\s"'&#]*/.exec(text.slice(start, lineEnd))?.[0].length ?? 0));
  // Quotes escaped twice or more (\\\"): not closed, the value runs to its line's end.
  const nested = nestedQuoteAt(text, from);
  if (nested > 0) return quotedBy(text, from, text.slice(from, from + nested), (start, lineEnd) => trimSpaceEnd(text, start, lineEnd));
  if (text.charCodeAt(from) === 92 && isQuote(text.charCodeAt(from + 1))) {
    const end = trimSpaceEnd(text, from + 2, escapeQuotedEnd(text, from));
    return end > from + 2 ? shellDefault(text, from + 2, end) : null;
  }
  const quote = text[from];
  if (quote === '"' || quote === "'" || quote === '`') {
    let end = from + 1;
    while (end < text.length) {
      const ch = text[end];
      if (ch === '\\') end += 2;
      else if (ch === quote || ch === '\n' || ch === '\r') break;
      else end++;
    }
    // Not closed on its line, the value runs to the line's end: the line was cut inside it (a truncating logger).
    if (text[end] !== quote) end = trimSpaceEnd(text, from + 1, Math.min(end, text.length));
    return end > from + 1 ? shellDefault(text, from + 1, end) : null;
  }
  let end = from;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 92 && (isQuote(text.charCodeAt(end + 1)) || text.charCodeAt(end + 1) === 92)) {
      end += 2; // \" or \\: an escaped character of the value
      continue;
    }
    if (isSpace(c) || isQuote(c)) break;
    if (inQuery && (c === 38 /* & */ || c === 35 /* # */)) break; // the next parameter of a URL query
    if (inXml && c === 60 /* < */) break; // </value>
    if ((c === 59 /* ; */ || c === 44) /* , */ && NEXT_SETTING.test(text.slice(end + 1, end + 160))) break; // Password=x;Encrypt=true
    end++;
  }
  // Closing punctuation of the surrounding structure is not part of the value (unless the value opened it).
  if (/[,;)}\]>]/.test(text[end - 1] as string) && !/[({[<]/.test(text.slice(from, end))) while (end > from && /[,;)}\]>]/.test(text[end - 1] as string)) end--;
  return end > from ? { start: from, end } : null;
}

// Separators between a key and its value: = : => and "is" (password is hunter2), with quotes around the key (escaped
// inside a JSON string: {\"password\":\"…\"}); a
// name/value pair (<name>k</name><value>v</value>, "Name":"k","Value":"v", <add key="k" value="v"/>); white space before a quoted value (SQL's
// PASSWORD 'x', IDENTIFIED BY 'x'). Spaces and tabs only: a prompt at the end of a line ("Enter password:") has no
// value on the next line.
const SEPARATOR =
  /^(?:(?:\\\\)*\\?["'`]?[ \t]{0,3}(?:=>?|:=?|[ \t](?:is|was|set to):?[ \t])[ \t]{0,3}|<\/(?:name|key)>[ \t]{0,3}<value>|["'][ \t]{0,2},[ \t]{0,2}["'][A-Za-z]*[Vv]alue["'][ \t]{0,2}:[ \t]{0,2}|["'][ \t]{1,3}[Vv]alue[ \t]{0,2}=[ \t]{0,2}(?=["'])|[ \t]{1,3}(?=['"])|%22:(?:%20){0,3}(?=%22))/;

/** An option's value after white space: not another option. */
const OPTION_SEPARATOR = /^[ \t]{1,3}(?=[^\s-])/;
/** A quoted option's value in an argument list: the next element, quoted, not another option. */
const LISTED_SEPARATOR = /^["'][ \t]{0,2},[ \t]{0,2}(?=["'][^-"'])/;
/** What comes before a .netrc line's password: its login (on the same line or the one before). */
const NETRC_BEFORE = /(?:^|\s)login[ \t]+\S+\s+$/;
const OPTION_PROSE = /^(?:flag|option|argument|parameter|switch|and|or|with|without|when|if|is|are|was|not|instead|only|must|should|can|cannot|will|value|prompt|interactive|stdin)$/i;

// Words that follow "password is" in prose: function words, and adjectives and participles by their endings.
const PROSE_WORD =
  /^(?:too|not|now|still|also|set|wrong|empty|blank|weak|strong|ok|okay|same|short|long|new|old|null|good|bad|correct|incorrect|valid|invalid|secure|insecure|missing|mandatory|optional|unknown|known|a|an|the|for|in|on|at|of|to|from|with|by|that|this|your|my|our|their|his|her|its|no|yes|case|due|about|being|been|only|just|very|really|never|always|about|over|under|stored|saved|hashed|encrypted)$/i;
const PROSE_ENDING = /(?:ed|ing|ly|ble|ent|ant|ive|ous|ful|less|al|ory|ary|ic|ise|ize)$/i;
const isProse = (word: string) => PROSE_WORD.test(word) || PROSE_ENDING.test(word);

/**
 * A passphrase is words: an unquoted one runs on over single spaces to the end of its clause (line, ", ", "; ", key=,
 * an option, the shell's && or |).
 */
function phraseEnd(text: string, end: number): number {
  for (;;) {
    if (text.charCodeAt(end) !== 32) return end;
    const next = /^[^\s,;|&"'`]+/.exec(text.slice(end + 1, end + 200));
    if (!next || /[=:]$|^[\w.-]+[=:]|^--?[A-Za-z]/.test(next[0])) return end;
    end += 1 + next[0].length;
  }
}

/**
 * Whether a passphrase's key is a command line's: an option (--passphrase x, -Dgpg.passphrase=x) or a shell variable
 * set before a command (GPG_PASSPHRASE=x gpg -d file). Its value is one word: the next are the command's.
 */
const isCommandKey = (key: string, separator: string) => key.startsWith('-') || (separator === '=' && /^[A-Z][A-Z0-9_]*$/.test(key));

/** What a value read after a secret-named key is, or null when it is not a secret (a placeholder, prose, a name). */
function judgeValue(kind: Exclude<KeyKind, null>, key: string, separator: string, raw: string, quoted: boolean): PiiType | null {
  if (PLACEHOLDER.test(raw) || raw.includes(JWT_EXAMPLE_PAYLOAD)) return null;
  // An object's printed form (AppWindowToken{9f4ef63, Token{a64f992): a name, not its value.
  if (/^[A-Z][A-Za-z]+\{/.test(raw)) return null;
  // AWS's documentation secret (…EXAMPLEKEY) is public.
  if (kind === 'AWSSecretKey' && /^[A-Za-z0-9/+=]{40}$/.test(raw)) return raw.includes('EXAMPLE') ? null : 'AWSSecretKey';
  if (kind === 'CardCode') return /^\d{3,4}$/.test(raw) ? 'Secret' : null;
  if (kind === 'Password') {
    // "password is too short": after a verb, a plain word is a password unless it is prose (password is letmein,
    // but not password is incorrect). A quoted value ("password is 'hunter'") is a value whatever it looks like.
    if (!quoted && /^[^=]*[ \t](?:is|was|set to)/.test(separator) && /^[A-Za-z]+$/.test(raw) && isProse(raw)) return null;
    if (raw.startsWith('/') || /^(?:for|changed|updated|expired|required|incorrect|invalid|authentication|check|reset|failed|the|of|to)$/i.test(raw)) return null;
    return 'Password';
  }
  if (!looksRandom(raw) && !(kind === 'Secret' && /secret/i.test(key) && raw.length >= 8)) return null;
  if (kind === 'KeyIfRandom' && !keyLike(raw)) return null;
  return kind === 'AWSSecretKey' || kind === 'SecretIfRandom' || kind === 'KeyIfRandom' ? 'Secret' : kind;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Whether a value under a generic key name is written as keys are — one run of base64, hex or URL-safe characters,
 * digits among them (32 random base64 characters hold one but 0.4% of the time) — rather than as a name
 * (PasswordMinLength, as <add key="…"> gives it) or an identifier: a UUID, a composite id (0|com.example.app|121|null), a cache key (user:42:profile),
 * a file's path (uploads/2026/report-a1b2.pdf), a PEM block (its own rule) or prose.
 */
const keyLike = (raw: string) => /^[A-Za-z0-9+/_.=~-]+$/.test(raw) && /\d/.test(raw) && !UUID.test(raw) && !/\/[^/]*\.[A-Za-z]{2,5}$/.test(raw);

/** How a secret-named key is given its value: the separator after it, where the value starts, and how it ends. */
interface KeyForm {
  separator: string;
  valueFrom: number;
  /** A URL query's parameter: the value ends at & or #. */
  inQuery: boolean;
  /** An XML element's text or <value>: the value ends at <. */
  inXml: boolean;
  /** A command's option (--password x, -storepass x): its value may follow after white space alone. */
  option: boolean;
}

/** An XML tag's name starts here (<Password>, <wsse:Password Type="…">). */
const XML_TAG_BEFORE = /<(?:[A-Za-z_][\w.-]*:)?$/;
/** The rest of an opening tag, attributes and all (not a self-closing <password/>). */
const XML_OPEN = /^(?:[ \t][^<>]{0,200}?)?(?<!\/)>/;
const isQueryStart = (c: number) => c === 63 /* ? */ || c === 38; /* & */

/** Where a protocol's command starts: a line (after a direction marker, `> `, `C: `) or a quote (vsftpd's "PASS x"). */
const COMMAND_START_BEFORE = /(?:^|[\r\n])[ \t]*(?:(?:-{0,2}>|C:)[ \t]*)?$|["']$/;
/** FTP and POP3 send the user's name before the password. */
const USER_COMMAND_BEFORE = /(?:^|[\s"'>:])USER [^\s"']/;

/** An FTP or POP3 login's `PASS secret`: the command itself, after a `USER name` command (not a test runner's PASS line). */
function isProtocolPass(text: string, keyStart: number, keyEnd: number): boolean {
  return (
    keyEnd - keyStart === 4 &&
    text.startsWith('PASS', keyStart) &&
    COMMAND_START_BEFORE.test(text.slice(Math.max(0, keyStart - 40), keyStart)) &&
    USER_COMMAND_BEFORE.test(text.slice(Math.max(0, keyStart - 1000), keyStart))
  );
}

/** A test runner's result (Go's `--- PASS: TestX`, automake's `PASS: name`): no key, whatever follows. */
const TEST_RESULT_BEFORE = /(?:^|[\r\n])[ \t]*(?:---[ \t]+)?$/;

/** How the key at [keyStart, keyEnd) is followed by its value, or null when it is not (prose: "token expired"). */
function keyForm(text: string, keyStart: number, keyEnd: number): KeyForm | null {
  const opener = text.charCodeAt(keyStart - 1);
  // A bracketed name (user[password]=…, env[SECRET]=…): the separator follows the bracket.
  const bracketed = opener === 91 /* [ */ && text.charCodeAt(keyEnd) === 93; /* ] */
  const from = bracketed ? keyEnd + 1 : keyEnd;
  // An option on a command line, or quoted in an argument list (["--password", "…"]: its value the next element).
  const listed = text.charCodeAt(keyStart) === 45 && isQuote(opener);
  const option = (text.charCodeAt(keyStart) === 45 && (keyStart === 0 || isSpace(opener))) || listed;
  const tag = (opener === 60 /* < */ || opener === 58) /* : */ && XML_TAG_BEFORE.test(text.slice(Math.max(0, keyStart - 64), keyStart));
  // Cheap test first: most secret-like words in logs are prose, with no separator after.
  const next = text.charCodeAt(from);
  if (next !== 61 && next !== 58 && next !== 34 && next !== 39 && next !== 96 && next !== 32 && next !== 60 && next !== 92 && next !== 37 && !(option && next === 9) && !(tag && next === 62)) return null;
  const after = text.slice(from, from + (tag ? 240 : 40));
  // .netrc: machine host login user password secret — white space between all of them.
  const netrc = !option && /^passw(?:or)?d$/i.test(text.slice(keyStart, keyEnd)) && NETRC_BEFORE.test(text.slice(Math.max(0, keyStart - 200), keyStart));
  const login = !option && !netrc && isProtocolPass(text, keyStart, keyEnd);
  const sep = SEPARATOR.exec(after) ?? (listed ? LISTED_SEPARATOR.exec(after) : option || netrc || login ? OPTION_SEPARATOR.exec(after) : tag ? XML_OPEN.exec(after) : null);
  if (!sep) return null;
  // In a query, the bracketed name's parameter starts before its outer name (…&user[password]=).
  let name = keyStart;
  if (bracketed) while (name > 0 && (isKeyChar(text.charCodeAt(name - 1)) || text.charCodeAt(name - 1) === 91 || text.charCodeAt(name - 1) === 93)) name--;
  return {
    separator: sep[0],
    valueFrom: from + sep[0].length,
    inQuery: isQueryStart(text.charCodeAt(name - 1)),
    inXml: tag || sep[0].endsWith('<value>'),
    option,
  };
}

/** YAML's anchor (&name) and tag (!!str, !vault) before a value, and the space after them. */
const YAML_PROPERTIES = /^(?:[&!][^\s,[\]{}]*[ \t]+){1,2}(?=\S)/;

/** Where the value starts after a `key:` when YAML properties come first (password: &pw value). */
function afterYamlProperties(text: string, from: number): number {
  const c = text.charCodeAt(from);
  if (c !== 38 /* & */ && c !== 33 /* ! */) return from;
  const properties = YAML_PROPERTIES.exec(text.slice(from, from + 200));
  return properties ? from + properties[0].length : from;
}

/** A YAML block scalar's indicator: | or >, with its chomping (+ -) and indentation (1-9) in either order. */
const BLOCK_INDICATOR = /^[|>](?:[1-9]?[+-]?|[+-][1-9])$/;

/**
 * The content of a YAML block scalar whose indicator ends at `indicatorEnd`: the lines after it indented deeper
 * than the key's line, from the first one's first character to the last one's last (blank lines inside it kept),
 * or null when the indicator does not end its line (but for a comment) or no line is indented under it.
 */
function yamlBlockAfter(text: string, keyStart: number, indicatorEnd: number): { start: number; end: number } | null {
  // A key line is short: one that does not start within 200 characters is no YAML (and is not read back again).
  const back = Math.max(0, keyStart - 200);
  const lineStart = back + text.slice(back, keyStart).lastIndexOf('\n') + 1;
  if (lineStart === back && back > 0) return null;
  let keyIndent = 0;
  while (text.charCodeAt(lineStart + keyIndent) === 32) keyIndent++;
  let at = indicatorEnd;
  while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
  // A comment may follow the indicator (password: | # rotated monthly).
  if (text.charCodeAt(at) === 35 /* # */) at = valueLineEnd(text, at);
  if (text.charCodeAt(at) === 13) at++;
  if (text.charCodeAt(at) !== 10) return null;
  let block = null as { start: number; end: number } | null;
  // Each turn starts at a line break: the one ending the line before (or the limit, which ends the loop).
  const limit = Math.min(text.length, at + MAX_SPAN);
  while (at < limit) {
    const line = at + 1;
    let indent = 0;
    while (text.charCodeAt(line + indent) === 32) indent++;
    const newline = text.slice(line, limit).indexOf('\n');
    const lineEnd = newline < 0 ? limit : line + newline;
    const contentEnd = trimSpaceEnd(text, line + indent, lineEnd);
    if (contentEnd > line + indent) {
      if (indent <= keyIndent) break; // the next key, or a line of the parent
      block = { start: block?.start ?? line + indent, end: contentEnd };
    }
    at = lineEnd;
  }
  return block;
}

/** How many keys inside a value that was not a secret are still read (token=a,password=b); past that, skip it. */
const MAX_NESTED_KEYS = 4;

export const keyValueSecretRule: Rule = {
  types: ['Password', 'ApiKey', 'Secret', 'AWSSecretKey', 'SSN', 'Phone'],
  scan(text, emit) {
    // The last value read: a key inside it is skipped when the value was reported (it is redacted already), and
    // read at most MAX_NESTED_KEYS times when not. Values have no length limit, so this keeps the scan linear.
    let valueUntil = 0;
    let valueReported = false;
    let nested = 0;
    eachMatch(SECRET_WORD, text, (m) => {
      if (m.index < valueUntil && (valueReported || ++nested > MAX_NESTED_KEYS)) {
        SECRET_WORD.lastIndex = valueUntil;
        return;
      }
      const word = m[0].toLowerCase();
      if (SSN_WORD.test(word)) {
        keyedSsnAt(text, m.index, emit); // ssn, social security…, soc. sec…, tax id…
        return;
      }
      if (word === 'auth' && mailAuthAt(text, m.index, emit)) return; // SMTP's AUTH PLAIN / AUTH LOGIN
      if (word === 'cookie') {
        cookieValuesAt(text, m.index, emit);
        return;
      }
      if (TOOL_NAMES.has(word)) {
        commandPasswordAt(text, m.index, m[0], emit);
        return;
      }
      if (PHONE_WORD.test(word)) {
        phoneAfterWord(text, m.index, m[0], emit);
        return;
      }
      let keyStart = m.index;
      while (keyStart > 0 && isKeyChar(text.charCodeAt(keyStart - 1))) keyStart--;
      // After a percent escape (%22password): the escape's hex digits are not part of the name.
      if (text.charCodeAt(keyStart - 1) === 37 && m.index - keyStart >= 2 && isHex(text.charCodeAt(keyStart)) && isHex(text.charCodeAt(keyStart + 1))) keyStart += 2;
      let keyEnd = m.index + m[0].length;
      while (keyEnd < text.length && isKeyChar(text.charCodeAt(keyEnd))) keyEnd++;
      SECRET_WORD.lastIndex = keyEnd;
      // A database server's own syntax: MySQL's SET PASSWORD, Redis's AUTH and requirepass (databaseAuth.ts).
      const databaseEnd = databasePasswordAt(text, word, keyStart, keyEnd, emit);
      if (databaseEnd >= 0) {
        SECRET_WORD.lastIndex = valueUntil = databaseEnd;
        valueReported = true;
        return;
      }
      // A variable inside a placeholder (${DB_PASSWORD:-default}, #{password}, {{password}}, $password, %PASSWORD%)
      // names a secret, not one. After a brace alone it is a map's first key ({password: "…"}, Elixir's %{…}); a
      // placeholder there ({password}, %{password}) has no separator after it.
      const opener = text.charCodeAt(keyStart - 1);
      const beforeBrace = text.charCodeAt(keyStart - 2);
      if (opener === 36 /* $ */ || opener === 37 /* % */ || (opener === 123 /* { */ && (beforeBrace === 36 || beforeBrace === 123 || beforeBrace === 35 /* # */))) return;
      const form = keyForm(text, keyStart, keyEnd);
      if (!form) return;
      const key = text.slice(keyStart, keyEnd);
      if (key === 'PASS' && form.separator.startsWith(':') && TEST_RESULT_BEFORE.test(text.slice(Math.max(0, keyStart - 40), keyStart))) return;
      const kind = classifyKey(key);
      if (!kind) return;
      // White space alone separates only a password from its quoted value (PASSWORD 'x'); prose has no quotes there.
      const spaceOnly = /^[ \t]+$/.test(form.separator);
      if (spaceOnly && kind !== 'Password' && !form.option) return;
      const valueFrom = form.separator.includes(':') ? afterYamlProperties(text, form.valueFrom) : form.valueFrom;
      const value = readValue(text, valueFrom, form.inQuery, form.inXml);
      if (!value) return;
      if (value.start === valueFrom && /phrase$/i.test(key) && !isCommandKey(key, form.separator)) value.end = phraseEnd(text, value.end);
      // A YAML block scalar (password: |): the value is on the lines after the indicator.
      if (value.start === valueFrom && BLOCK_INDICATOR.test(text.slice(value.start, value.end))) {
        const block = yamlBlockAfter(text, keyStart, value.end);
        if (!block) return;
        value.start = block.start;
        value.end = block.end;
      }
      const raw = text.slice(value.start, value.end);
      // After an option and a space: a word of prose (the --password flag), or a list of settings (--secret id=x,src=y).
      const notOptionValue = form.option && spaceOnly && value.start === valueFrom && (OPTION_PROSE.test(raw) || /=[^=]/.test(raw));
      const type = notOptionValue ? null : judgeValue(kind, key, form.separator, raw, value.start > valueFrom);
      if (m.index >= valueUntil) nested = 0;
      valueUntil = Math.max(valueUntil, value.end);
      valueReported = type !== null;
      if (type) emit(type, value.start, value.end);
    });
  },
};
