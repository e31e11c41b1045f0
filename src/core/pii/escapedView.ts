// What a reader sees of an encoded log line. Go's JSON encoder writes `&`, `<`, `>` as \u0026, \u003c, \u003e (every
// container log runtime uses it), PHP's writes `/` as \/, any encoder may write any character as \uXXXX, nginx writes a
// logged body's quotes and backslashes as \x22 and \x5C ({\x22password\x22:\x22…\x22}), and URLs and
// form bodies carry addresses percent-encoded (`?email=jane.doe%40example.org`). A value holding one
// (`postgres://app:p\u0026ss@db…`, `https:\/\/user:pw@…`) is cut in two, or hidden, by the escape; so the detector
// reads the text with those escapes decoded and maps what it finds back onto the source. Only the percent escapes
// that shape an address, a number or a key (%40 `@`, %2E `.`, %2B `+` as in From=%2B14155550132, and %3F `?`, %3D
// `=`, %3A `:` as in a redirect's next=%2Fapi%3Fpassword%3D…) are decoded: the rest of a URL is read as it is written — a
// decoded space, quote or & would end a value early (password=ab%26cd) and leave its rest visible. HTML and XML
// character references are decoded too: a SOAP body logged inside XML (&lt;Password&gt;…&lt;/Password&gt;), JSON in
// an attribute ({&quot;password&quot;:…}), a query string in an HTML page (?user=x&amp;password=…).

export interface EscapedView {
  /**
   * The text with every \uXXXX, \xHH, \/, %40, %2E, %2B, %3F, %3D, %3A, &quot; &apos; &lt; &gt; &amp; and &#N; / &#xH;
   * decoded (an escaped backslash `\\` is left as it is).
   */
  text: string;
  /** offsets[k]: where view code unit k starts in the source; offsets[text.length] = the source's length. */
  offsets: Uint32Array;
}

const BACKSLASH = 92;
const PERCENT = 37;
const AMPERSAND = 38;
const NAMED_REFERENCES: Readonly<Record<string, number>> = { quot: 34, apos: 39, lt: 60, gt: 62, amp: 38 };
/** A character reference: named (the five of XML), decimal or hexadecimal, within one UTF-16 code unit. */
const REFERENCE = /&(?:(quot|apos|lt|gt|amp)|#(\d{1,5})|#[xX]([0-9a-fA-F]{1,4}));/y;

const hexValue = (c: number) => (c >= 48 && c <= 57 ? c - 48 : (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : -1);

/** The code unit \uXXXX at `i` stands for, or -1. */
function unicodeEscapeAt(text: string, i: number): number {
  if (text.charCodeAt(i + 1) !== 117 /* u */) return -1;
  let value = 0;
  for (let k = i + 2; k < i + 6; k++) {
    const h = hexValue(text.charCodeAt(k));
    if (h < 0) return -1;
    value = value * 16 + h;
  }
  return value;
}

/** '@', '.', '+', '=', ':' or '?' for %40, %2E, %2B, %3D, %3A or %3F at `i`, or -1. */
function percentEscapeAt(text: string, i: number): number {
  const high = text.charCodeAt(i + 1);
  const low = text.charCodeAt(i + 2) | 32;
  if (high === 52 /* 4 */) return low === 48 /* 0 */ ? 64 : -1;
  if (high === 50 /* 2 */) return low === 101 /* e */ ? 46 : low === 98 /* b */ ? 43 : -1;
  if (high === 51 /* 3 */) return low === 100 /* d */ ? 61 : low === 97 /* a */ ? 58 : low === 102 /* f */ ? 63 : -1;
  return -1;
}

/**
 * The escape at `i` (a backslash, a percent sign or an ampersand), as [code unit it stands for, source length], or undefined when
 * the character stands for itself. `\\` is a backslash whose next character is text, not an escape.
 */
function escapeAt(text: string, i: number): [unit: number, length: number] | undefined {
  const c = text.charCodeAt(i);
  if (c === AMPERSAND) {
    REFERENCE.lastIndex = i;
    const m = REFERENCE.exec(text);
    const unit = !m ? -1 : m[1] ? (NAMED_REFERENCES[m[1]] as number) : m[2] ? Number(m[2]) : parseInt(m[3] as string, 16);
    return unit < 0 || unit > 0xffff ? undefined : [unit, (m as RegExpExecArray)[0].length];
  }
  if (c === PERCENT) {
    const unit = percentEscapeAt(text, i);
    return unit < 0 ? undefined : [unit, 3];
  }
  if (c !== BACKSLASH) return undefined;
  if (text.charCodeAt(i + 1) === 47 /* / */) return [47, 2];
  if (text.charCodeAt(i + 1) === 120 /* x */) {
    const high = hexValue(text.charCodeAt(i + 2));
    const low = hexValue(text.charCodeAt(i + 3));
    return high < 0 || low < 0 ? undefined : [high * 16 + low, 4];
  }
  const unit = unicodeEscapeAt(text, i);
  return unit < 0 ? undefined : [unit, 6];
}

/** Whether `text` holds an escape the view would decode (cheap: backslashes, percent signs and ampersands are rare). */
export function hasEscapes(text: string): boolean {
  for (let i = text.indexOf('\\'); i !== -1; i = text.indexOf('\\', i + 1)) {
    if (escapeAt(text, i)) return true;
    if (text.charCodeAt(i + 1) === BACKSLASH) i++;
  }
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', i + 1)) if (escapeAt(text, i)) return true;
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) if (escapeAt(text, i)) return true;
  return false;
}

/** A surrogate that is not half of a pair: TextDecoder and the log decoder read each as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapedView(text: string): EscapedView {
  const offsets = new Uint32Array(text.length + 1);
  // The view is joined from runs of the source and the characters the escapes stand for, so it stays a one-byte
  // string whenever its characters allow: built as UTF-16 and decoded, a window-sized view was a two-byte string, on
  // which V8's regexes run ~3.5x slower (every line of a container log has an escape). Only backslashes, percent
  // signs and ampersands can start an escape: indexOf finds them, and the runs between are plain text, mapped one to one.
  const parts: string[] = [];
  let copiedUntil = 0;
  let n = 0;
  let i = 0;
  let backslash = text.indexOf('\\');
  let percent = text.indexOf('%');
  let ampersand = text.indexOf('&');
  while (i < text.length) {
    if (backslash !== -1 && backslash < i) backslash = text.indexOf('\\', i);
    if (percent !== -1 && percent < i) percent = text.indexOf('%', i);
    if (ampersand !== -1 && ampersand < i) ampersand = text.indexOf('&', i);
    const next = Math.min(backslash === -1 ? text.length : backslash, percent === -1 ? text.length : percent, ampersand === -1 ? text.length : ampersand);
    while (i < next) offsets[n++] = i++;
    if (i === text.length) break;
    offsets[n++] = i;
    const escape = escapeAt(text, i);
    if (escape) {
      parts.push(text.slice(copiedUntil, i), String.fromCharCode(escape[0]));
      i += escape[1];
      copiedUntil = i;
      continue;
    }
    const c = text.charCodeAt(i);
    i++;
    if (c === BACKSLASH && text.charCodeAt(i) === BACKSLASH) {
      // `\\`: both backslashes are text, and what follows them is not an escape.
      offsets[n++] = i;
      i++;
    }
  }
  parts.push(text.slice(copiedUntil));
  offsets[n] = text.length;
  return { text: parts.join('').replace(LONE_SURROGATE, '\uFFFD'), offsets: offsets.subarray(0, n + 1) };
}
