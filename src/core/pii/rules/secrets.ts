// Credentials: provider tokens with known shapes, PEM private keys, JWTs, bearer tokens, and the values of
// secret-named keys (password=…, "api_key": "…", "password is …").
import type { PiiType } from '../types';
import type { Rule } from './rule';
import { eachMatch, isAlnum, isSpace } from './rule';

// ---- Shapes that are secrets wherever they appear ----------------------------------------------------------

const PEM = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----/g;
const PEM_BODY_CHAR = /[A-Za-z0-9+/=:,\-\s\\]/; // base64, headers (Proc-Type: 4,ENCRYPTED), escaped \n

export const privateKeyRule: Rule = {
  types: ['PrivateKey'],
  scan(text, emit) {
    eachMatch(PEM, text, (m) => {
      const footer = `-----END ${m[1]}PRIVATE KEY-----`;
      const close = text.indexOf(footer, m.index + m[0].length);
      if (close !== -1 && close - m.index < 64 * 1024) {
        emit('PrivateKey', m.index, close + footer.length);
        PEM.lastIndex = close + footer.length;
        return;
      }
      // No footer (a truncated log): hide the body as far as it looks like one.
      let end = m.index + m[0].length;
      while (end < text.length && end - m.index < 64 * 1024 && PEM_BODY_CHAR.test(text[end] as string)) end++;
      emit('PrivateKey', m.index, end);
    });
  },
};

const JWT = /(?<![\w-])eyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g;
const AWS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
const GITHUB = /(?<![\w])(?:gh[pousr]_[A-Za-z0-9]{30,251}|github_pat_[A-Za-z0-9_]{22,255})(?![\w])/g;
const SLACK = /(?<![\w-])(?:xox[abposre]-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250})|https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/g;

function shapeRule(type: PiiType, regex: RegExp, reject?: (value: string) => boolean): Rule {
  return {
    types: [type],
    scan(text, emit) {
      eachMatch(regex, text, (m) => {
        if (!reject?.(m[0])) emit(type, m.index, m.index + m[0].length);
      });
    },
  };
}

export const jwtRule = shapeRule('JWT', JWT);
// AWS's documentation keys (AKIAIOSFODNN7EXAMPLE) are public examples.
export const awsAccessKeyRule = shapeRule('AWSAccessKey', AWS_KEY_ID, (value) => value.endsWith('EXAMPLE'));
export const githubTokenRule = shapeRule('GitHubToken', GITHUB);
export const slackTokenRule = shapeRule('SlackToken', SLACK);

// ---- Bearer / Basic credentials in Authorization headers ---------------------------------------------------

// Not after = or a quote: there "bearer" is a value (token_type=bearer), not a scheme before a credential.
const BEARER = /(?<![\w=])(?:[Bb]earer|BEARER|[Bb]asic|BASIC)\s+([A-Za-z0-9\-._~+/]{12,}=*)/g;

export const bearerRule: Rule = {
  types: ['BearerToken'],
  scan(text, emit) {
    eachMatch(BEARER, text, (m) => {
      const value = m[1] as string;
      if (!/\d/.test(value) && !(value.length >= 20 && /[A-Z]/.test(value) && /[a-z]/.test(value))) return; // prose, not a credential
      const end = m.index + m[0].length;
      emit('BearerToken', end - value.length, end);
    });
  },
};

// ---- Values of secret-named keys ---------------------------------------------------------------------------

// The word that makes a key secret; the key around it is widened over [\w.-] and then judged as a whole.
const SECRET_WORD = /pass(?:word|wd|wort|phrase)?|pwd|kennwort|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|mot de passe|contrase(?:ñ|n)a|senha|parol/gi;

type KeyKind = PiiType | null;

/** What a whole key name holds: its last word decides ("password_min_length" is a length, not a password). */
function classifyKey(key: string): KeyKind {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9ñ]+/)
    .filter(Boolean);
  const last = words[words.length - 1] ?? '';
  const prev = words[words.length - 2] ?? '';
  if (/^(pass|password|passwd|passwort|passphrase|pwd|kennwort|contraseña|contrasena|senha|parol)$/.test(last) || /^[a-z]*password$/.test(last)) return 'Password';
  if (last === 'passe' && prev === 'de') return 'Password'; // mot de passe
  if (last === 'key' && prev === 'access' && words.includes('secret')) return 'AWSSecretKey';
  if ((last === 'key' && prev === 'api') || last === 'apikey') return 'ApiKey';
  if (/^(secret|token|credential|credentials)$/.test(last) || /^[a-z]*(secret|token)$/.test(last)) return 'Secret';
  if (last === 'key' && (prev === 'private' || prev === 'secret' || prev === 'signing' || prev === 'encryption' || prev === 'access')) return 'Secret';
  return null;
}

const PLACEHOLDER = /^(?:\*+|x{3,}|X{3,}|\.{3,}|-+|\?+|<[^>]*>|\[[^\]]*\]|\$\{[^}]*\}|\$\(?[A-Za-z_][A-Za-z0-9_]*\)?|%[sdv]|%\([a-z_]+\)s|\{\{[^}]*\}\}|\{[a-z_]*\}|null|nil|none|undefined|true|false|redacted|hidden|masked|removed|empty|required|optional|yes|no|n\/a)$/i;
/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** Whether a value under a generic name (token, key) is random enough to be a credential. */
function looksRandom(value: string): boolean {
  if (value.length < 16) return false;
  // Dotted names (com.apple.xpc.activity) and paths are identifiers, not credentials.
  if (/^[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*){2,}/.test(value) || value.endsWith(':') || /^\.{0,2}\//.test(value)) return false;
  const classes = Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/\d/.test(value));
  return classes >= 2 && entropy(value) >= 3;
}

const isKeyChar = (c: number) => isAlnum(c) || c === 95 || c === 45 || c === 46;
const MAX_VALUE = 1024;

/** Reads the value after a key's separator: a quoted string, or everything up to the next white space. */
function readValue(text: string, from: number): { start: number; end: number } | null {
  // Template placeholders may hold spaces: {{ .Values.secret }}, ${ VAR }, <your password>.
  const template = /^(?:\{\{[^}\n]{0,100}\}\}|\$\{[^}\n]{0,100}\}|<[^>\n]{0,100}>)/.exec(text.slice(from, from + 110));
  if (template) return { start: from, end: from + template[0].length };
  const quote = text[from];
  if (quote === '"' || quote === "'" || quote === '`') {
    let end = from + 1;
    while (end < text.length && end - from < MAX_VALUE) {
      const ch = text[end];
      if (ch === '\\') end += 2;
      else if (ch === quote || ch === '\n' || ch === '\r') break;
      else end++;
    }
    return end > from + 1 && text[end] === quote ? { start: from + 1, end } : null;
  }
  let end = from;
  while (end < text.length && end - from < MAX_VALUE) {
    const c = text.charCodeAt(end);
    if (isSpace(c) || c === 34 || c === 39 || c === 96) break;
    end++;
  }
  // Closing punctuation of the surrounding structure is not part of the value.
  while (end > from && /[,;)}\]>]/.test(text[end - 1] as string) && !/[({[<]/.test(text.slice(from, end - 1))) end--;
  return end > from ? { start: from, end } : null;
}

// Separators between a key and its value: = : => and "is" (password is hunter2), with quotes around the key.
const SEPARATOR = /^["'`]?\s{0,3}(?:=>?|:=?|\s(?:is|was|set to)\s)\s{0,3}/y;

export const keyValueSecretRule: Rule = {
  types: ['Password', 'ApiKey', 'Secret', 'AWSSecretKey'],
  scan(text, emit) {
    eachMatch(SECRET_WORD, text, (m) => {
      let keyStart = m.index;
      while (keyStart > 0 && isKeyChar(text.charCodeAt(keyStart - 1))) keyStart--;
      let keyEnd = m.index + m[0].length;
      while (keyEnd < text.length && isKeyChar(text.charCodeAt(keyEnd))) keyEnd++;
      SECRET_WORD.lastIndex = keyEnd;
      const kind = classifyKey(text.slice(keyStart, keyEnd));
      if (!kind) return;
      SEPARATOR.lastIndex = 0;
      const sep = SEPARATOR.exec(text.slice(keyEnd, keyEnd + 16));
      if (!sep) return;
      const value = readValue(text, keyEnd + sep[0].length);
      if (!value) return;
      const raw = text.slice(value.start, value.end);
      if (PLACEHOLDER.test(raw)) return;
      const awsShape = kind === 'AWSSecretKey' && /^[A-Za-z0-9/+=]{40}$/.test(raw);
      if (awsShape) {
        emit('AWSSecretKey', value.start, value.end);
        return;
      }
      if (kind === 'Password') {
        if (raw.startsWith('/') || /^(?:for|changed|updated|expired|required|incorrect|invalid|authentication|check|reset|failed|the|of|to)$/i.test(raw)) return;
      } else if (!looksRandom(raw) && !(kind === 'Secret' && /secret/i.test(text.slice(keyStart, keyEnd)) && raw.length >= 8)) {
        return;
      }
      emit(kind === 'AWSSecretKey' ? 'Secret' : kind, value.start, value.end);
    });
  },
};

/** The remaining built-in shapes, in one list for the detector. */
export const secretRules: readonly Rule[] = [privateKeyRule, jwtRule, awsAccessKeyRule, githubTokenRule, slackTokenRule, bearerRule, keyValueSecretRule];
