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

/** The token with its variable parts replaced by <*> (consecutive variables and the delimiters between them merge). */
export function maskToken(token: string): string {
  if (isPathOrUrl(token)) return WILDCARD;
  const address = ADDRESS.exec(token);
  if (address) return WILDCARD + address[1];
  if (!hasDigit(token, 0, token.length) && !token.includes('=')) return token;
  let out = '';
  let start = 0;
  let lastWasVariable = false;
  let afterEquals = false;
  const flush = (end: number) => {
    if (end <= start) return;
    // key=value: the value is a variable whatever its shape (name=android, ws=null); a name with one digit
    // (eth0, SOCKS5, alt0) is a constant until clustering sees it take many values.
    if (afterEquals || (hasDigit(token, start, end) && !NAME_WITH_DIGIT.test(token.slice(start, end)))) {
      if (!lastWasVariable) out += WILDCARD;
      lastWasVariable = true;
    } else {
      out += token.slice(start, end);
      lastWasVariable = false;
    }
  };
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 128 && DELIMITER[c]) {
      flush(i);
      out += token[i];
      lastWasVariable = false;
      start = i + 1;
      if (c === 61 /* = */) afterEquals = true;
      else if (c !== 34 && c !== 39 /* quotes stay in the value */) afterEquals = false;
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

/** The masked tokens, a run of variables taken as one (a list of values has no fixed length). */
export function maskMessage(message: string): string[] {
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
