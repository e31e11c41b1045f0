// A detection rule: scans the whole text once and reports candidate spans; the detector resolves overlaps.
import type { PiiType } from '../types';

/**
 * The longest span a rule may report (a PEM block of a 16384-bit RSA key is ~13 KB): the stream scanner re-scans more
 * than this across window boundaries, so no value is ever cut in two.
 */
export const MAX_SPAN = 15 * 1024;

export type Emit = (type: PiiType, start: number, end: number) => void;

export interface Rule {
  /** The types this rule can report: a rule whose types are all disabled is not run. */
  readonly types: readonly PiiType[];
  scan(text: string, emit: Emit): void;
}

// Character classes as code-unit tests: cheaper than a regex per character in the hot loops.
export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isAlnum = (c: number) => isDigit(c) || isLetter(c);
export const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
/** Letters, digits and _ (what \w means). */
export const isWord = (c: number) => isAlnum(c) || c === 95;
export const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

/** Runs a global regex over the text and hands each match to `onMatch`. */
export function eachMatch(regex: RegExp, text: string, onMatch: (match: RegExpExecArray) => void): void {
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    onMatch(m);
    if (m[0].length === 0) regex.lastIndex++;
  }
}
