// A detection rule: scans the whole text once and reports candidate spans; the detector resolves overlaps.
import type { PiiType } from '../types';

/**
 * How far a private key's footer is looked for (a PEM block of a 16384-bit RSA key is ~13 KB). Other values have no
 * length limit: a value is reported whole however long, and the stream scanner continues it across its windows.
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

/** U+FFFD: what a byte that is not valid UTF-8 decodes to. */
export const REPLACEMENT = 0xfffd;

/**
 * Where a value that starts at `at` ends. A run of U+FFFD (an undecodable byte) between two value characters is part
 * of the value: `exa\uFFFDmple.com` is one host name, not `exa` and `mple.com`.
 */
export function valueEnd(text: string, at: number, isValueChar: (c: number) => boolean): number {
  let end = at;
  for (;;) {
    while (end < text.length && isValueChar(text.charCodeAt(end))) end++;
    let next = end;
    while (next < text.length && text.charCodeAt(next) === REPLACEMENT) next++;
    if (next === end || end === at || next === text.length || !isValueChar(text.charCodeAt(next))) return end;
    end = next;
  }
}

/** Where a value that ends at `at` starts, read backwards, with U+FFFD between value characters as in valueEnd. */
export function valueStart(text: string, at: number, isValueChar: (c: number) => boolean): number {
  let start = at;
  for (;;) {
    while (start > 0 && isValueChar(text.charCodeAt(start - 1))) start--;
    let next = start;
    while (next > 0 && text.charCodeAt(next - 1) === REPLACEMENT) next--;
    if (next === start || start === at || next === 0 || !isValueChar(text.charCodeAt(next - 1))) return start;
    start = next;
  }
}

/**
 * Where a value that ends at a delimiter of its address (an e-mail's '@', a host name's dot) starts: as valueStart,
 * and U+FFFD right before the delimiter, after a value character, is part of it (`jane\uFFFD@…` is one address).
 */
export function valueStartBefore(text: string, at: number, isValueChar: (c: number) => boolean): number {
  let end = at;
  while (end > 0 && text.charCodeAt(end - 1) === REPLACEMENT) end--;
  return valueStart(text, end > 0 && isValueChar(text.charCodeAt(end - 1)) ? end : at, isValueChar);
}

/** Where a value that starts after a delimiter of its address ends: as valueEnd, over U+FFFD right after the delimiter. */
export function valueEndAfter(text: string, at: number, isValueChar: (c: number) => boolean): number {
  let start = at;
  while (start < text.length && text.charCodeAt(start) === REPLACEMENT) start++;
  return valueEnd(text, isValueChar(text.charCodeAt(start)) ? start : at, isValueChar);
}
