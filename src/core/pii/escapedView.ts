// What a reader sees of a JSON-encoded log line: Go's encoder writes `&`, `<`, `>` as \u0026, \u003c, \u003e (every
// container log runtime uses it), PHP's writes `/` as \/, and any encoder may write any character as \uXXXX. A value
// holding one (`postgres://app:p\u0026ss@db…`, `https:\/\/user:pw@…`) is cut in two by the escape, so the detector
// reads the text with those escapes decoded and maps what it finds back onto the source.

export interface EscapedView {
  /** The text with every \uXXXX and \/ decoded (an escaped backslash `\\` is left as it is). */
  text: string;
  /** offsets[k]: where view code unit k starts in the source; offsets[text.length] = the source's length. */
  offsets: Uint32Array;
}

const hexValue = (c: number) => (c >= 48 && c <= 57 ? c - 48 : (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : -1);

/** Whether `text` holds an escape the view would decode (cheap: most text has no backslash at all). */
export function hasEscapes(text: string): boolean {
  for (let i = text.indexOf('\\'); i !== -1; i = text.indexOf('\\', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 47 || (next === 117 && escapeAt(text, i) >= 0)) return true;
    if (next === 92) i++;
  }
  return false;
}

/** The code unit \uXXXX at `i` stands for, or -1. */
function escapeAt(text: string, i: number): number {
  let value = 0;
  for (let k = i + 2; k < i + 6; k++) {
    const h = hexValue(text.charCodeAt(k));
    if (h < 0) return -1;
    value = value * 16 + h;
  }
  return value;
}

export function escapedView(text: string): EscapedView {
  const units = new Uint16Array(text.length);
  let n = 0;
  const offsets = new Uint32Array(text.length + 1);
  let i = 0;
  while (i < text.length) {
    offsets[n] = i;
    const c = text.charCodeAt(i);
    if (c === 92) {
      const next = text.charCodeAt(i + 1);
      const escaped = next === 117 ? escapeAt(text, i) : -1;
      if (escaped >= 0) {
        units[n++] = escaped;
        i += 6;
        continue;
      }
      if (next === 47) {
        units[n++] = 47;
        i += 2;
        continue;
      }
      if (next === 92) {
        // `\\`: a backslash, and what follows it is text, not an escape.
        units[n++] = 92;
        offsets[n] = i + 1;
        units[n++] = 92;
        i += 2;
        continue;
      }
    }
    units[n++] = c;
    i++;
  }
  offsets[n] = text.length;
  return { text: new TextDecoder('utf-16le').decode(units.subarray(0, n)), offsets: offsets.subarray(0, n + 1) };
}
