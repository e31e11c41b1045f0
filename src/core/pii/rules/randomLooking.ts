// Whether a value found under a generic name (token, a …_key, a cookie) is random enough to be a credential: long,
// of two character classes or more, with the entropy of generated text — not a word, a path, a dotted name or a
// number in hex.

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** Whether a value under a generic name (token, key) is random enough to be a credential. */
export function looksRandom(value: string): boolean {
  if (value.length < 16) return false;
  if (/^0x[0-9a-f]+$/i.test(value)) return false; // a number in hex (a ZooKeeper session id), not a credential
  // Dotted names (com.apple.xpc.activity) and paths are identifiers, not credentials.
  // A dotted token (dp.st.prd.<random>, <id>.atlasv1.<random>) has a long random part: letters and digits, in any
  // case (an upper-casing logger writes AKIAXXXX.ABCDEFGHIJKLMNOP.QRSTUVWXYZ123456).
  const dottedName = /^[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*){2,}/.test(value) && !value.split('.').some((part) => /^[\w-]{16,}$/.test(part) && /\d/.test(part) && /[A-Za-z]/.test(part));
  if (dottedName || value.endsWith(':') || /^\.{0,2}\//.test(value)) return false;
  const classes = Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/\d/.test(value));
  return classes >= 2 && entropy(value) >= 3;
}

