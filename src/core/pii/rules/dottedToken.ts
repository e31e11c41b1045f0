// Tokens written as three dotted parts — a JWS's header.payload.signature shape (signed cookies, reset links) — found
// without a key: three long parts, at least two of them random-looking. Upper-case ones count as their mixed-case
// siblings do: a logger that upper-cases its line writes them so. Dotted words (Java packages, host names,
// ERROR.CODE.X) have short parts, more than three of them, or parts that read as words. Read in the dotted pass.
import type { Emit } from './rule';
import { isWord } from './rule';

const MIN_PART = 12;
const isTokenChar = (c: number) => isWord(c) || c === 45;

/** A part that looks random: letters and digits mixed, or a run of six consonants that no word has. */
export const looksRandomPart = (part: string) => (/\d/.test(part) && /[a-z]/i.test(part)) || /[bcdfghjklmnpqrstvwxz]{6}/i.test(part);

/**
 * The token whose last two parts the dotted pass matched at `m` (".part.part", each of 12 or more characters, and no
 * further part), when its first part is as long, not itself after a dot, and two of the three parts look random.
 * A JWT (its first part starts with eyJ, in any case) is left to its own rule.
 */
export function dottedToken(text: string, m: RegExpExecArray, emit: Emit): void {
  let start = m.index;
  while (start > 0 && isTokenChar(text.charCodeAt(start - 1))) start--;
  if (m.index - start < MIN_PART || text.charCodeAt(start - 1) === 46) return;
  const end = m.index + m[0].length;
  const parts = text.slice(start, end).split('.');
  if (/^eyj/i.test(parts[0] as string) || parts.filter(looksRandomPart).length < 2) return;
  emit('Secret', start, end);
}
