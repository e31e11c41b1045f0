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

/** Whether a[at, at + to - from) is codes[from, to) (the caller checks a is long enough). */
function sameCodes(a: string, at: number, codes: Uint16Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (a.charCodeAt(at++) !== codes[i]) return false;
  return true;
}

/** A message's characters, for a caller without them (see readMaskedKey): refilled for each such message. */
let scratch = new Uint16Array(4096);
function scratchCodes(message: string): Uint16Array {
  if (message.length > scratch.length) scratch = new Uint16Array(Math.max(message.length, scratch.length * 2));
  for (let i = 0; i < message.length; i++) scratch[i] = message.charCodeAt(i);
  return scratch;
}

/**
 * A message's masked key as parts — runs of the message's own words and masked tokens — with a hash of its
 * masked tokens, read in one scan without building a string: the miner finds a key seen before by its hash and
 * equals(), and builds the string (text()) only for a new one. Refilled for each message.
 */
export class MaskedKey {
  hash = 0;
  private message = '';
  /** The message's characters: message.charCodeAt(i) is codes[base + i] (see readMaskedKey). */
  private codes: Uint16Array = new Uint16Array(0);
  private base = 0;
  private count = 0;
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);
  private readonly masks: (string | undefined)[] = [];

  reset(message: string, codes: Uint16Array, base: number): void {
    this.message = message;
    this.codes = codes;
    this.base = base;
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
      const mask = this.masks[p];
      if (mask !== undefined) {
        if (!key.startsWith(mask, k)) return false;
        k += mask.length;
        continue;
      }
      const from = this.base + this.starts[p]!;
      const to = this.base + this.ends[p]!;
      if (k + to - from > key.length || !sameCodes(key, k, this.codes, from, to)) return false;
      k += to - from;
    }
    return k === key.length;
  }

  /** The parts, the runs copied out of the message: a key to test later reads against with sameParts. */
  parts(): string[] {
    const parts: string[] = [];
    for (let p = 0; p < this.count; p++) parts.push(this.masks[p] ?? ownCopy(this.message.slice(this.starts[p], this.ends[p])));
    return parts;
  }

  /** Characters of the message's runs (what parts() copies). */
  runChars(): number {
    let chars = 0;
    for (let p = 0; p < this.count; p++) if (this.masks[p] === undefined) chars += this.ends[p]! - this.starts[p]!;
    return chars;
  }

  /**
   * Whether these parts are `parts`, part by part: then the keys, the parts joined by spaces, are the same. Cheaper
   * than equals: a mask is most often the very string of the parts read before (the masks are cached), so === is a
   * pointer comparison, and only the runs' characters are compared. Different parts can still make the same key
   * (a run of two words against a mask and a word): the caller falls back to equals then.
   */
  sameParts(parts: readonly string[]): boolean {
    if (parts.length !== this.count) return false;
    for (let p = 0; p < this.count; p++) {
      const mask = this.masks[p];
      const part = parts[p]!;
      if (mask !== undefined) {
        if (mask !== part) return false;
        continue;
      }
      const from = this.starts[p]!;
      const to = this.ends[p]!;
      if (part.length !== to - from || !sameCodes(part, 0, this.codes, this.base + from, this.base + to)) return false;
    }
    return true;
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

/** Character classes of the one-scan key (ASCII; other characters are none of these, as in maskToken). */
const SPACE = 1;
const DIGIT = 2;
const LETTER = 4;
/** / or \ (two make a path). */
const SLASH = 8;
/** / \ : = @: a word holding one may be a path, address or key=value, so it takes maskToken's rules. */
const NOT_PLAIN = 16;
const EQUALS = 32;
/** maskToken's delimiters but = and @. */
const OTHER_DELIMITER = 64;
/** What the key of a key=value token may be made of (see keyValueMask). */
const KEY_CHAR = 128;
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT | KEY_CHAR;
for (let c = 65; c <= 90; c++) CLASS[c] = CLASS[c + 32] = LETTER | KEY_CHAR;
for (const ch of '_.-') CLASS[ch.charCodeAt(0)] = KEY_CHAR;
for (const ch of ',;()[]{}"\'<>|#') CLASS[ch.charCodeAt(0)] = OTHER_DELIMITER;
CLASS[47] = CLASS[92] = SLASH | NOT_PLAIN | OTHER_DELIMITER;
CLASS[58] = NOT_PLAIN | OTHER_DELIMITER;
CLASS[61] = NOT_PLAIN | EQUALS;
CLASS[64] = NOT_PLAIN;
CLASS[32] = CLASS[9] = CLASS[13] = SPACE;
// The delimiters are maskToken's.
for (let c = 0; c < 128; c++) {
  if (((CLASS[c]! & OTHER_DELIMITER) !== 0 || c === 61 || c === 64) !== (DELIMITER[c] === 1)) throw new Error(`character class of ${c}`);
}

/**
 * Reads the message's masked key into `into` (the miner's hot path: one scan, no token array, no key string).
 * `codes` (with `base`), when given, must hold the message's characters: message.charCodeAt(i) === codes[base + i]
 * — the log's piece the message was cut from, as LogPatternScanner passes it. Reading a typed array is much
 * cheaper than charCodeAt on a message that is a slice of a slice of its piece; without them the message is copied
 * into one first.
 */
export function readMaskedKey(message: string, into: MaskedKey, codes?: Uint16Array, base = 0): MaskedKey {
  // Cheap tests first: most messages hold no written-out date and no quoted value with spaces.
  if (message.indexOf(':') >= 0 && /\d\d:\d\d/.test(message)) {
    const replaced = message.replace(EMBEDDED_DATE, '0');
    if (replaced !== message) codes = undefined;
    message = replaced;
  }
  if (!codes) {
    codes = scratchCodes(message);
    base = 0;
  }
  into.reset(message, codes, base);
  // Words kept as they are, separated by single spaces, are one run of the message.
  let runStart = -1;
  let runEnd = -1;
  let lastWasVariable = false;
  // Positions in codes: the message is codes[base, last).
  const last = base + message.length;
  let i = base;
  for (;;) {
    while (i < last && codes[i] === 32) i++;
    if (i < last && (codes[i] === 9 || codes[i] === 13)) {
      i++;
      continue;
    }
    if (i >= last) break;
    // A token: its classes OR-ed together, its slashes (the one class counted) and its hash.
    const start = i;
    let classes = 0;
    let slashes = 0;
    let hash = FNV_OFFSET;
    // For keyValueMask: the first = (-2: a second one), and the classes and hash of what is before and after it.
    let equals = -1;
    let keyClasses = 0;
    let keyCharsOnly = 0;
    let keyHash = 0;
    let valueClasses = 0;
    let allClasses = 0xff;
    // Whether the token holds =" (the start of a quoted value, maybe spread over tokens).
    let quoted = false;
    for (; i < last; i++) {
      const c = codes[i]!;
      const cls = c < 128 ? CLASS[c]! : 0;
      if (cls === SPACE) break;
      valueClasses |= cls;
      if (cls & (SLASH | EQUALS)) {
        if (cls & SLASH) slashes++;
        else {
          if (i + 1 < last && codes[i + 1] === 34) quoted = true;
          if (equals === -1) {
            equals = i;
            keyClasses = classes;
            keyCharsOnly = allClasses & KEY_CHAR;
            keyHash = hash;
            valueClasses = 0;
          } else equals = -2;
        }
      }
      hash = Math.imul(hash ^ c, FNV_PRIME);
      classes |= cls;
      allClasses &= cls;
    }
    // A word with no digit and nothing that makes a path, address or key=value: itself (the common case).
    if ((classes & (DIGIT | NOT_PLAIN)) === 0) {
      if (runStart >= 0 && start === runEnd + 1 && codes[runEnd] === 32) runEnd = i;
      else {
        if (runStart >= 0) into.run(runStart - base, runEnd - base);
        runStart = start;
        runEnd = i;
      }
      into.hash = foldToken(into.hash, hash);
      lastWasVariable = false;
      continue;
    }
    let mask: string | undefined;
    if (quoted) {
      // key="a quoted value" spread over tokens: one token, as joinQuotedValues makes it.
      const end = quotedValueEnd(codes, start, i, last);
      if (end === IRREGULAR) {
        into.reset(message, codes, base);
        into.whole(joinMasked(joinQuotedValues(splitTokens(message))));
        return into;
      }
      if (end > i) {
        mask = maskToken(message.slice(start - base, end - base));
        i = end;
      }
    }
    // Digits and punctuation alone, or a path: a variable, as maskToken decides, without the slice.
    const variable = mask === undefined && ((classes & (DIGIT | LETTER)) === DIGIT || slashes >= 2);
    if (mask !== undefined) recentMaskHash = tokenHash(mask, 0, mask.length);
    else if (variable) mask = WILDCARD;
    // key=value with a plain key and a value holding a digit or @: its mask is its key's (see keyValueMask).
    else if (equals > start && equals < i - 1 && keyCharsOnly !== 0 && (keyClasses & LETTER) !== 0 && (classes & OTHER_DELIMITER) === 0 && (valueClasses & (DIGIT | NOT_PLAIN)) !== 0) {
      mask = keyValueMask(message, start - base, equals - base, keyHash, codes, base);
    } else mask = recentMask(message, start - base, i - base, hash, codes, base);
    if (mask === WILDCARD) {
      if (lastWasVariable) continue;
      lastWasVariable = true;
    } else lastWasVariable = false;
    if (runStart >= 0) {
      into.run(runStart - base, runEnd - base);
      runStart = -1;
    }
    into.mask(mask, variable ? WILDCARD_HASH : recentMaskHash);
  }
  if (runStart >= 0) into.run(runStart - base, runEnd - base);
  return into;
}

/**
 * The mask of a token key=value whose key is made of letters, digits, _ . - and holds a letter, and whose value
 * holds a digit or an @ and no delimiter but @. maskToken reads such a token the same whatever its value: no address,
 * path, URL or MAC rule applies (the key would have to hold : / \ or @, the value : / or \), and the value, holding a
 * digit or @, is no state word and runs to the token's end, so it is one variable. Its mask is then the one of
 * key=0, cached by key: the values (durations, users) need no slot of their own.
 */
const KEY_SLOTS = 1024;
const keyHashes = new Int32Array(KEY_SLOTS);
const keyTexts: string[] = new Array<string>(KEY_SLOTS).fill('');
const keyMasks: string[] = new Array<string>(KEY_SLOTS).fill('');
const keyMaskHashes = new Int32Array(KEY_SLOTS);

function keyValueMask(message: string, from: number, equals: number, hash: number, codes: Uint16Array, base: number): string {
  const slot = hash & (KEY_SLOTS - 1);
  const key = keyTexts[slot]!;
  if (keyHashes[slot] === hash && key.length === equals - from && sameCodes(key, 0, codes, base + from, base + equals)) {
    recentMaskHash = keyMaskHashes[slot]!;
    return keyMasks[slot]!;
  }
  const text = ownCopy(message.slice(from, equals));
  const mask = ownCopy(maskToken(`${text}=0`));
  keyHashes[slot] = hash;
  keyTexts[slot] = text;
  keyMasks[slot] = mask;
  recentMaskHash = keyMaskHashes[slot] = tokenHash(mask, 0, mask.length);
  return mask;
}

/** quotedValueEnd's answer when the tokens to join are not separated by single spaces (their slice is not their join). */
const IRREGULAR = -2;

/**
 * Where the token codes[start, end) ends once joined with the tokens after it as joinQuotedValues joins them: when
 * it holds =" with no " after that, up to the end of the first following token holding a ". `end` when it joins
 * none; IRREGULAR when the joined tokens are not separated by single spaces.
 */
function quotedValueEnd(codes: Uint16Array, start: number, end: number, last: number): number {
  let open = -1;
  for (let i = start; i + 1 < end; i++) {
    if (codes[i] === 61 && codes[i + 1] === 34) {
      open = i;
      break;
    }
  }
  if (open < 0) return end;
  for (let i = open + 2; i < end; i++) if (codes[i] === 34) return end;
  let singleSpaces = true;
  let previousWasSpace = false;
  let tokenHasQuote = false;
  for (let i = end; i < last; i++) {
    const c = codes[i]!;
    if (c === 32 || c === 9 || c === 13) {
      if (tokenHasQuote) return singleSpaces ? i : IRREGULAR;
      if (c !== 32 || previousWasSpace) singleSpaces = false;
      previousWasSpace = true;
      continue;
    }
    previousWasSpace = false;
    if (c === 34) tokenHasQuote = true;
  }
  if (tokenHasQuote) return singleSpaces ? last : IRREGULAR;
  return end;
}

/**
 * Masks of the tokens seen last, by the token's hash (direct-mapped: no slice, no map lookup for a token that
 * repeats, as most tokens needing the full rules do: Word:, key=, [Thread-1], HTTP/1.1"). 16,384 slots: a log's few
 * thousand such tokens seldom share one (4,096 lost ~4% of the access log's lookups to collisions).
 */
const RECENT_SLOTS = 16_384;
const MAX_RECENT_TOKEN_CHARS = 256;
const recentHashes = new Int32Array(RECENT_SLOTS);
const recentTokens: string[] = new Array<string>(RECENT_SLOTS).fill('');
const recentMasks: string[] = new Array<string>(RECENT_SLOTS).fill('');
const recentMaskHashes = new Int32Array(RECENT_SLOTS);
/** The hash of the mask recentMask returned last. */
let recentMaskHash = 0;

function recentMask(message: string, from: number, to: number, hash: number, codes: Uint16Array, base: number): string {
  const slot = hash & (RECENT_SLOTS - 1);
  const token = recentTokens[slot]!;
  if (recentHashes[slot] === hash && token.length === to - from && sameCodes(token, 0, codes, base + from, base + to)) {
    recentMaskHash = recentMaskHashes[slot]!;
    return recentMasks[slot]!;
  }
  const text = message.slice(from, to);
  const mask = cachedMask(text);
  recentMaskHash = tokenHash(mask, 0, mask.length);
  // A long token is not kept: the slots' memory stays bounded (16,384 × 256 characters at most).
  if (text.length > MAX_RECENT_TOKEN_CHARS) return mask;
  recentHashes[slot] = hash;
  recentTokens[slot] = ownCopy(text);
  recentMasks[slot] = mask;
  recentMaskHashes[slot] = recentMaskHash;
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
  // A long token (a blob with a colon) is masked each time: kept, 50,000 of them could hold hundreds of MB.
  if (token.length > MAX_RECENT_TOKEN_CHARS) return maskToken(token);
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
