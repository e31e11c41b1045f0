// A message as the miner sees it: whitespace-separated tokens, each with the parts that are variables by their
// shape replaced by <*>. A part is a variable when it holds a digit (numbers, ids, IPs, hex, versions, durations,
// block ids, UUIDs, timestamps) or is a path or URL; the delimiters around it (= : , brackets, quotes) stay, so
// `uid=10037,` becomes `uid=<*>,` and keeps its key.

export const WILDCARD = '<*>';

/** Characters that separate a token's parts (kept in the token). */
const DELIMITER = new Uint8Array(128);
for (const ch of '=:,;()[]{}"\'<>|#@/\\') DELIMITER[ch.charCodeAt(0)] = 1;

function hasDigit(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

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

/** host:port or user@host, with an optional trailing comma or period: an address, one variable. */
const ADDRESS = /^[A-Za-z0-9][\w.-]*(?::\d{1,5}|@[\w-]+(?:\.[\w-]+)+)([,.;]?)$/;

const NAME_WITH_DIGIT = /^[A-Za-z]{2,}\d$/;

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

/** The token with its variable parts replaced by <*> (a run of variables and delimiters between them is one). */
export function maskToken(token: string): string {
  if (isPathOrUrl(token) || MAC.test(token)) return WILDCARD;
  const address = ADDRESS.exec(token);
  if (address) return WILDCARD + address[1];
  if (!hasDigit(token, 0, token.length) && !token.includes('=')) return token;
  let out = '';
  let start = 0;
  let lastWasVariable = false;
  const variable = () => {
    if (!lastWasVariable) out += WILDCARD;
    lastWasVariable = true;
  };
  const flush = (end: number) => {
    if (end <= start) return;
    // A name with one digit (eth0, SOCKS5, alt0) is a constant until clustering sees it take many values.
    if (hasDigit(token, start, end) && !NAME_WITH_DIGIT.test(token.slice(start, end))) variable();
    else {
      out += token.slice(start, end);
      lastWasVariable = false;
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
    const value = token.slice(i + 1, end).replace(/^["']|["']$/g, '');
    if (value !== '' && !STATE_VALUE.test(value)) {
      variable();
      i = end - 1;
      start = end;
    }
  }
  flush(token.length);
  // Nothing but variables and delimiters (1.2,3.4 or (5.6): one variable, whatever its inner punctuation.
  return out.includes(WILDCARD) && !/[A-Za-z]/.test(out.replaceAll(WILDCARD, '')) ? WILDCARD : out;
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
  // Cheap test first: most messages hold no written-out date.
  if (message.indexOf(':') >= 0 && /\d\d:\d\d/.test(message)) message = message.replace(EMBEDDED_DATE, '0');
  const masked: string[] = [];
  for (const token of joinQuotedValues(splitTokens(message))) {
    const mask = maskToken(token);
    if (mask === WILDCARD && masked[masked.length - 1] === WILDCARD) continue;
    masked.push(mask);
  }
  return masked;
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
