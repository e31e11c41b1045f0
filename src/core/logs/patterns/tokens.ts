// A message as the miner sees it: whitespace-separated tokens, each with the parts that are variables by their
// shape replaced by <*>. A part is a variable when it holds a digit (numbers, ids, IPs, hex, versions, durations,
// block ids, UUIDs, timestamps) or is a path or URL; the delimiters around it (= : , brackets, quotes) stay, so
// `uid=10037,` becomes `uid=<*>,` and keeps its key.

export const WILDCARD = '<*>';

/** Characters that separate a token's parts (kept in the token). */
const DELIMITER = new Uint8Array(128);
for (const ch of '=:,;()[]{}"\'<>|#@/\\') DELIMITER[ch.charCodeAt(0)] = 1;

/** A path (/a/b, a/b/c, C:\a) or URL (scheme://…): one variable whatever its characters. */
function isPathOrUrl(token: string): boolean {
  let separators = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 47 || c === 92) separators++;
  }
  if (separators >= 2) return true;
  if (token.includes('://')) return true;
  // C:\Windows\…
  return token.length > 3 && token.charCodeAt(1) === 58 && token.charCodeAt(2) === 92 && /^[A-Za-z]$/.test(token[0]!);
}

/** host:port or user@host, with an optional trailing comma, period, semicolon or colon ("failed for a@b.org: …"): one variable. */
const ADDRESS = /^[A-Za-z0-9][\w.-]*(?::\d{1,5}|@[\w-]+(?:\.[\w-]+)+)([,.;:]?)$/;

/** A value kept after `=`: a boolean or an UPPER_CASE enum names a state, which tells events apart. */
const STATE_VALUE = /^(?:true|false|True|False|TRUE|FALSE|[A-Z][A-Z_]+)$/;

/** End of the value starting at `from`: the first , or ; or unmatched closing bracket. */
function valueEnd(token: string, from: number): number {
  let depth = 0;
  for (let i = from; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) return i;
      depth--;
    } else if ((c === 44 || c === 59) && depth === 0) return i;
  }
  return token.length;
}

/** A part holding a digit, unless a name with one digit at its end (eth0, SOCKS5, alt0): that is a constant until
 * clustering sees it take many values. */
function isVariablePart(token: string, from: number, to: number): boolean {
  let digits = 0;
  let letters = 0;
  for (let i = from; i < to; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c | 32) >= 97 && (c | 32) <= 122) letters++;
  }
  if (digits === 0) return false;
  const nameWithDigit = digits === 1 && letters >= 2 && letters === to - from - 1 && token.charCodeAt(to - 1) <= 57;
  return !nameWithDigit;
}

function hasLetter(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/** The token with its variable parts replaced by <*> (a run of variables and delimiters between them is one). */
export function maskToken(token: string): string {
  // One scan to send the common tokens (plain words, plain numbers) down a fast path.
  let digits = 0;
  let letters = 0;
  let separators = 0;
  let colons = 0;
  let equals = 0;
  let ats = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c | 32) >= 97 && (c | 32) <= 122) letters++;
    else if (c === 47 || c === 92) separators++;
    else if (c === 58) colons++;
    else if (c === 61) equals++;
    else if (c === 64) ats++;
  }
  if (separators >= 2) return WILDCARD;
  // Digits and punctuation alone (numbers, IPs, times, dates): one variable.
  if (letters === 0 && digits > 0) return WILDCARD;
  if (digits === 0 && equals === 0 && ats === 0) {
    // Words, word: and [Word]: themselves, unless a URL, a C:\ path or a MAC address in letters alone.
    if (colons === 0) return token;
    return isPathOrUrl(token) || ((token.length === 17 || token.length === 18) && MAC.test(token)) ? WILDCARD : token;
  }
  if (colons > 0 && (isPathOrUrl(token) || ((token.length === 17 || token.length === 18) && MAC.test(token)))) return WILDCARD;
  if ((colons > 0 && digits > 0) || ats > 0) {
    const address = ADDRESS.exec(token);
    if (address) return WILDCARD + address[1];
  }
  if (digits === 0 && equals === 0) return token;
  let out = '';
  let start = 0;
  let lastWasVariable = false;
  let keptLetters = false;
  const variable = () => {
    if (!lastWasVariable) out += WILDCARD;
    lastWasVariable = true;
  };
  const flush = (end: number) => {
    if (end <= start) return;
    if (isVariablePart(token, start, end)) variable();
    else {
      out += token.slice(start, end);
      lastWasVariable = false;
      keptLetters ||= hasLetter(token, start, end);
    }
  };
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 128 || !DELIMITER[c]) continue;
    flush(i);
    out += token[i];
    lastWasVariable = false;
    start = i + 1;
    if (c !== 61 /* = */) continue;
    // key=value: the value is a variable whatever its shape (name=android, ws=null, cmp=a/.B), unless a state.
    const end = valueEnd(token, i + 1);
    let from = i + 1;
    let to = end;
    if (to > from && (token.charCodeAt(from) === 34 || token.charCodeAt(from) === 39)) from++;
    if (to > from && (token.charCodeAt(to - 1) === 34 || token.charCodeAt(to - 1) === 39)) to--;
    if (to > from && !STATE_VALUE.test(token.slice(from, to))) {
      variable();
      i = end - 1;
      start = end;
    }
  }
  flush(token.length);
  // Nothing but variables and delimiters (1.2,3.4 or (5.6): one variable, whatever its inner punctuation.
  return lastWasVariable || out.includes(WILDCARD) ? (keptLetters ? out : WILDCARD) : out;
}

/** Splits on runs of spaces and tabs. */
export function splitTokens(message: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 13;
    if (space) {
      if (start >= 0) tokens.push(message.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) tokens.push(message.slice(start));
  return tokens;
}

/** Dates written out inside a message (Sun Jul 10 03:55:21 2005, 2005-07-10 03:55:21): one variable. */
const EMBEDDED_DATE = /\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2},? +\d\d:\d\d(?::\d\d)?(?: +\d{4})?|\b\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?/g;
/** A MAC address (its hex pairs need not hold a digit). */
const MAC = /^[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}[,.;]?$/;

/** The masked tokens, a run of variables taken as one (a list of values has no fixed length). */
export function maskMessage(message: string): string[] {
  const key = maskedKey(message);
  return key === '' ? [] : key.split(' ');
}

/**
 * The masked tokens joined by single spaces (a masked token holds no space): what the miner keys signatures on.
 */
export function maskedKey(message: string): string {
  return readMaskedKey(message, sharedKey).text();
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** One masked token's hash folded into a key's: the same for the same sequence of masked tokens, however read. */
const foldToken = (key: number, token: number) => (Math.imul(key ^ token, 0x5bd1e995) + 0x6b43a9b5) | 0;
function tokenHash(text: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
const WILDCARD_HASH = tokenHash(WILDCARD, 0, WILDCARD.length);

/**
 * A message's masked key as parts — runs of the message's own words and masked tokens — with a hash of its
 * masked tokens, read in one scan without building a string: the miner finds a key seen before by its hash and
 * equals(), and builds the string (text()) only for a new one. Refilled for each message.
 */
export class MaskedKey {
  hash = 0;
  private message = '';
  private count = 0;
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);
  private readonly masks: (string | undefined)[] = [];

  reset(message: string): void {
    this.message = message;
    this.count = 0;
    this.hash = FNV_OFFSET;
  }

  /** message[start, end): words kept as they are, separated by single spaces (their hashes are folded by the reader). */
  run(start: number, end: number): void {
    this.part(start, end, undefined);
  }

  mask(mask: string, hash: number): void {
    this.part(0, 0, mask);
    this.hash = foldToken(this.hash, hash);
  }

  /** A key read another way (a string): its parts are its tokens. */
  whole(key: string): void {
    this.part(0, 0, key);
    let from = 0;
    for (let i = 0; i <= key.length; i++) {
      if (i < key.length && key.charCodeAt(i) !== 32) continue;
      if (i > from) this.hash = foldToken(this.hash, tokenHash(key, from, i));
      from = i + 1;
    }
  }

  text(): string {
    let key = '';
    for (let p = 0; p < this.count; p++) {
      const part = this.masks[p] ?? this.message.slice(this.starts[p], this.ends[p]);
      key = p === 0 ? part : `${key} ${part}`;
    }
    return key;
  }

  /** Whether `key` is this key (compared part by part, no key string built). */
  equals(key: string): boolean {
    let k = 0;
    for (let p = 0; p < this.count; p++) {
      if (p > 0 && key.charCodeAt(k++) !== 32) return false;
      // startsWith compares natively: faster than a loop of charCodeAt, even with the run's slice.
      const part = this.masks[p] ?? this.message.slice(this.starts[p], this.ends[p]);
      if (!key.startsWith(part, k)) return false;
      k += part.length;
    }
    return k === key.length;
  }

  private part(start: number, end: number, mask: string | undefined): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      const ends = new Int32Array(this.count * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.masks[this.count++] = mask;
  }
}
const sharedKey = new MaskedKey();

/** Reads the message's masked key into `into` (the miner's hot path: one scan, no token array, no key string). */
export function readMaskedKey(message: string, into: MaskedKey): MaskedKey {
  // Cheap tests first: most messages hold no written-out date and no quoted value with spaces.
  if (message.indexOf(':') >= 0 && /\d\d:\d\d/.test(message)) message = message.replace(EMBEDDED_DATE, '0');
  into.reset(message);
  if (message.indexOf('="') >= 0) {
    into.whole(joinMasked(joinQuotedValues(splitTokens(message))));
    return into;
  }
  // Words kept as they are, separated by single spaces, are one run of the message.
  let runStart = -1;
  let runEnd = -1;
  let lastWasVariable = false;
  let start = -1;
  let digits = 0;
  let letters = 0;
  let slashes = 0;
  let plain = true;
  let hash = 0;
  const n = message.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? message.charCodeAt(i) : 32;
    if (c === 32 || c === 9 || c === 13) {
      if (start < 0) continue;
      // A word with no digit and nothing that makes a path, address or key=value: itself (the common case).
      if (plain && digits === 0) {
        if (runStart >= 0 && start === runEnd + 1 && message.charCodeAt(runEnd) === 32) runEnd = i;
        else {
          if (runStart >= 0) into.run(runStart, runEnd);
          runStart = start;
          runEnd = i;
        }
        into.hash = foldToken(into.hash, hash);
        lastWasVariable = false;
        start = -1;
        continue;
      }
      // Digits and punctuation alone, or a path: a variable, as maskToken decides, without the slice.
      const variable = (letters === 0 && digits > 0) || slashes >= 2;
      const mask = variable ? WILDCARD : recentMask(message, start, i, hash);
      start = -1;
      if (mask === WILDCARD) {
        if (lastWasVariable) continue;
        lastWasVariable = true;
      } else lastWasVariable = false;
      if (runStart >= 0) {
        into.run(runStart, runEnd);
        runStart = -1;
      }
      into.mask(mask, variable ? WILDCARD_HASH : recentMaskHash);
      continue;
    }
    if (start < 0) {
      start = i;
      digits = 0;
      letters = 0;
      slashes = 0;
      plain = true;
      hash = FNV_OFFSET;
    }
    hash = Math.imul(hash ^ c, FNV_PRIME);
    if (c >= 48 && c <= 57) digits++;
    else if ((c | 32) >= 97 && (c | 32) <= 122) letters++;
    else if (c === 47 || c === 92) {
      slashes++;
      plain = false;
    } else if (c === 58 || c === 61 || c === 64) plain = false; // : = @
  }
  if (runStart >= 0) into.run(runStart, runEnd);
  return into;
}

/**
 * Masks of the tokens seen last, by the token's hash (direct-mapped: no slice, no map lookup for a token that
 * repeats, as most tokens needing the full rules do: Word:, key=, [Thread-1], HTTP/1.1").
 */
const RECENT_SLOTS = 4096;
const recentHashes = new Int32Array(RECENT_SLOTS);
const recentTokens: string[] = new Array<string>(RECENT_SLOTS).fill('');
const recentMasks: string[] = new Array<string>(RECENT_SLOTS).fill('');
const recentMaskHashes = new Int32Array(RECENT_SLOTS);
/** The hash of the mask recentMask returned last. */
let recentMaskHash = 0;

function recentMask(message: string, from: number, to: number, hash: number): string {
  const slot = hash & (RECENT_SLOTS - 1);
  const token = recentTokens[slot]!;
  if (recentHashes[slot] === hash && token.length === to - from && message.startsWith(token, from)) {
    recentMaskHash = recentMaskHashes[slot]!;
    return recentMasks[slot]!;
  }
  const text = message.slice(from, to);
  const mask = cachedMask(text);
  recentHashes[slot] = hash;
  recentTokens[slot] = ownCopy(text);
  recentMasks[slot] = mask;
  recentMaskHash = recentMaskHashes[slot] = tokenHash(mask, 0, mask.length);
  return mask;
}

/**
 * A copy that does not keep the message's whole piece (1 MB) alive: V8 makes a slice of 13 characters or more
 * point into its parent. Short ones are copies already.
 */
export const ownCopy = (text: string): string => (text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string));

/** Masks of tokens seen recently, behind the direct-mapped ones (which drop a token when another takes its slot). */
const CACHE_LIMIT = 50_000;
let cache = new Map<string, string>();

function cachedMask(token: string): string {
  let mask = cache.get(token);
  if (mask === undefined) {
    mask = maskToken(token);
    // Dropping the whole map when full keeps it bounded at no bookkeeping cost; the hot tokens come back at once.
    if (cache.size >= CACHE_LIMIT) cache = new Map();
    // Own copies: the cache outlives the pieces the tokens were cut from.
    mask = ownCopy(mask);
    cache.set(ownCopy(token), mask);
  }
  return mask;
}

function joinMasked(tokens: readonly string[]): string {
  const masked: string[] = [];
  for (const token of tokens) {
    const mask = maskToken(token);
    if (mask === WILDCARD && masked[masked.length - 1] === WILDCARD) continue;
    masked.push(mask);
  }
  return masked.join(' ');
}

/** key="a quoted value" spread over several tokens: one token, so the value is one variable. */
function joinQuotedValues(tokens: string[]): string[] {
  let out: string[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const open = token.indexOf('="');
    if (open < 0 || token.indexOf('"', open + 2) >= 0) {
      out?.push(token);
      continue;
    }
    let end = i + 1;
    while (end < tokens.length && !tokens[end]!.includes('"')) end++;
    if (end >= tokens.length) {
      out?.push(token);
      continue;
    }
    out ??= tokens.slice(0, i);
    out.push(tokens.slice(i, end + 1).join(' '));
    i = end;
  }
  return out ?? tokens;
}
