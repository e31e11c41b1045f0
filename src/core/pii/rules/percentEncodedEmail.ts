// E-mail addresses percent-encoded in URLs and form bodies (`?email=jane.doe%40example.org`): access logs carry them
// on every line, and a reader decodes them at a glance. Found from each `%40` like emailRule finds them from '@', with
// `%2E` read as a dot in the domain.
import type { Rule } from './rule';
import { isAlnum, isLetter } from './rule';

const ENCODED_AT = '%40';
const isLocalChar = (c: number) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45; // . _ % + -
const isEncodedDot = (text: string, i: number) => text.charCodeAt(i) === 37 && text.charCodeAt(i + 1) === 50 && (text.charCodeAt(i + 2) | 32) === 101; // %2E

export const percentEncodedEmailRule: Rule = {
  types: ['Email'],
  scan(text, emit) {
    // The local part is searched back no further than the previous %40, so a run of them stays linear.
    let floor = 0;
    for (let at = text.indexOf(ENCODED_AT); at !== -1; at = text.indexOf(ENCODED_AT, at + 3)) {
      let start = at;
      while (start > floor && isLocalChar(text.charCodeAt(start - 1))) start--;
      floor = at + 3;
      // A local part does not start with '.' or a bare '%'.
      while (start < at && (text.charCodeAt(start) === 46 || text.charCodeAt(start) === 37)) start++;
      if (start === at) continue;
      const end = domainEnd(text, at + 3);
      if (end > 0) emit('Email', start, end);
    }
  },
};

/** The end of a dotted domain with a letter TLD starting at `from` (dots plain or `%2E`), or -1. */
function domainEnd(text: string, from: number): number {
  let i = from;
  let labelStart = from;
  let lastLabel: [number, number] | undefined;
  let labels = 0;
  for (;;) {
    while (i < text.length && (isAlnum(text.charCodeAt(i)) || text.charCodeAt(i) === 45)) i++;
    if (i === labelStart) break;
    lastLabel = [labelStart, i];
    labels++;
    if (text.charCodeAt(i) === 46 && isAlnum(text.charCodeAt(i + 1))) i += 1;
    else if (isEncodedDot(text, i) && isAlnum(text.charCodeAt(i + 3))) i += 3;
    else break;
    labelStart = i;
  }
  if (!lastLabel || labels < 2) return -1;
  const [tldStart, tldEnd] = lastLabel;
  if (tldEnd - tldStart < 2 || tldEnd - tldStart > 24) return -1;
  for (let k = tldStart; k < tldEnd; k++) if (!isLetter(text.charCodeAt(k))) return -1;
  return tldEnd;
}
